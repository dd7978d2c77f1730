package io.nvmebridge.bridge.abi;

import java.lang.foreign.MemorySegment;

/**
 * Linux's {@code struct nvme_uring_cmd} (72 bytes), the NVMe passthrough command carried in the command
 * area of a 128-byte SQE ({@link IoUringSqe#CMD}) with {@code cmd_op = NVME_URING_CMD_IO} ({@code addr} and
 * {@code data_len} name the data) or {@code NVME_URING_CMD_IO_VEC} ({@code addr} names an array of
 * {@code data_len} struct iovec whose concatenation is the data).
 *
 * <pre>
 *  0  opcode u8   1 flags u8 (must be 0)   2 rsvd1 u16   4 nsid u32
 *  8  cdw2 u32    12 cdw3 u32
 *  16 metadata u64   24 addr u64
 *  32 metadata_len u32   36 data_len u32
 *  40 cdw10 44 cdw11 48 cdw12 52 cdw13 56 cdw14 60 cdw15 (u32 each)
 *  64 timeout_ms u32   68 rsvd2 u32
 * </pre>
 *
 * The command id and the data pointers (PRPs) are the bridge's to build, as the kernel builds them.
 */
public final class NvmeUringCmd {
    public static final int SIZE = 72;
    public static final int OPCODE = 0;
    public static final int FLAGS = 1;
    public static final int RSVD1 = 2;
    public static final int NSID = 4;
    public static final int CDW2 = 8;
    public static final int CDW3 = 12;
    public static final int METADATA = 16;
    public static final int ADDR = 24;
    public static final int METADATA_LEN = 32;
    public static final int DATA_LEN = 36;
    public static final int CDW10 = 40;
    public static final int CDW11 = 44;
    public static final int CDW12 = 48;
    public static final int CDW13 = 52;
    public static final int CDW14 = 56;
    public static final int CDW15 = 60;
    public static final int TIMEOUT_MS = 64;
    public static final int RSVD2 = 68;

    /** {@code _IOWR('N', 0x80, struct nvme_uring_cmd)}. */
    public static final int NVME_URING_CMD_IO = 0xc0484e80;
    /** {@code _IOWR('N', 0x81, struct nvme_uring_cmd)}: addr points at an iovec array. */
    public static final int NVME_URING_CMD_IO_VEC = 0xc0484e81;
    /** {@code _IOWR('N', 0x82, struct nvme_uring_cmd)}: admin passthrough (the bridge answers -EINVAL). */
    public static final int NVME_URING_CMD_ADMIN = 0xc0484e82;

    private NvmeUringCmd() {
    }

    public static int u8(MemorySegment s, long at, int field) {
        return s.get(Le.U8, at + field) & 0xFF;
    }

    public static int u32(MemorySegment s, long at, int field) {
        return s.get(Le.U32, at + field);
    }

    public static long u64(MemorySegment s, long at, int field) {
        return s.get(Le.U64, at + field);
    }

    public static void setU8(MemorySegment s, long at, int field, int v) {
        s.set(Le.U8, at + field, (byte) v);
    }

    public static void setU32(MemorySegment s, long at, int field, int v) {
        s.set(Le.U32, at + field, v);
    }

    public static void setU64(MemorySegment s, long at, int field, long v) {
        s.set(Le.U64, at + field, v);
    }
}
