package io.nvmebridge.it.differential;

import io.nvmebridge.spec.CompletionEntry;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.NvmeFunction;
import io.nvmebridge.spec.regs.Aqa;
import io.nvmebridge.spec.regs.Cap;
import io.nvmebridge.spec.regs.Cc;
import io.nvmebridge.spec.regs.ControllerRegisters;
import io.nvmebridge.spec.regs.Csts;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * A device-agnostic raw-command harness over {@link NvmeFunction}: submission entries written into queues in
 * {@code dma()} memory, doorbells rung, completion entries polled — no driver in between, so any command,
 * valid or not, can be sent. Polled only (no interrupts), one arena allocated once:
 *
 * <pre>
 *  arena offset   0        4 KiB     8 KiB                      1 MiB                        ARENA_BYTES
 *                 | adm SQ | adm CQ  | I/O queue pages (QUEUE_AREA)| data scratch (scenarios) |
 * </pre>
 *
 * I/O queue {@code qid}'s SQ and CQ live at fixed pages ({@link #ioSqOffset}, {@link #ioCqOffset}), so
 * scripts can also create queues at the same place by hand. Command ids count up from 0 after each
 * {@link #reset}, identically on every device.
 */
final class RawController implements AutoCloseable {
    static final int ADMIN_ENTRIES = 32;
    static final long ARENA_BYTES = 16L << 20;
    static final long QUEUE_AREA = 8192;
    static final long DATA_OFFSET = 1L << 20;
    static final long DATA_BYTES = ARENA_BYTES - DATA_OFFSET;
    /** Per I/O queue id: 16 KiB for the SQ (256 entries) and 4 KiB for the CQ (256 entries). */
    static final long QUEUE_STRIDE = 20480;
    static final int MAX_QID = 40;
    private static final long POLL_TIMEOUT_NANOS = 5_000_000_000L;

    /** Phase tag + status word of a CQE: read with acquire, so the rest of the entry is read after it. */
    private static final VarHandle STATUS_WORD = ValueLayout.JAVA_SHORT.varHandle();

    private final NvmeFunction f;
    private final DmaBuffer arena;
    private final int dstrd;
    private final int[] sqEntries = new int[MAX_QID + 1];
    private final int[] sqTail = new int[MAX_QID + 1];
    private final int[] cqEntries = new int[MAX_QID + 1];
    private final int[] cqHead = new int[MAX_QID + 1];
    private final int[] cqPhase = new int[MAX_QID + 1];
    private int nextCid;

    RawController(NvmeFunction f) {
        this.f = f;
        this.arena = f.dma().allocate(ARENA_BYTES, 4096);
        this.dstrd = Cap.DSTRD.getInt(f.read64(ControllerRegisters.CAP));
    }

    NvmeFunction function() {
        return f;
    }

    MemorySegment arena() {
        return arena.segment();
    }

    /** Bus address of an arena offset. */
    long bus(long arenaOffset) {
        return arena.deviceAddress() + arenaOffset;
    }

    /** The arena offset of a bus address (for register read-backs). */
    long offsetOf(long busAddress) {
        return busAddress - arena.deviceAddress();
    }

    static long ioSqOffset(int qid) {
        return 2 * QUEUE_AREA + (qid - 1) * QUEUE_STRIDE;
    }

    static long ioCqOffset(int qid) {
        return ioSqOffset(qid) + 16384;
    }

    /** CC.EN 1 -> 0 -> 1 with fresh admin queues: a controller reset that drops every queue and command. */
    void reset() {
        disable();
        if (!waitReady(0)) {
            throw new IllegalStateException("controller did not disable");
        }
        arena.segment().asSlice(0, DATA_OFFSET).fill((byte) 0);
        arena.segment().asSlice(DATA_OFFSET, DATA_BYTES).fill((byte) 0);
        f.write32(ControllerRegisters.AQA, Aqa.of(ADMIN_ENTRIES, ADMIN_ENTRIES));
        f.write64(ControllerRegisters.ASQ, bus(0));
        f.write64(ControllerRegisters.ACQ, bus(4096));
        java.util.Arrays.fill(sqTail, 0);
        java.util.Arrays.fill(cqHead, 0);
        java.util.Arrays.fill(cqPhase, 1);
        java.util.Arrays.fill(sqEntries, 0);
        java.util.Arrays.fill(cqEntries, 0);
        sqEntries[0] = ADMIN_ENTRIES;
        cqEntries[0] = ADMIN_ENTRIES;
        nextCid = 0;
        f.write32(ControllerRegisters.CC, Cc.enable(0, SubmissionEntry.SIZE_LOG2, CompletionEntry.SIZE_LOG2));
        if (!waitReady(1)) {
            throw new IllegalStateException("controller did not become ready");
        }
    }

    void disable() {
        f.write32(ControllerRegisters.CC, 0);
    }

    /** Programs the admin queue registers for the standard admin queues (for scripts that enable by hand). */
    void programAdminQueues() {
        f.write32(ControllerRegisters.AQA, Aqa.of(ADMIN_ENTRIES, ADMIN_ENTRIES));
        f.write64(ControllerRegisters.ASQ, bus(0));
        f.write64(ControllerRegisters.ACQ, bus(4096));
        java.util.Arrays.fill(sqTail, 0);
        java.util.Arrays.fill(cqHead, 0);
        java.util.Arrays.fill(cqPhase, 1);
        arena.segment().asSlice(0, 8192).fill((byte) 0);
    }

    /** Polls CSTS until RDY equals {@code rdy}; returns false on CFS or timeout. */
    boolean waitReady(int rdy) {
        return waitReady(rdy, POLL_TIMEOUT_NANOS);
    }

    /** Polls CSTS until RDY equals {@code rdy}; returns false on CFS or after {@code timeoutNanos}. */
    boolean waitReady(int rdy, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            int csts = f.read32(ControllerRegisters.CSTS);
            if (csts == -1) {
                throw new IllegalStateException("controller gone while waiting for CSTS.RDY=" + rdy);
            }
            if (Csts.RDY.getInt(csts) == rdy) {
                return true;
            }
            if (Csts.CFS.getInt(csts) == 1 || System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.onSpinWait();
        }
    }

    /** Records a queue pair made by a script's own Create commands, so submit/poll can use it. */
    void track(int qid, int sqSize, int cqSize) {
        if (sqSize > 0) {
            sqEntries[qid] = sqSize;
            sqTail[qid] = 0;
        }
        if (cqSize > 0) {
            cqEntries[qid] = cqSize;
            cqHead[qid] = 0;
            cqPhase[qid] = 1;
        }
    }

    private long sqOffset(int qid) {
        return qid == 0 ? 0 : ioSqOffset(qid);
    }

    private long cqOffset(int qid) {
        return qid == 0 ? 4096 : ioCqOffset(qid);
    }

    /** Writes {@code c} at the tail of SQ {@code qid} and rings its doorbell; returns the command id. */
    int submit(int qid, Command c) {
        int cid = nextCid++ & 0xFFFF;
        c.writeTo(arena.segment(), sqOffset(qid) + (long) sqTail[qid] * SubmissionEntry.SIZE, cid);
        sqTail[qid] = (sqTail[qid] + 1) % sqEntries[qid];
        // plain stores above; the doorbell is a device write (a volatile store for the emulator, a socket
        // write for QEMU), which orders them before the device can see the new tail
        VarHandle.releaseFence();
        f.write32(ControllerRegisters.sqTailDoorbell(qid, dstrd), sqTail[qid]);
        return cid;
    }

    /** Rings SQ {@code qid}'s tail doorbell with an arbitrary value (invalid doorbell writes). */
    void ringRaw(long doorbellOffset, int value) {
        f.write32(doorbellOffset, value);
    }

    int dstrd() {
        return dstrd;
    }

    /** The next completion on CQ {@code qid}, or empty after {@code timeoutNanos}. */
    Optional<Cqe> poll(int qid, long timeoutNanos) {
        long at = cqOffset(qid) + (long) cqHead[qid] * CompletionEntry.SIZE;
        MemorySegment cq = arena.segment();
        long deadline = System.nanoTime() + timeoutNanos;
        while ((((short) STATUS_WORD.getAcquire(cq, at + CompletionEntry.STATUS)) & 1) != cqPhase[qid]) {
            if (System.nanoTime() - deadline > 0 || !f.isAlive()) {
                return Optional.empty();
            }
            Thread.onSpinWait();
        }
        int sw = CompletionEntry.statusWord(cq, at);
        Cqe e = new Cqe(CompletionEntry.dw0(cq, at), CompletionEntry.dw1(cq, at), CompletionEntry.sqhd(cq, at),
                CompletionEntry.sqid(cq, at), CompletionEntry.cid(cq, at), CompletionEntry.status(sw));
        cqHead[qid] = (cqHead[qid] + 1) % cqEntries[qid];
        if (cqHead[qid] == 0) {
            cqPhase[qid] ^= 1;
        }
        f.write32(ControllerRegisters.cqHeadDoorbell(qid, dstrd), cqHead[qid]);
        return Optional.of(e);
    }

    Cqe await(int qid) {
        return poll(qid, POLL_TIMEOUT_NANOS).orElseThrow(
                () -> new IllegalStateException("no completion on CQ " + qid + " within 5 s"));
    }

    @Override
    public void close() {
        try {
            if (f.isAlive()) {
                disable();
                waitReady(0);
            }
        } finally {
            f.dma().free(arena);
        }
    }
}
