package io.nvmebridge.spec.regs;

/** Fields of CAP, Controller Capabilities (64 bit, offset 0x00; NVMe 1.4 figure 69). */
public final class Cap {
    /** Maximum Queue Entries Supported, zero-based. */
    public static final RegisterField MQES = new RegisterField("CAP.MQES", 0, 16);
    /** Contiguous Queues Required. */
    public static final RegisterField CQR = new RegisterField("CAP.CQR", 16, 1);
    /** Arbitration Mechanism Supported (bit 0 weighted round robin, bit 1 vendor specific). */
    public static final RegisterField AMS = new RegisterField("CAP.AMS", 17, 2);
    /** Timeout: worst case time to RDY change, in 500 ms units. */
    public static final RegisterField TO = new RegisterField("CAP.TO", 24, 8);
    /** Doorbell Stride: doorbells are 4 &lt;&lt; DSTRD bytes apart. */
    public static final RegisterField DSTRD = new RegisterField("CAP.DSTRD", 32, 4);
    /** NVM Subsystem Reset Supported. */
    public static final RegisterField NSSRS = new RegisterField("CAP.NSSRS", 36, 1);
    /** Command Sets Supported (bit 0: NVM command set, bit 7: no I/O command set). */
    public static final RegisterField CSS = new RegisterField("CAP.CSS", 37, 8);
    /** Boot Partition Support. */
    public static final RegisterField BPS = new RegisterField("CAP.BPS", 45, 1);
    /** Memory Page Size Minimum: 2^(12 + MPSMIN). */
    public static final RegisterField MPSMIN = new RegisterField("CAP.MPSMIN", 48, 4);
    /** Memory Page Size Maximum: 2^(12 + MPSMAX). */
    public static final RegisterField MPSMAX = new RegisterField("CAP.MPSMAX", 52, 4);
    /** Persistent Memory Region Supported. */
    public static final RegisterField PMRS = new RegisterField("CAP.PMRS", 56, 1);
    /** Controller Memory Buffer Supported. */
    public static final RegisterField CMBS = new RegisterField("CAP.CMBS", 57, 1);

    /** CAP.CSS bit: NVM command set. */
    public static final int CSS_NVM = 1;

    private Cap() {
    }

    /** CAP.TO in milliseconds. */
    public static long timeoutMillis(long cap) {
        return TO.get(cap) * 500;
    }

    public static String describe(long cap) {
        return "CAP=0x%016x (MQES=%d CQR=%d DSTRD=%d TO=%d CSS=0x%x MPSMIN=%d MPSMAX=%d)".formatted(cap,
                MQES.get(cap), CQR.get(cap), DSTRD.get(cap), TO.get(cap), CSS.get(cap), MPSMIN.get(cap), MPSMAX.get(cap));
    }
}
