package io.nvmebridge.bridge.abi;

import java.lang.foreign.MemorySegment;

/**
 * Linux's {@code struct io_sqring_offsets} (40 bytes): where each SQ ring field lives, as byte offsets
 * from the start of the SQ ring mapping (here: region).
 *
 * <pre>
 *  0  head  u32     4  tail  u32     8  ring_mask u32   12 ring_entries u32
 *  16 flags u32     20 dropped u32   24 array u32       28 resv1 u32
 *  32 user_addr u64 (resv2 in older headers)
 * </pre>
 */
public final class IoSqringOffsets {
    public static final int SIZE = 40;
    public static final int HEAD = 0;
    public static final int TAIL = 4;
    public static final int RING_MASK = 8;
    public static final int RING_ENTRIES = 12;
    public static final int FLAGS = 16;
    public static final int DROPPED = 20;
    public static final int ARRAY = 24;
    public static final int RESV1 = 28;
    public static final int USER_ADDR = 32;

    private IoSqringOffsets() {
    }

    public static int get(MemorySegment s, long at, int field) {
        return s.get(Le.U32, at + field);
    }

    public static void set(MemorySegment s, long at, int field, int value) {
        s.set(Le.U32, at + field, value);
    }
}
