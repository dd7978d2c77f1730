package io.nvmebridge.bridge.kernel;

import io.nvmebridge.bridge.abi.IoCqringOffsets;
import io.nvmebridge.bridge.abi.IoSqringOffsets;
import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringCqe;
import io.nvmebridge.bridge.abi.IoUringParams;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.nativeio.PosixNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A ring of Linux's own io_uring, reached through FFM only: io_uring_setup(2), the three mmapped regions
 * at the offsets the kernel publishes in {@code io_uring_params}, io_uring_enter(2). No C compiler and no
 * liburing: this is the kernel baseline every comparison of the project measures against, and it must run
 * on a machine that has nothing but a JDK.
 *
 * <p>One thread owns the ring (as liburing's {@code io_uring} is single-threaded): it fills SQEs, submits,
 * reaps. The kernel is the other side of both rings:
 * <ul>
 *   <li>SQ: this side writes SQEs, then the tail with a release store; the kernel reads the tail with
 *       acquire, so every SQE below it is complete. The kernel's release of the SQ head pairs with our
 *       acquire before a slot is reused.</li>
 *   <li>CQ: the kernel writes CQEs, then releases the CQ tail; our acquire of the tail makes them visible.
 *       Our release of the CQ head tells the kernel the slots are read.</li>
 * </ul>
 *
 * <p>The SQ index array is filled with the identity once at setup (the kernel never writes it), so SQE
 * {@code i} always sits at ring position {@code i & mask}.
 */
public final class KernelIoUring implements AutoCloseable {
    /** mmap offsets that select the region of the ring fd (IORING_OFF_*). */
    static final long OFF_SQ_RING = 0L;
    static final long OFF_CQ_RING = 0x8000000L;
    static final long OFF_SQES = 0x10000000L;
    /** io_uring_enter flag: wait for {@code minComplete} completions. */
    static final int ENTER_GETEVENTS = 1;

    private static final VarHandle U32 = ValueLayout.JAVA_INT.varHandle();

    private final Arena arena = Arena.ofShared();
    private final MemorySegment params;
    private final int fd;
    private final MemorySegment sqRing;
    private final MemorySegment cqRing;
    private final MemorySegment sqes;
    private final long sqRingBytes;
    private final long cqRingBytes;
    private final long sqesBytes;
    private final boolean singleMmap;
    private final long sqHeadAt;
    private final long sqTailAt;
    private final long cqHeadAt;
    private final long cqTailAt;
    private final long cqesAt;
    private final int sqEntries;
    private final int sqMask;
    private final int cqMask;
    /** Next SQE to fill (owned: only this side writes the SQ tail). */
    private int sqTail;
    /** Next CQE to read (owned: only this side writes the CQ head). */
    private int cqHead;
    private boolean closed;

    private KernelIoUring(int entries) {
        params = arena.allocate(IoUringParams.SIZE, 8);
        fd = PosixNative.ioUringSetup(entries, params);
        try {
            sqEntries = IoUringParams.get(params, 0, IoUringParams.SQ_ENTRIES);
            int cqEntries = IoUringParams.get(params, 0, IoUringParams.CQ_ENTRIES);
            sqMask = sqEntries - 1;
            cqMask = cqEntries - 1;
            singleMmap = (IoUringParams.get(params, 0, IoUringParams.FEATURES) & IoUring.FEAT_SINGLE_MMAP) != 0;
            long sqSize = sqOffset(IoSqringOffsets.ARRAY) + 4L * sqEntries;
            long cqSize = cqOffset(IoCqringOffsets.CQES) + (long) IoUringCqe.SIZE * cqEntries;
            if (singleMmap) {
                // one mapping holds both rings (the kernel sizes it to the larger of the two)
                sqSize = cqSize = Math.max(sqSize, cqSize);
            }
            sqRingBytes = sqSize;
            cqRingBytes = cqSize;
            sqesBytes = (long) IoUringSqe.SIZE * sqEntries;
            int prot = PosixNative.PROT_READ | PosixNative.PROT_WRITE;
            int flags = PosixNative.MAP_SHARED | PosixNative.MAP_POPULATE;
            sqRing = map(PosixNative.mmap(sqSize, prot, flags, fd, OFF_SQ_RING), sqSize);
            cqRing = singleMmap ? sqRing : map(PosixNative.mmap(cqSize, prot, flags, fd, OFF_CQ_RING), cqSize);
            sqes = map(PosixNative.mmap(sqesBytes, prot, flags, fd, OFF_SQES), sqesBytes);
        } catch (RuntimeException e) {
            PosixNative.close(fd);
            arena.close();
            throw e;
        }
        sqHeadAt = sqOffset(IoSqringOffsets.HEAD);
        sqTailAt = sqOffset(IoSqringOffsets.TAIL);
        cqHeadAt = cqOffset(IoCqringOffsets.HEAD);
        cqTailAt = cqOffset(IoCqringOffsets.TAIL);
        cqesAt = cqOffset(IoCqringOffsets.CQES);
        long array = sqOffset(IoSqringOffsets.ARRAY);
        for (int i = 0; i < sqEntries; i++) {
            // plain: published to the kernel by the first tail release
            sqRing.set(ValueLayout.JAVA_INT, array + 4L * i, i);
        }
        // plain: a fresh ring; the kernel starts both at zero and nothing has been submitted yet
        sqTail = (int) U32.get(sqRing, sqTailAt);
        cqHead = (int) U32.get(cqRing, cqHeadAt);
    }

    /**
     * Sets up a kernel ring of at least {@code entries} SQEs (the kernel rounds up to a power of two; the CQ
     * is twice that).
     *
     * @throws io.nvmebridge.bridge.nativeio.NativeCallException naming the call and errno when the kernel
     *     refuses (ENOSYS: no io_uring; EPERM: {@code kernel.io_uring_disabled} or a seccomp filter)
     */
    public static KernelIoUring open(int entries) {
        return new KernelIoUring(entries);
    }

    private static MemorySegment map(long address, long size) {
        return MemorySegment.ofAddress(address).reinterpret(size);
    }

    private int sqOffset(int field) {
        return IoUringParams.sqOff(params, 0, field);
    }

    private int cqOffset(int field) {
        return IoUringParams.cqOff(params, 0, field);
    }

    /** A field of the {@code io_uring_params} the kernel returned ({@link IoUringParams} offsets). */
    public int param(int field) {
        return IoUringParams.get(params, 0, field);
    }

    /** A field of the returned {@code io_sqring_offsets} ({@link IoSqringOffsets} offsets). */
    public int sqRingOffset(int field) {
        return sqOffset(field);
    }

    /** A field of the returned {@code io_cqring_offsets} ({@link IoCqringOffsets} offsets). */
    public int cqRingOffset(int field) {
        return cqOffset(field);
    }

    public int sqEntries() {
        return sqEntries;
    }

    /** The SQE array; {@link #nextSqe()} gives offsets into it. */
    public MemorySegment sqes() {
        return sqes;
    }

    /** The CQ ring region; {@link #cqeAt(int)} gives offsets into it. */
    public MemorySegment cq() {
        return cqRing;
    }

    /**
     * Takes the next free SQE slot and returns its byte offset in {@link #sqes()}, or -1 when all
     * {@link #sqEntries()} slots are still unconsumed by the kernel. The caller writes the whole SQE.
     */
    public long nextSqe() {
        // acquire: pairs with the kernel's release of the SQ head, so a slot it consumed may be rewritten
        int head = (int) U32.getAcquire(sqRing, sqHeadAt);
        if (sqTail - head >= sqEntries) {
            return -1;
        }
        long at = (long) (sqTail & sqMask) * IoUringSqe.SIZE;
        sqTail++;
        return at;
    }

    /**
     * Publishes every filled SQE and enters the kernel once: submits them and, when {@code minComplete} is
     * positive, waits until that many CQEs are ready. An interrupted wait is retried.
     *
     * @return how many SQEs the kernel consumed, or a negative errno (EAGAIN, EBUSY) when it took none
     *     because completions must be reaped first
     */
    public int submitAndWait(int minComplete) {
        // release: every SQE written before is visible to the kernel's acquire of the tail
        U32.setRelease(sqRing, sqTailAt, sqTail);
        while (true) {
            // acquire of the SQ head: SQEs the kernel has not consumed yet (all of them, normally)
            int pending = sqTail - (int) U32.getAcquire(sqRing, sqHeadAt);
            int r = PosixNative.ioUringEnter(fd, pending, minComplete, minComplete > 0 ? ENTER_GETEVENTS : 0);
            if (r != PosixNative.INTERRUPTED) {
                return r;
            }
        }
    }

    /** How many CQEs are ready to read. */
    public int cqReady() {
        // acquire: pairs with the kernel's release of the CQ tail, so the CQEs below it are complete
        return (int) U32.getAcquire(cqRing, cqTailAt) - cqHead;
    }

    /** Byte offset in {@link #cq()} of the {@code i}-th ready CQE (0 = the oldest). */
    public long cqeAt(int i) {
        return cqesAt + (long) ((cqHead + i) & cqMask) * IoUringCqe.SIZE;
    }

    /** Marks {@code n} CQEs read, so the kernel may reuse their slots. */
    public void cqAdvance(int n) {
        cqHead += n;
        // release: our reads of those CQEs happen before the kernel may overwrite them
        U32.setRelease(cqRing, cqHeadAt, cqHead);
    }

    /** Unmaps the rings and closes the ring fd; requests still in flight are cancelled by the kernel. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        PosixNative.munmap(sqes.address(), sqesBytes);
        if (!singleMmap) {
            PosixNative.munmap(cqRing.address(), cqRingBytes);
        }
        PosixNative.munmap(sqRing.address(), sqRingBytes);
        PosixNative.close(fd);
        arena.close();
    }
}
