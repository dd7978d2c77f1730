package io.nvmebridge.bridge.abi;

import java.lang.foreign.MemorySegment;

/**
 * Linux's {@code struct io_uring_sqe}: 64 bytes, or 128 with {@link IoUring#SETUP_SQE128}.
 *
 * <pre>
 *  0       opcode      u8    IORING_OP_*
 *  1       flags       u8    IOSQE_*
 *  2       ioprio      u16
 *  4       fd          s32   here: the NVMe namespace id
 *  8       off         u64   byte offset in the namespace  | addr2 | { cmd_op u32 @8, __pad1 u32 @12 }
 *  16      addr        u64   buffer / iovec array address  (shared-memory mode: offset in the data area)
 *  24      len         u32   bytes, or number of iovecs
 *  28      rw_flags    u32   | fsync_flags | uring_cmd_flags
 *  32      user_data   u64   handed back untouched in the CQE
 *  40      buf_index   u16   | buf_group
 *  42      personality u16
 *  44      splice_fd_in s32  | file_index
 *  48      addr3       u64
 *  56      __pad2      u64
 *  48..127 cmd[80]           SQE128 only: e.g. struct nvme_uring_cmd (72 bytes) at 48
 * </pre>
 *
 * Accessors take the ring's SQE array segment and the entry's byte offset in it.
 */
public final class IoUringSqe {
    public static final int SIZE = 64;
    public static final int SIZE_128 = 128;

    public static final int OPCODE = 0;
    public static final int FLAGS = 1;
    public static final int IOPRIO = 2;
    public static final int FD = 4;
    public static final int OFF = 8;
    public static final int ADDR2 = 8;
    public static final int CMD_OP = 8;
    public static final int PAD1 = 12;
    public static final int ADDR = 16;
    public static final int LEN = 24;
    public static final int RW_FLAGS = 28;
    public static final int FSYNC_FLAGS = 28;
    public static final int URING_CMD_FLAGS = 28;
    public static final int USER_DATA = 32;
    public static final int BUF_INDEX = 40;
    public static final int BUF_GROUP = 40;
    public static final int PERSONALITY = 42;
    public static final int SPLICE_FD_IN = 44;
    public static final int FILE_INDEX = 44;
    public static final int ADDR3 = 48;
    public static final int PAD2 = 56;
    /** The 80-byte command area of a 128-byte SQE. */
    public static final int CMD = 48;
    public static final int CMD_SIZE = 80;

    private IoUringSqe() {
    }

    public static int opcode(MemorySegment s, long at) {
        return s.get(Le.U8, at + OPCODE) & 0xFF;
    }

    public static int flags(MemorySegment s, long at) {
        return s.get(Le.U8, at + FLAGS) & 0xFF;
    }

    public static int ioprio(MemorySegment s, long at) {
        return s.get(Le.U16, at + IOPRIO) & 0xFFFF;
    }

    public static int fd(MemorySegment s, long at) {
        return s.get(Le.U32, at + FD);
    }

    public static long off(MemorySegment s, long at) {
        return s.get(Le.U64, at + OFF);
    }

    public static int cmdOp(MemorySegment s, long at) {
        return s.get(Le.U32, at + CMD_OP);
    }

    public static long addr(MemorySegment s, long at) {
        return s.get(Le.U64, at + ADDR);
    }

    /** {@code len} as an unsigned 32-bit value. */
    public static long len(MemorySegment s, long at) {
        return s.get(Le.U32, at + LEN) & 0xFFFF_FFFFL;
    }

    public static int rwFlags(MemorySegment s, long at) {
        return s.get(Le.U32, at + RW_FLAGS);
    }

    public static long userData(MemorySegment s, long at) {
        return s.get(Le.U64, at + USER_DATA);
    }

    public static int bufIndex(MemorySegment s, long at) {
        return s.get(Le.U16, at + BUF_INDEX) & 0xFFFF;
    }

    public static int personality(MemorySegment s, long at) {
        return s.get(Le.U16, at + PERSONALITY) & 0xFFFF;
    }

    public static int spliceFdIn(MemorySegment s, long at) {
        return s.get(Le.U32, at + SPLICE_FD_IN);
    }

    public static long addr3(MemorySegment s, long at) {
        return s.get(Le.U64, at + ADDR3);
    }

    // ---- quadword reads: the hot path loads a quadword once and decodes its fields with the *Of helpers below;
    // ---- one bounds-checked segment access instead of one per field (each costs about a nanosecond)

    /** Quadword 0: opcode (bits 7:0), flags (15:8), ioprio (31:16), fd (63:32). */
    public static long word0(MemorySegment s, long at) {
        return s.get(Le.U64, at + OPCODE);
    }

    /** Quadword 3: len (bits 31:0), rw_flags (63:32). */
    public static long lenWord(MemorySegment s, long at) {
        return s.get(Le.U64, at + LEN);
    }

    /** Quadword 5: buf_index (bits 15:0), personality (31:16), splice_fd_in (63:32). */
    public static long bufWord(MemorySegment s, long at) {
        return s.get(Le.U64, at + BUF_INDEX);
    }

    public static int opcodeOf(long word0) {
        return (int) word0 & 0xFF;
    }

    public static int flagsOf(long word0) {
        return (int) (word0 >>> 8) & 0xFF;
    }

    public static int fdOf(long word0) {
        return (int) (word0 >>> 32);
    }

    /** {@code len} as an unsigned 32-bit value. */
    public static long lenOf(long lenWord) {
        return lenWord & 0xFFFF_FFFFL;
    }

    public static int rwFlagsOf(long lenWord) {
        return (int) (lenWord >>> 32);
    }

    public static int bufIndexOf(long bufWord) {
        return (int) bufWord & 0xFFFF;
    }

    public static int personalityOf(long bufWord) {
        return (int) (bufWord >>> 16) & 0xFFFF;
    }

    public static int spliceFdInOf(long bufWord) {
        return (int) (bufWord >>> 32);
    }

    /**
     * Writes a whole 64-byte SQE (the first 64 bytes of a 128-byte one; the command area is left alone
     * except for addr3/__pad2, which are zeroed), as liburing's {@code io_uring_prep_rw} does.
     */
    public static void prepRw(MemorySegment s, long at, int opcode, int flags, int fd, long addr, long len,
                              long off, int rwFlags, int bufIndex, long userData) {
        // the 64 bytes as 8 little-endian quadwords (fields packed per the offsets above): 8 stores, not 14
        s.set(Le.U64, at + OPCODE, (opcode & 0xFF) | (flags & 0xFF) << 8 | (long) fd << 32); // ioprio 0
        s.set(Le.U64, at + OFF, off);
        s.set(Le.U64, at + ADDR, addr);
        s.set(Le.U64, at + LEN, len & 0xFFFF_FFFFL | (long) rwFlags << 32);
        s.set(Le.U64, at + USER_DATA, userData);
        s.set(Le.U64, at + BUF_INDEX, bufIndex & 0xFFFF); // personality 0, splice_fd_in 0
        s.set(Le.U64, at + ADDR3, 0L);
        s.set(Le.U64, at + PAD2, 0L);
    }

    public static void setFlags(MemorySegment s, long at, int flags) {
        s.set(Le.U8, at + FLAGS, (byte) flags);
    }

    public static void setCmdOp(MemorySegment s, long at, int cmdOp) {
        s.set(Le.U32, at + CMD_OP, cmdOp);
        s.set(Le.U32, at + PAD1, 0);
    }
}
