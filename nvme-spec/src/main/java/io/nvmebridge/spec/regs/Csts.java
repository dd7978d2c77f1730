package io.nvmebridge.spec.regs;

/** Fields of CSTS, Controller Status (32 bit, offset 0x1C; NVMe 1.4 figure 79). */
public final class Csts {
    public static final RegisterField RDY = new RegisterField("CSTS.RDY", 0, 1);
    /** Controller Fatal Status. */
    public static final RegisterField CFS = new RegisterField("CSTS.CFS", 1, 1);
    /** Shutdown Status: 0 normal operation, 1 occurring, 2 complete. */
    public static final RegisterField SHST = new RegisterField("CSTS.SHST", 2, 2);
    /** NVM Subsystem Reset Occurred (RW1C). */
    public static final RegisterField NSSRO = new RegisterField("CSTS.NSSRO", 4, 1);
    /** Processing Paused. */
    public static final RegisterField PP = new RegisterField("CSTS.PP", 5, 1);

    public static final int SHST_NORMAL = 0;
    public static final int SHST_OCCURRING = 1;
    public static final int SHST_COMPLETE = 2;

    private Csts() {
    }

    public static String describe(int csts) {
        return "CSTS=0x%08x (RDY=%d CFS=%d SHST=%d NSSRO=%d PP=%d)".formatted(csts,
                RDY.get(csts), CFS.get(csts), SHST.get(csts), NSSRO.get(csts), PP.get(csts));
    }
}
