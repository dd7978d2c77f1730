package io.nvmebridge.bridge;

import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringCqe;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.abi.NvmeUringCmd;
import io.nvmebridge.bridge.nativeio.PosixNative;
import io.nvmebridge.bridge.ring.CompletionRing;
import io.nvmebridge.bridge.ring.RingLayout;
import io.nvmebridge.bridge.ring.SubmissionRing;
import io.nvmebridge.spec.device.DmaBuffer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The client side of one io_uring, as liburing gives it: prepare SQEs, submit, wait, reap CQEs — with no
 * allocation per I/O. One thread owns a ring (as with IORING_SETUP_SINGLE_ISSUER).
 *
 * <pre>{@code
 * try (Ring ring = bridge.openRing(RingOptions.defaults())) {
 *     DmaBuffer buf = ring.allocateBuffer(4096);         // registered: fixed buffer 0
 *     ring.prepRead(1, buf.segment(), 0, 42L);           // nsid 1, byte offset 0, user_data 42
 *     ring.submitAndWait(1);
 *     ring.forEachCqe((userData, res, flags, big0) -> ...);
 * }
 * }</pre>
 *
 * Addresses are native addresses of registered memory: DMA buffers ({@link #allocateBuffer},
 * {@link #registerBuffer}) or, on the copy path, any native memory given to {@link #registerMemory}.
 */
public final class Ring implements AutoCloseable {
    private static final ValueLayout.OfLong ZERO_U64 = ValueLayout.JAVA_LONG_UNALIGNED;
    /** Polling rounds of a waiting client before it sleeps on the CQ tail futex (about 10-50 us). */
    private static final int SPINS_BEFORE_SLEEP = 1024;
    /** How this ring's submissions reach a bridge, and how waiting works. */
    interface Driver {
        /** Called after the tail was published; returns how many SQEs the bridge took (or published count). */
        void submitted();

        /** Makes progress or sleeps until the CQ has {@code n} entries. */
        void await(int n);

        void close();
    }

    private final SubmissionRing sq;
    private final CompletionRing cq;
    private final RingLayout layout;
    private final Driver driver;
    private final ProcessSpace space;
    private final BufferAllocator buffers;
    private final MemorySegment sqes;
    private final MemorySegment cqSeg;
    private final int sqEntries;
    private final boolean cqe32;
    private int sqTail;
    private int sqHeadCached;
    private int published;
    private long lastSqe = -1;
    /** Buffers from {@link #allocateBuffer}, freed when the ring closes. */
    private final java.util.List<DmaBuffer> owned = new java.util.ArrayList<>();

    /** Allocates DMA buffers for {@link #allocateBuffer}; null when the ring cannot. */
    interface BufferAllocator {
        DmaBuffer allocate(long size);

        void free(DmaBuffer b);
    }

    Ring(SubmissionRing sq, CompletionRing cq, RingLayout layout, Driver driver, ProcessSpace space,
         BufferAllocator buffers) {
        this.sq = sq;
        this.cq = cq;
        this.layout = layout;
        this.driver = driver;
        this.space = space;
        this.buffers = buffers;
        this.sqes = sq.sqes();
        this.cqSeg = cq.segment();
        this.sqEntries = sq.entries();
        this.cqe32 = (layout.setupFlags() & IoUring.SETUP_CQE32) != 0;
        this.sqTail = sq.tailOwned();
        this.published = sqTail;
        this.sqHeadCached = sq.headAcquire();
    }

    public RingLayout layout() {
        return layout;
    }

    // ---------------------------------------------------------------- buffers

    /** Allocates a DMA buffer and registers it as the next fixed buffer; its index is {@link #fixedIndex}. */
    public DmaBuffer allocateBuffer(long size) {
        if (buffers == null || space == null) {
            throw new UnsupportedOperationException("this ring cannot allocate DMA buffers");
        }
        DmaBuffer b = buffers.allocate(size);
        space.registerDma(b);
        owned.add(b);
        return b;
    }

    /** Registers a DMA buffer as the next fixed buffer (buf_index for READ_FIXED/WRITE_FIXED); returns its index. */
    public int registerBuffer(DmaBuffer buffer) {
        return space.registerDma(buffer);
    }

    /** Registers native memory the device cannot address; usable on the copy path. */
    public void registerMemory(MemorySegment memory) {
        space.registerHostMemory(memory);
    }

    // ---------------------------------------------------------------- preparing SQEs

    /** SQEs prepared but not yet submitted plus those the bridge has not consumed. */
    public int sqSpaceLeft() {
        int used = sqTail - sqHeadCached;
        if (used >= sqEntries) {
            sqHeadCached = sq.headAcquire(); // acquire: the bridge is done reading the slots it released
            used = sqTail - sqHeadCached;
        }
        return sqEntries - used;
    }

    /**
     * Claims the next SQE slot and returns its byte offset in {@link #sqes()}, zeroed, or -1 when the SQ
     * is full (submit and reap first). For callers filling SQEs themselves.
     */
    public long nextSqe() {
        if (sqSpaceLeft() == 0) {
            return -1;
        }
        long at = sq.producerSlot(sqTail++);
        zero(at, sq.sqeSize());
        lastSqe = at;
        return at;
    }

    public MemorySegment sqes() {
        return sqes;
    }

    /**
     * Zeroes {@code len} (a multiple of 8) bytes of the SQE array with quadword stores: an {@code asSlice(..).fill}
     * allocates a segment whenever the JIT does not inline it far enough to scalar-replace it (seen as 40 bytes
     * per slice per I/O on the passthrough path).
     */
    private void zero(long at, int len) {
        for (int i = 0; i < len; i += 8) {
            sqes.set(ZERO_U64, at + i, 0L);
        }
    }

    private long rw(int opcode, int nsid, long addr, long len, long offset, int bufIndex, long userData) {
        if (sqSpaceLeft() == 0) {
            return -1;
        }
        long at = sq.producerSlot(sqTail++);
        IoUringSqe.prepRw(sqes, at, opcode, 0, nsid, addr, len, offset, 0, bufIndex, userData);
        if (sq.sqeSize() == IoUringSqe.SIZE_128) {
            zero(at + IoUringSqe.SIZE, IoUringSqe.SIZE);
        }
        lastSqe = at;
        return at;
    }

    public boolean prepNop(long userData) {
        return rw(IoUring.OP_NOP, 0, 0, 0, 0, 0, userData) >= 0;
    }

    /** IORING_OP_READ of {@code buffer.byteSize()} bytes at byte {@code offset} of namespace {@code nsid}. */
    public boolean prepRead(int nsid, MemorySegment buffer, long offset, long userData) {
        return rw(IoUring.OP_READ, nsid, buffer.address(), buffer.byteSize(), offset, 0, userData) >= 0;
    }

    public boolean prepRead(int nsid, long address, int length, long offset, long userData) {
        return rw(IoUring.OP_READ, nsid, address, length & 0xFFFF_FFFFL, offset, 0, userData) >= 0;
    }

    public boolean prepWrite(int nsid, MemorySegment buffer, long offset, long userData) {
        return rw(IoUring.OP_WRITE, nsid, buffer.address(), buffer.byteSize(), offset, 0, userData) >= 0;
    }

    public boolean prepWrite(int nsid, long address, int length, long offset, long userData) {
        return rw(IoUring.OP_WRITE, nsid, address, length & 0xFFFF_FFFFL, offset, 0, userData) >= 0;
    }

    public boolean prepReadFixed(int nsid, MemorySegment buffer, long offset, int bufIndex, long userData) {
        return rw(IoUring.OP_READ_FIXED, nsid, buffer.address(), buffer.byteSize(), offset, bufIndex, userData) >= 0;
    }

    public boolean prepWriteFixed(int nsid, MemorySegment buffer, long offset, int bufIndex, long userData) {
        return rw(IoUring.OP_WRITE_FIXED, nsid, buffer.address(), buffer.byteSize(), offset, bufIndex, userData) >= 0;
    }

    /** IORING_OP_READV: {@code iovecs} holds {@code count} struct iovec (u64 base, u64 len) in registered memory. */
    public boolean prepReadv(int nsid, MemorySegment iovecs, int count, long offset, long userData) {
        return rw(IoUring.OP_READV, nsid, iovecs.address(), count, offset, 0, userData) >= 0;
    }

    public boolean prepWritev(int nsid, MemorySegment iovecs, int count, long offset, long userData) {
        return rw(IoUring.OP_WRITEV, nsid, iovecs.address(), count, offset, 0, userData) >= 0;
    }

    /** IORING_OP_FSYNC (NVMe Flush); {@code fsyncFlags} 0 or IORING_FSYNC_DATASYNC. */
    public boolean prepFsync(int nsid, int fsyncFlags, long userData) {
        long at = rw(IoUring.OP_FSYNC, nsid, 0, 0, 0, 0, userData);
        if (at < 0) {
            return false;
        }
        sqes.set(ValueLayout.JAVA_INT_UNALIGNED, at + IoUringSqe.FSYNC_FLAGS, fsyncFlags);
        return true;
    }

    /**
     * IORING_OP_URING_CMD with NVME_URING_CMD_IO (needs SQE128 and CQE32): an NVMe I/O command on
     * {@code nsid} with {@code data} (may be {@link MemorySegment#NULL}). Returns the SQE offset so the
     * caller can set CDW10..15 through {@link NvmeUringCmd} at {@code at + IoUringSqe.CMD}, or -1 when full.
     */
    public long prepNvmeCommand(int nsid, int nvmeOpcode, MemorySegment data, long userData) {
        return nvmeCommand(NvmeUringCmd.NVME_URING_CMD_IO, nsid, nvmeOpcode, data.address(), (int) data.byteSize(),
                userData);
    }

    /**
     * IORING_OP_URING_CMD with NVME_URING_CMD_IO_VEC (needs SQE128 and CQE32): as {@link #prepNvmeCommand}, with
     * the data the concatenation of the {@code count} struct iovec (u64 base, u64 len) in {@code iovecs}
     * (registered memory).
     */
    public long prepNvmeCommandVec(int nsid, int nvmeOpcode, MemorySegment iovecs, int count, long userData) {
        return prepNvmeCommandVec(nsid, nvmeOpcode, iovecs.address(), count, userData);
    }

    /** As {@link #prepNvmeCommandVec(int, int, MemorySegment, int, long)} with the iovec array at {@code iovecs}. */
    public long prepNvmeCommandVec(int nsid, int nvmeOpcode, long iovecs, int count, long userData) {
        return nvmeCommand(NvmeUringCmd.NVME_URING_CMD_IO_VEC, nsid, nvmeOpcode, iovecs, count, userData);
    }

    /** A URING_CMD SQE carrying struct nvme_uring_cmd with {@code addr} and {@code data_len} as given. */
    private long nvmeCommand(int cmdOp, int nsid, int nvmeOpcode, long addr, int dataLen, long userData) {
        long at = rw(IoUring.OP_URING_CMD, nsid, 0, 0, 0, 0, userData);
        if (at < 0) {
            return -1;
        }
        IoUringSqe.setCmdOp(sqes, at, cmdOp);
        zero(at + IoUringSqe.CMD, IoUringSqe.CMD_SIZE);
        long c = at + IoUringSqe.CMD;
        NvmeUringCmd.setU8(sqes, c, NvmeUringCmd.OPCODE, nvmeOpcode);
        NvmeUringCmd.setU32(sqes, c, NvmeUringCmd.NSID, nsid);
        NvmeUringCmd.setU64(sqes, c, NvmeUringCmd.ADDR, addr);
        NvmeUringCmd.setU32(sqes, c, NvmeUringCmd.DATA_LEN, dataLen);
        return at;
    }

    /** ORs IOSQE_* flags (IO_LINK, IO_HARDLINK, IO_DRAIN, CQE_SKIP_SUCCESS) into the last prepared SQE. */
    public void setLastFlags(int iosqeFlags) {
        if (lastSqe < 0) {
            throw new IllegalStateException("no SQE prepared");
        }
        IoUringSqe.setFlags(sqes, lastSqe, IoUringSqe.flags(sqes, lastSqe) | iosqeFlags);
    }

    // ---------------------------------------------------------------- submit and reap

    /** Publishes the prepared SQEs and lets the bridge take them; returns how many were published. */
    public int submit() {
        int n = sqTail - published;
        if (n > 0) {
            sq.publishTail(sqTail); // release: the SQEs written above are visible to the bridge's acquire
            published = sqTail;
        }
        driver.submitted();
        return n;
    }

    /** {@link #submit()}, then {@link #waitCqes(int)}. */
    public int submitAndWait(int n) {
        int s = submit();
        waitCqes(n);
        return s;
    }

    /** Submitted SQEs the bridge has not taken yet (liburing's io_uring_sq_ready after a submit). */
    public int sqPending() {
        return published - sq.headAcquire(); // acquire: pairs with the bridge's head release
    }

    /** CQEs ready to reap. */
    public int cqReady() {
        return cq.tailAcquire() - cq.headOwned(); // acquire: CQEs below the tail are fully written
    }

    /** Blocks until at least {@code n} CQEs are ready (n is capped at the CQ size). */
    public void waitCqes(int n) {
        int want = Math.min(n, cq.entries());
        if (cqReady() >= want) {
            return;
        }
        driver.await(want);
    }

    /** Reaps every ready CQE; returns how many. */
    public int forEachCqe(CqeHandler handler) {
        return forEachCqe(handler, Integer.MAX_VALUE);
    }

    /** Reaps up to {@code max} ready CQEs; the head is published (release) even if the handler throws. */
    public int forEachCqe(CqeHandler handler, int max) {
        int head = cq.headOwned();
        int tail = cq.tailAcquire(); // acquire: CQEs below the tail are fully written
        int n = 0;
        try {
            while (head != tail && n < max) {
                long at = cq.cqeOffset(head);
                long big0 = cqe32 ? IoUringCqe.bigCqe(cqSeg, at, 0) : 0;
                head++;
                n++;
                long resWord = IoUringCqe.resWord(cqSeg, at); // res and flags: one load
                handler.accept(IoUringCqe.userData(cqSeg, at), IoUringCqe.resOf(resWord), IoUringCqe.flagsOf(resWord),
                        big0);
            }
        } finally {
            cq.publishHead(head); // release: our CQE reads are done before the bridge reuses the slots
        }
        return n;
    }

    /** True when the SQPOLL bridge thread sleeps and the next submit wakes it (IORING_SQ_NEED_WAKEUP). */
    public boolean sqNeedsWakeup() {
        return (sq.flagsAcquire() & IoUring.SQ_NEED_WAKEUP) != 0;
    }

    /** True when CQEs are held because the CQ was full (IORING_SQ_CQ_OVERFLOW). */
    public boolean cqOverflowPending() {
        return (sq.flagsAcquire() & IoUring.SQ_CQ_OVERFLOW) != 0;
    }

    /** Stops forwarding, gives back the NVMe queue pair, frees the buffers from {@link #allocateBuffer}. */
    @Override
    public void close() {
        driver.close();
        for (DmaBuffer b : owned) {
            buffers.free(b);
        }
        owned.clear();
    }

    // ---------------------------------------------------------------- drivers

    /** Inline path: the submitting thread runs the bridge. */
    static Driver inline(RingBridge bridge, Runnable onClose) {
        return new Driver() {
            @Override
            public void submitted() {
                bridge.submit();
            }

            @Override
            public void await(int n) {
                CompletionRing c = bridge.completionRing();
                int spins = 0;
                while (c.tailAcquire() - c.headOwned() < n) {
                    if (bridge.work() == 0 && ++spins > 1024) {
                        Thread.yield();
                        spins = 0;
                    }
                }
            }

            @Override
            public void close() {
                onClose.run();
            }
        };
    }

    /** A bridge thread polls the SQ (SQPOLL), or another process serves the ring: wake it, sleep on the CQ. */
    static Driver polled(SubmissionRing sq, CompletionRing cq, Runnable onClose) {
        return new Driver() {
            @Override
            public void submitted() {
                // full fence between our tail release and reading the flags (see SubmissionRing)
                if ((sq.flagsAfterPublish() & IoUring.SQ_NEED_WAKEUP) != 0) {
                    PosixNative.futexWake(sq.tailWord(), 1);
                }
            }

            @Override
            public void await(int n) {
                int spins = 0;
                while (true) {
                    int tail = cq.tailAcquire();
                    if (tail - cq.headOwned() >= n) {
                        return;
                    }
                    if (++spins < SPINS_BEFORE_SLEEP) {
                        PollBackoff.pause(spins);
                        continue;
                    }
                    // announce (volatile RMW = full fence), re-check, then sleep; the bridge wakes us after
                    // publishing CQEs when it sees the flag
                    cq.announceWaiter();
                    tail = cq.tailAcquire();
                    if (tail - cq.headOwned() >= n) {
                        return;
                    }
                    submitted(); // the bridge may be asleep with our SQEs pending
                    PosixNative.futexWait(cq.tailWord(), tail, 10_000_000L);
                }
            }

            @Override
            public void close() {
                onClose.run();
            }
        };
    }
}
