package io.nvmebridge.spec;

import java.lang.foreign.MemorySegment;

/**
 * The 16-byte NVMe completion queue entry (NVMe 1.4 figure 121), little-endian.
 *
 * <pre>
 *  bytes 0-3    DW0     command specific result
 *  bytes 4-7    DW1     command specific result (reserved for most)
 *  bytes 8-9    SQHD    submission queue head pointer
 *  bytes 10-11  SQID    submission queue identifier
 *  bytes 12-13  CID     command identifier
 *  bytes 14-15  P + SF  bit 0 phase tag, bits 15:1 status field ({@link Status})
 * </pre>
 *
 * The phase tag and status share one 16-bit word: a consumer reads that word (with acquire order when the
 * queue is shared with another thread) before any other field, because a device writes it last.
 */
public final class CompletionEntry {
    public static final int SIZE = 16;
    /** log2(SIZE), the value of CC.IOCQES and Identify CQES. */
    public static final int SIZE_LOG2 = 4;

    public static final int DW0 = 0;
    public static final int DW1 = 4;
    public static final int SQHD = 8;
    public static final int SQID = 10;
    public static final int CID = 12;
    public static final int STATUS = 14;

    private CompletionEntry() {
    }

    public static int dw0(MemorySegment s, long at) {
        return s.get(SubmissionEntry.U32, at + DW0);
    }

    public static int dw1(MemorySegment s, long at) {
        return s.get(SubmissionEntry.U32, at + DW1);
    }

    public static int sqhd(MemorySegment s, long at) {
        return s.get(SubmissionEntry.U16, at + SQHD) & 0xFFFF;
    }

    public static int sqid(MemorySegment s, long at) {
        return s.get(SubmissionEntry.U16, at + SQID) & 0xFFFF;
    }

    public static int cid(MemorySegment s, long at) {
        return s.get(SubmissionEntry.U16, at + CID) & 0xFFFF;
    }

    /** The raw 16-bit word: phase tag in bit 0, status field in bits 15:1. */
    public static int statusWord(MemorySegment s, long at) {
        return s.get(SubmissionEntry.U16, at + STATUS) & 0xFFFF;
    }

    public static int phase(int statusWord) {
        return statusWord & 1;
    }

    /** The status field (bits 15:1 shifted down), as {@link Status} encodes it. */
    public static int status(int statusWord) {
        return statusWord >>> 1;
    }

    /**
     * Writes a whole entry. DW0..CID first, then the status word with the phase tag, so that a consumer
     * that polls the phase tag never sees a new phase with old contents (the caller orders the final store
     * with a release fence when the queue is shared).
     */
    public static void write(MemorySegment s, long at, int dw0, int dw1, int sqhd, int sqid, int cid, int status, int phase) {
        s.set(SubmissionEntry.U32, at + DW0, dw0);
        s.set(SubmissionEntry.U32, at + DW1, dw1);
        s.set(SubmissionEntry.U16, at + SQHD, (short) sqhd);
        s.set(SubmissionEntry.U16, at + SQID, (short) sqid);
        s.set(SubmissionEntry.U16, at + CID, (short) cid);
        s.set(SubmissionEntry.U16, at + STATUS, (short) ((status << 1) | (phase & 1)));
    }
}
