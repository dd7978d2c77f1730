package io.nvmebridge.qemu;

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
import java.util.function.Consumer;

/**
 * The smallest admin queue pair that works, written out by hand for tests: one SQ and one CQ in DMA memory,
 * the controller enabled through AQA/ASQ/ACQ/CC, one command at a time. Not a driver — the tests use it to
 * check the device end to end with nothing of nvme-driver involved.
 */
final class AdminQueueByHand {
    /** Phase tag + status word of a CQE; read with acquire so the rest of the entry is seen after it. */
    private static final VarHandle STATUS_WORD = ValueLayout.JAVA_SHORT.varHandle();

    private final NvmeFunction f;
    private final int entries;
    final DmaBuffer sq;
    final DmaBuffer cq;
    private final int dstrd;
    private int tail;
    private int head;
    private int phase = 1;
    private int nextCid;

    private AdminQueueByHand(NvmeFunction f, int entries) {
        this.f = f;
        this.entries = entries;
        this.sq = f.dma().allocate((long) entries * SubmissionEntry.SIZE, 4096);
        this.cq = f.dma().allocate((long) entries * CompletionEntry.SIZE, 4096);
        this.dstrd = Cap.DSTRD.getInt(f.read64(ControllerRegisters.CAP));
    }

    /** Resets the controller and enables it with fresh admin queues of {@code entries} entries. */
    static AdminQueueByHand enable(NvmeFunction f, int entries) {
        AdminQueueByHand q = new AdminQueueByHand(f, entries);
        long cap = f.read64(ControllerRegisters.CAP);
        long timeoutNanos = Math.max(1, Cap.timeoutMillis(cap)) * 1_000_000L;
        f.write32(ControllerRegisters.CC, 0);
        waitReady(f, 0, timeoutNanos);
        f.write32(ControllerRegisters.AQA, Aqa.of(entries, entries));
        f.write64(ControllerRegisters.ASQ, q.sq.deviceAddress());
        f.write64(ControllerRegisters.ACQ, q.cq.deviceAddress());
        f.write32(ControllerRegisters.CC, Cc.enable(0, SubmissionEntry.SIZE_LOG2, CompletionEntry.SIZE_LOG2));
        waitReady(f, 1, timeoutNanos);
        return q;
    }

    private static void waitReady(NvmeFunction f, int rdy, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            int csts = f.read32(ControllerRegisters.CSTS);
            if (csts == -1) {
                throw new IllegalStateException("controller gone while waiting for CSTS.RDY=" + rdy);
            }
            if (Csts.RDY.getInt(csts) == rdy) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("CSTS.RDY did not become " + rdy + ": " + Csts.describe(csts));
            }
            Thread.onSpinWait();
        }
    }

    /** Submits one command (filled in by {@code fill} after CDW0 is set) and returns its CQE offset in {@link #cq}. */
    long execute(int opcode, Consumer<MemorySegment> fill) {
        long at = (long) tail * SubmissionEntry.SIZE;
        MemorySegment sqe = sq.segment().asSlice(at, SubmissionEntry.SIZE);
        SubmissionEntry.clear(sqe, 0);
        int cid = nextCid++ & 0xFFFF;
        SubmissionEntry.setCdw0(sqe, 0, opcode, 0, cid);
        fill.accept(sqe);
        tail = (tail + 1) % entries;
        // the doorbell goes out through a socket write (a system call): the SQE stores above precede it
        f.write32(ControllerRegisters.sqTailDoorbell(0, dstrd), tail);
        long cqeAt = (long) head * CompletionEntry.SIZE;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((((short) STATUS_WORD.getAcquire(cq.segment(), cqeAt + CompletionEntry.STATUS)) & 1) != phase) {
            if (System.nanoTime() - deadline > 0 || !f.isAlive()) {
                throw new IllegalStateException("no completion for cid " + cid);
            }
            Thread.onSpinWait();
        }
        if (CompletionEntry.cid(cq.segment(), cqeAt) != cid) {
            throw new IllegalStateException("completion for unknown cid " + CompletionEntry.cid(cq.segment(), cqeAt));
        }
        head = (head + 1) % entries;
        if (head == 0) {
            phase ^= 1;
        }
        f.write32(ControllerRegisters.cqHeadDoorbell(0, dstrd), head);
        return cqeAt;
    }
}
