package io.nvmebridge.spec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The 64-byte NVMe submission queue entry (NVMe 1.4 figure 105), little-endian.
 *
 * <pre>
 *  byte  0      CDW0.OPC   opcode
 *  byte  1      CDW0.FLAGS bits 1:0 FUSE, bits 7:6 PSDT (0 = PRP)
 *  bytes 2-3    CDW0.CID   command identifier
 *  bytes 4-7    NSID
 *  bytes 8-15   CDW2, CDW3
 *  bytes 16-23  MPTR       metadata pointer
 *  bytes 24-31  PRP1 / SGL1 part 1
 *  bytes 32-39  PRP2 / SGL1 part 2
 *  bytes 40-63  CDW10 .. CDW15
 * </pre>
 *
 * Accessors take a segment and the entry's byte offset in it, so queues are read and written in place.
 */
public final class SubmissionEntry {
    public static final int SIZE = 64;
    /** log2(SIZE), the value of CC.IOSQES and Identify SQES. */
    public static final int SIZE_LOG2 = 6;

    public static final int OPCODE = 0;
    public static final int FLAGS = 1;
    public static final int CID = 2;
    public static final int NSID = 4;
    public static final int CDW2 = 8;
    public static final int CDW3 = 12;
    public static final int MPTR = 16;
    public static final int PRP1 = 24;
    public static final int PRP2 = 32;
    public static final int CDW10 = 40;
    public static final int CDW11 = 44;
    public static final int CDW12 = 48;
    public static final int CDW13 = 52;
    public static final int CDW14 = 56;
    public static final int CDW15 = 60;

    /** FLAGS bits 1:0, fused operation. */
    public static final int FLAGS_FUSE_MASK = 0x03;
    /** FLAGS bits 7:6, PRP or SGL for data transfer. */
    public static final int FLAGS_PSDT_MASK = 0xC0;
    public static final int FLAGS_PSDT_SHIFT = 6;

    static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private SubmissionEntry() {
    }

    // ---- quadword reads: a device's hot path loads a quadword once and decodes its fields with the *Of helpers;
    // ---- one bounds-checked segment access instead of one per field

    /** Quadword 0: CDW0 (opcode bits 7:0, flags 15:8, CID 31:16) and NSID (bits 63:32). */
    public static long word0(MemorySegment s, long at) {
        return s.get(U64, at + OPCODE);
    }

    public static int opcodeOf(long word0) {
        return (int) word0 & 0xFF;
    }

    public static int flagsOf(long word0) {
        return (int) (word0 >>> 8) & 0xFF;
    }

    public static int cidOf(long word0) {
        return (int) (word0 >>> 16) & 0xFFFF;
    }

    public static int nsidOf(long word0) {
        return (int) (word0 >>> 32);
    }

    /** CDW10 (low) and CDW11 (high) as one quadword: the SLBA of Read, Write, Compare and Write Zeroes. */
    public static long cdw10And11(MemorySegment s, long at) {
        return s.get(U64, at + CDW10);
    }

    public static int opcode(MemorySegment s, long at) {
        return s.get(U8, at + OPCODE) & 0xFF;
    }

    public static int flags(MemorySegment s, long at) {
        return s.get(U8, at + FLAGS) & 0xFF;
    }

    public static int cid(MemorySegment s, long at) {
        return s.get(U16, at + CID) & 0xFFFF;
    }

    public static int nsid(MemorySegment s, long at) {
        return s.get(U32, at + NSID);
    }

    public static long prp1(MemorySegment s, long at) {
        return s.get(U64, at + PRP1);
    }

    public static long prp2(MemorySegment s, long at) {
        return s.get(U64, at + PRP2);
    }

    public static long mptr(MemorySegment s, long at) {
        return s.get(U64, at + MPTR);
    }

    /** Command dword {@code n} (0..15). */
    public static int cdw(MemorySegment s, long at, int n) {
        return s.get(U32, at + 4L * n);
    }

    public static void setCdw(MemorySegment s, long at, int n, int value) {
        s.set(U32, at + 4L * n, value);
    }

    /** Writes CDW0: opcode, flags (FUSE/PSDT) and command id. */
    public static void setCdw0(MemorySegment s, long at, int opcode, int flags, int cid) {
        s.set(U32, at, (opcode & 0xFF) | (flags & 0xFF) << 8 | (cid & 0xFFFF) << 16);
    }

    public static void setCid(MemorySegment s, long at, int cid) {
        s.set(U16, at + CID, (short) cid);
    }

    public static void setNsid(MemorySegment s, long at, int nsid) {
        s.set(U32, at + NSID, nsid);
    }

    public static void setPrp1(MemorySegment s, long at, long prp) {
        s.set(U64, at + PRP1, prp);
    }

    public static void setPrp2(MemorySegment s, long at, long prp) {
        s.set(U64, at + PRP2, prp);
    }

    public static void setMptr(MemorySegment s, long at, long mptr) {
        s.set(U64, at + MPTR, mptr);
    }

    /** Zeroes the entry. */
    public static void clear(MemorySegment s, long at) {
        s.asSlice(at, SIZE).fill((byte) 0);
    }
}
