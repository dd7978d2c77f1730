package io.nvmebridge.bridge.ring;

import io.nvmebridge.bridge.abi.IoCqringOffsets;
import io.nvmebridge.bridge.abi.IoSqringOffsets;
import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringCqe;
import io.nvmebridge.bridge.abi.IoUringParams;
import io.nvmebridge.bridge.abi.IoUringSqe;
import java.lang.foreign.MemorySegment;

/**
 * Where the fields of one io_uring live, in three regions, published exactly as io_uring_setup(2)
 * publishes them in {@code io_uring_params}: SQ ring fields relative to the SQ ring region, CQ ring
 * fields relative to the CQ ring region, SQEs in their own array.
 *
 * <pre>
 *  SQ ring region                         CQ ring region
 *  0    head          (own cache line)    0    head          (own cache line)
 *  64   tail          (own cache line)    64   tail          (own cache line)
 *  128  ring_mask                         128  ring_mask
 *  132  ring_entries                      132  ring_entries
 *  136  flags    (IORING_SQ_*)            136  overflow
 *  140  dropped                           140  flags    (bit 31: a client sleeps on the tail)
 *  192  array[entries] u32 (absent with   192  cqes[entries] (16 or 32 bytes each)
 *       IORING_SETUP_NO_SQARRAY)
 * </pre>
 *
 * Head and tail sit on separate 64-byte lines because producer and consumer each write one of them.
 */
public record RingLayout(int sqEntries, int cqEntries, int setupFlags) {
    public static final int CACHE_LINE = 64;
    public static final int HEAD = 0;
    public static final int TAIL = 64;
    public static final int RING_MASK = 128;
    public static final int RING_ENTRIES = 132;
    public static final int SQ_FLAGS = 136;
    public static final int SQ_DROPPED = 140;
    public static final int CQ_OVERFLOW = 136;
    public static final int CQ_FLAGS = 140;
    public static final int ARRAY_OR_CQES = 192;
    public static final int MAX_ENTRIES = 32768;
    /** Setup flags a bridge ring accepts. */
    public static final int SUPPORTED_SETUP = IoUring.SETUP_SQE128 | IoUring.SETUP_CQE32 | IoUring.SETUP_NO_SQARRAY
            | IoUring.SETUP_SQPOLL | IoUring.SETUP_SINGLE_ISSUER | IoUring.SETUP_CQSIZE;

    public RingLayout {
        if (!powerOfTwo(sqEntries) || !powerOfTwo(cqEntries) || sqEntries > MAX_ENTRIES || cqEntries > 2 * MAX_ENTRIES
                || cqEntries < sqEntries) {
            throw new IllegalArgumentException("ring entries must be powers of two, sq <= cq, sq <= " + MAX_ENTRIES
                    + ": sq=" + sqEntries + " cq=" + cqEntries);
        }
        if ((setupFlags & ~SUPPORTED_SETUP) != 0) {
            throw new IllegalArgumentException("unsupported setup flags 0x" + Integer.toHexString(setupFlags));
        }
    }

    /** Linux's default: a CQ twice the size of the SQ. */
    public static RingLayout of(int entries, int setupFlags) {
        return new RingLayout(entries, 2 * entries, setupFlags);
    }

    private static boolean powerOfTwo(int n) {
        return n > 0 && Integer.bitCount(n) == 1;
    }

    public boolean hasSqArray() {
        return (setupFlags & IoUring.SETUP_NO_SQARRAY) == 0;
    }

    public int sqeSize() {
        return (setupFlags & IoUring.SETUP_SQE128) != 0 ? IoUringSqe.SIZE_128 : IoUringSqe.SIZE;
    }

    public int cqeSize() {
        return (setupFlags & IoUring.SETUP_CQE32) != 0 ? IoUringCqe.SIZE_32 : IoUringCqe.SIZE;
    }

    public long sqRingSize() {
        return align(ARRAY_OR_CQES + (hasSqArray() ? 4L * sqEntries : 0), CACHE_LINE);
    }

    public long cqRingSize() {
        return align(ARRAY_OR_CQES + (long) cqeSize() * cqEntries, CACHE_LINE);
    }

    public long sqesSize() {
        return (long) sqeSize() * sqEntries;
    }

    public static long align(long v, long a) {
        return (v + a - 1) & -a;
    }

    /** Fills in {@code io_uring_params} at {@code at} the way io_uring_setup(2) returns it. */
    public void writeParams(MemorySegment s, long at) {
        s.asSlice(at, IoUringParams.SIZE).fill((byte) 0);
        IoUringParams.set(s, at, IoUringParams.SQ_ENTRIES, sqEntries);
        IoUringParams.set(s, at, IoUringParams.CQ_ENTRIES, cqEntries);
        IoUringParams.set(s, at, IoUringParams.FLAGS, setupFlags);
        IoUringParams.set(s, at, IoUringParams.FEATURES, IoUring.FEAT_NODROP | IoUring.FEAT_SUBMIT_STABLE
                | IoUring.FEAT_CQE_SKIP);
        long sq = at + IoUringParams.SQ_OFF;
        IoSqringOffsets.set(s, sq, IoSqringOffsets.HEAD, HEAD);
        IoSqringOffsets.set(s, sq, IoSqringOffsets.TAIL, TAIL);
        IoSqringOffsets.set(s, sq, IoSqringOffsets.RING_MASK, RING_MASK);
        IoSqringOffsets.set(s, sq, IoSqringOffsets.RING_ENTRIES, RING_ENTRIES);
        IoSqringOffsets.set(s, sq, IoSqringOffsets.FLAGS, SQ_FLAGS);
        IoSqringOffsets.set(s, sq, IoSqringOffsets.DROPPED, SQ_DROPPED);
        IoSqringOffsets.set(s, sq, IoSqringOffsets.ARRAY, hasSqArray() ? ARRAY_OR_CQES : 0);
        long cq = at + IoUringParams.CQ_OFF;
        IoCqringOffsets.set(s, cq, IoCqringOffsets.HEAD, HEAD);
        IoCqringOffsets.set(s, cq, IoCqringOffsets.TAIL, TAIL);
        IoCqringOffsets.set(s, cq, IoCqringOffsets.RING_MASK, RING_MASK);
        IoCqringOffsets.set(s, cq, IoCqringOffsets.RING_ENTRIES, RING_ENTRIES);
        IoCqringOffsets.set(s, cq, IoCqringOffsets.OVERFLOW, CQ_OVERFLOW);
        IoCqringOffsets.set(s, cq, IoCqringOffsets.CQES, ARRAY_OR_CQES);
        IoCqringOffsets.set(s, cq, IoCqringOffsets.FLAGS, CQ_FLAGS);
    }

    /** Initialises fresh ring regions: masks, entry counts, zero heads and tails. */
    public void initRegions(MemorySegment sqRing, MemorySegment cqRing, MemorySegment sqes) {
        sqRing.fill((byte) 0);
        cqRing.fill((byte) 0);
        sqes.fill((byte) 0);
        sqRing.set(RingWords.U32, RING_MASK, sqEntries - 1);
        sqRing.set(RingWords.U32, RING_ENTRIES, sqEntries);
        cqRing.set(RingWords.U32, RING_MASK, cqEntries - 1);
        cqRing.set(RingWords.U32, RING_ENTRIES, cqEntries);
        if (hasSqArray()) {
            for (int i = 0; i < sqEntries; i++) {
                sqRing.set(RingWords.U32, ARRAY_OR_CQES + 4L * i, i);
            }
        }
    }
}
