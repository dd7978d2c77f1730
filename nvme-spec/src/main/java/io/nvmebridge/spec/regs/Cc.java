package io.nvmebridge.spec.regs;

/** Fields of CC, Controller Configuration (32 bit, offset 0x14; NVMe 1.4 figure 78). */
public final class Cc {
    public static final RegisterField EN = new RegisterField("CC.EN", 0, 1);
    /** I/O Command Set Selected: 0 = NVM command set. */
    public static final RegisterField CSS = new RegisterField("CC.CSS", 4, 3);
    /** Memory Page Size: 2^(12 + MPS). */
    public static final RegisterField MPS = new RegisterField("CC.MPS", 7, 4);
    /** Arbitration Mechanism Selected: 0 = round robin. */
    public static final RegisterField AMS = new RegisterField("CC.AMS", 11, 3);
    /** Shutdown Notification: 0 none, 1 normal, 2 abrupt. */
    public static final RegisterField SHN = new RegisterField("CC.SHN", 14, 2);
    /** I/O Submission Queue Entry Size, log2 bytes. */
    public static final RegisterField IOSQES = new RegisterField("CC.IOSQES", 16, 4);
    /** I/O Completion Queue Entry Size, log2 bytes. */
    public static final RegisterField IOCQES = new RegisterField("CC.IOCQES", 20, 4);

    public static final int CSS_NVM = 0;
    public static final int SHN_NONE = 0;
    public static final int SHN_NORMAL = 1;
    public static final int SHN_ABRUPT = 2;

    private Cc() {
    }

    /** Builds an enabling CC value from named fields (never a magic number). */
    public static int enable(int mpsShift, int sqesLog2, int cqesLog2) {
        long cc = EN.of(1)
                | CSS.of(CSS_NVM)
                | MPS.of(mpsShift)
                | AMS.of(0)
                | SHN.of(SHN_NONE)
                | IOSQES.of(sqesLog2)
                | IOCQES.of(cqesLog2);
        return (int) cc;
    }

    public static String describe(int cc) {
        return "CC=0x%08x (EN=%d CSS=%d MPS=%d AMS=%d SHN=%d IOSQES=%d IOCQES=%d)".formatted(cc,
                EN.get(cc), CSS.get(cc), MPS.get(cc), AMS.get(cc), SHN.get(cc), IOSQES.get(cc), IOCQES.get(cc));
    }
}
