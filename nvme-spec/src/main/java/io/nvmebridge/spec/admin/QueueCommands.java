package io.nvmebridge.spec.admin;

/**
 * Fields of Create I/O Completion/Submission Queue (NVMe 1.4 sections 5.3, 5.4), Delete I/O Queue,
 * Abort, Asynchronous Event Request and Doorbell Buffer Config command dwords.
 *
 * <pre>
 * Create I/O CQ: PRP1 base; CDW10 QID 15:0, QSIZE 31:16 (zero-based);
 *                CDW11 PC bit 0, IEN bit 1, IV 31:16
 * Create I/O SQ: PRP1 base; CDW10 QID 15:0, QSIZE 31:16 (zero-based);
 *                CDW11 PC bit 0, QPRIO 2:1, CQID 31:16; CDW12 NVMSETID 15:0
 * Delete I/O SQ/CQ: CDW10 QID 15:0
 * Abort:         CDW10 SQID 15:0, CID 31:16; DW0 bit 0 = 1: command not aborted
 * Doorbell Buffer Config: PRP1 shadow doorbell page, PRP2 EventIdx page (both page aligned)
 * </pre>
 */
public final class QueueCommands {
    public static final int CDW11_PC = 1;
    public static final int CDW11_IEN = 1 << 1;

    private QueueCommands() {
    }

    public static int qid(int cdw10) {
        return cdw10 & 0xFFFF;
    }

    /** Queue entries (one-based) from a create command's CDW10. */
    public static int entries(int cdw10) {
        return (cdw10 >>> 16) + 1;
    }

    public static int createCdw10(int qid, int entries) {
        return (qid & 0xFFFF) | ((entries - 1) & 0xFFFF) << 16;
    }

    public static int createCqCdw11(boolean interruptsEnabled, int vector) {
        return CDW11_PC | (interruptsEnabled ? CDW11_IEN : 0) | (vector & 0xFFFF) << 16;
    }

    public static int createSqCdw11(int cqid, int priority) {
        return CDW11_PC | (priority & 3) << 1 | (cqid & 0xFFFF) << 16;
    }

    /** CQID from a Create I/O SQ CDW11. */
    public static int cqid(int cdw11) {
        return cdw11 >>> 16;
    }

    /** Interrupt vector from a Create I/O CQ CDW11. */
    public static int vector(int cdw11) {
        return cdw11 >>> 16;
    }

    public static int abortCdw10(int sqid, int cid) {
        return (sqid & 0xFFFF) | (cid & 0xFFFF) << 16;
    }
}
