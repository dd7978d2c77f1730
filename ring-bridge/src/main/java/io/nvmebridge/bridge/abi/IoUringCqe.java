package io.nvmebridge.bridge.abi;

import java.lang.foreign.MemorySegment;

/**
 * Linux's {@code struct io_uring_cqe}: 16 bytes, or 32 with {@link IoUring#SETUP_CQE32}.
 *
 * <pre>
 *  0   user_data  u64   the SQE's user_data, untouched
 *  8   res        s32   bytes transferred / 0, or -errno; for NVMe passthrough the NVMe status (&gt; 0)
 *  12  flags      u32   IORING_CQE_F_*
 *  16  big_cqe[0] u64   CQE32 only: the NVMe command's 64-bit result (passthrough)
 *  24  big_cqe[1] u64   CQE32 only
 * </pre>
 *
 * <p>64-bit results. Linux's way, implemented here, is {@code IORING_SETUP_CQE32}: every CQE doubles to 32
 * bytes and passthrough completions carry the NVMe result in {@code big_cqe[0]}. Redox OS's io_uring NVMe
 * driver instead keeps 16-byte CQEs and posts two consecutive ones for a 64-bit result (the second
 * carrying the upper half in place of {@code res}/{@code flags}), so that only the commands that need the
 * extra bytes pay for them; a consumer then must know which completions come in pairs. CQE32 keeps every
 * completion self-contained, which is what liburing clients expect.
 */
public final class IoUringCqe {
    public static final int SIZE = 16;
    public static final int SIZE_32 = 32;

    public static final int USER_DATA = 0;
    public static final int RES = 8;
    public static final int FLAGS = 12;
    public static final int BIG_CQE = 16;

    private IoUringCqe() {
    }

    public static long userData(MemorySegment s, long at) {
        return s.get(Le.U64, at + USER_DATA);
    }

    public static int res(MemorySegment s, long at) {
        return s.get(Le.U32, at + RES);
    }

    public static int flags(MemorySegment s, long at) {
        return s.get(Le.U32, at + FLAGS);
    }

    public static long bigCqe(MemorySegment s, long at, int index) {
        return s.get(Le.U64, at + BIG_CQE + 8L * index);
    }

    /** Quadword 1: res (bits 31:0) and flags (63:32) in one load; decoded by {@link #resOf}, {@link #flagsOf}. */
    public static long resWord(MemorySegment s, long at) {
        return s.get(Le.U64, at + RES);
    }

    public static int resOf(long resWord) {
        return (int) resWord;
    }

    public static int flagsOf(long resWord) {
        return (int) (resWord >>> 32);
    }

    /** Writes the 16-byte CQE as two quadword stores. */
    public static void set(MemorySegment s, long at, long userData, int res, int flags) {
        s.set(Le.U64, at + USER_DATA, userData);
        s.set(Le.U64, at + RES, res & 0xFFFF_FFFFL | (long) flags << 32);
    }

    public static void setBig(MemorySegment s, long at, long big0, long big1) {
        s.set(Le.U64, at + BIG_CQE, big0);
        s.set(Le.U64, at + BIG_CQE + 8, big1);
    }
}
