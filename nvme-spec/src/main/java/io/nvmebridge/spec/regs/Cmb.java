package io.nvmebridge.spec.regs;

/** Fields of CMBLOC (0x38) and CMBSZ (0x3C), Controller Memory Buffer location and size. */
public final class Cmb {
    /** CMBLOC: BAR indicator register. */
    public static final RegisterField BIR = new RegisterField("CMBLOC.BIR", 0, 3);
    /** CMBLOC: offset in SZU units. */
    public static final RegisterField OFST = new RegisterField("CMBLOC.OFST", 12, 20);
    /** CMBSZ: submission queue support. */
    public static final RegisterField SQS = new RegisterField("CMBSZ.SQS", 0, 1);
    /** CMBSZ: completion queue support. */
    public static final RegisterField CQS = new RegisterField("CMBSZ.CQS", 1, 1);
    /** CMBSZ: PRP list support. */
    public static final RegisterField LISTS = new RegisterField("CMBSZ.LISTS", 2, 1);
    /** CMBSZ: read data support. */
    public static final RegisterField RDS = new RegisterField("CMBSZ.RDS", 3, 1);
    /** CMBSZ: write data support. */
    public static final RegisterField WDS = new RegisterField("CMBSZ.WDS", 4, 1);
    /** CMBSZ: size units (0 = 4 KiB, 1 = 64 KiB, ...). */
    public static final RegisterField SZU = new RegisterField("CMBSZ.SZU", 8, 4);
    /** CMBSZ: size in SZU units; 0 = no controller memory buffer. */
    public static final RegisterField SZ = new RegisterField("CMBSZ.SZ", 12, 20);

    private Cmb() {
    }
}
