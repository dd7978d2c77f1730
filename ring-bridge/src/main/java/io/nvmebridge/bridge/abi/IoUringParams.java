package io.nvmebridge.bridge.abi;

import java.lang.foreign.MemorySegment;

/**
 * Linux's {@code struct io_uring_params} (120 bytes), as io_uring_setup(2) fills it in.
 *
 * <pre>
 *  0  sq_entries u32     4  cq_entries u32     8  flags u32 (IORING_SETUP_*)
 *  12 sq_thread_cpu u32  16 sq_thread_idle u32 (ms)   20 features u32
 *  24 wq_fd u32          28 resv[3] u32
 *  40 sq_off  struct io_sqring_offsets (40 bytes)
 *  80 cq_off  struct io_cqring_offsets (40 bytes)
 * </pre>
 */
public final class IoUringParams {
    public static final int SIZE = 120;
    public static final int SQ_ENTRIES = 0;
    public static final int CQ_ENTRIES = 4;
    public static final int FLAGS = 8;
    public static final int SQ_THREAD_CPU = 12;
    public static final int SQ_THREAD_IDLE = 16;
    public static final int FEATURES = 20;
    public static final int WQ_FD = 24;
    public static final int RESV = 28;
    public static final int SQ_OFF = 40;
    public static final int CQ_OFF = 80;

    private IoUringParams() {
    }

    public static int get(MemorySegment s, long at, int field) {
        return s.get(Le.U32, at + field);
    }

    public static void set(MemorySegment s, long at, int field, int value) {
        s.set(Le.U32, at + field, value);
    }

    public static int sqOff(MemorySegment s, long at, int field) {
        return s.get(Le.U32, at + SQ_OFF + field);
    }

    public static int cqOff(MemorySegment s, long at, int field) {
        return s.get(Le.U32, at + CQ_OFF + field);
    }
}
