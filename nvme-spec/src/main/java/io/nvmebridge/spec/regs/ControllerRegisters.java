package io.nvmebridge.spec.regs;

/**
 * Offsets of the NVMe controller registers in BAR0 (NVMe base specification 1.4, section 3.1).
 *
 * <pre>
 *  0x00 CAP     64  Controller Capabilities         (RO)
 *  0x08 VS      32  Version                         (RO)
 *  0x0C INTMS   32  Interrupt Mask Set              (RW1S)
 *  0x10 INTMC   32  Interrupt Mask Clear            (RW1C)
 *  0x14 CC      32  Controller Configuration        (RW)
 *  0x18 -       32  reserved
 *  0x1C CSTS    32  Controller Status               (RO, NSSRO RW1C)
 *  0x20 NSSR    32  NVM Subsystem Reset             (RW)
 *  0x24 AQA     32  Admin Queue Attributes          (RW)
 *  0x28 ASQ     64  Admin Submission Queue Base     (RW)
 *  0x30 ACQ     64  Admin Completion Queue Base     (RW)
 *  0x38 CMBLOC  32  Controller Memory Buffer Location (RO)
 *  0x3C CMBSZ   32  Controller Memory Buffer Size   (RO)
 *  0x1000       doorbells: SQ y tail at 0x1000 + (2y) * (4 &lt;&lt; CAP.DSTRD),
 *                          CQ y head at 0x1000 + (2y + 1) * (4 &lt;&lt; CAP.DSTRD)
 * </pre>
 */
public final class ControllerRegisters {
    public static final int CAP = 0x00;
    public static final int VS = 0x08;
    public static final int INTMS = 0x0C;
    public static final int INTMC = 0x10;
    public static final int CC = 0x14;
    public static final int CSTS = 0x1C;
    public static final int NSSR = 0x20;
    public static final int AQA = 0x24;
    public static final int ASQ = 0x28;
    public static final int ACQ = 0x30;
    public static final int CMBLOC = 0x38;
    public static final int CMBSZ = 0x3C;
    /** First doorbell register. */
    public static final int DOORBELL_BASE = 0x1000;
    /** The value written to NSSR to start an NVM subsystem reset ("NVMe"). */
    public static final int NSSR_RESET_VALUE = 0x4E564D65;

    private ControllerRegisters() {
    }

    /** BAR0 offset of submission queue {@code qid}'s tail doorbell. */
    public static long sqTailDoorbell(int qid, int dstrd) {
        return DOORBELL_BASE + (2L * qid) * (4L << dstrd);
    }

    /** BAR0 offset of completion queue {@code qid}'s head doorbell. */
    public static long cqHeadDoorbell(int qid, int dstrd) {
        return DOORBELL_BASE + (2L * qid + 1) * (4L << dstrd);
    }

    /** Size of the register file including {@code queuePairs} doorbell pairs (admin included). */
    public static long bar0Size(int queuePairs, int dstrd) {
        return DOORBELL_BASE + 2L * queuePairs * (4L << dstrd);
    }

    /** Name of the register at {@code offset}, for logs. */
    public static String name(long offset) {
        return switch ((int) offset) {
            case CAP -> "CAP";
            case CAP + 4 -> "CAP.hi";
            case VS -> "VS";
            case INTMS -> "INTMS";
            case INTMC -> "INTMC";
            case CC -> "CC";
            case CSTS -> "CSTS";
            case NSSR -> "NSSR";
            case AQA -> "AQA";
            case ASQ -> "ASQ";
            case ASQ + 4 -> "ASQ.hi";
            case ACQ -> "ACQ";
            case ACQ + 4 -> "ACQ.hi";
            case CMBLOC -> "CMBLOC";
            case CMBSZ -> "CMBSZ";
            default -> offset >= DOORBELL_BASE ? "doorbell@0x" + Long.toHexString(offset) : "0x" + Long.toHexString(offset);
        };
    }
}
