package io.nvmebridge.emulator;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.CompletionEntry;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.QueueCommands;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.DmaMemory;
import io.nvmebridge.spec.regs.Aqa;
import io.nvmebridge.spec.regs.Cc;
import io.nvmebridge.spec.regs.ControllerRegisters;
import io.nvmebridge.spec.regs.Csts;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A minimal test-only host for the emulated controller: builds queues in the function's host memory, writes
 * SQEs, rings doorbells and reads CQEs — the same steps a driver takes, without the driver.
 */
final class TestHost implements AutoCloseable {
    static final int ADMIN_ENTRIES = 32;
    static final long PAGE = 4096;
    private static final VarHandle STATUS_WORD = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    final EmulatedNvmeFunction fn;
    final EmulatedController ctrl;
    final DmaMemory mem;
    final int dstrd;
    QueuePair admin;
    private int nextCid;

    /** One SQ/CQ pair as the host sees it. */
    final class QueuePair {
        final int qid;
        final int entries;
        final DmaBuffer sq;
        final DmaBuffer cq;
        int sqTail;
        int cqHead;
        int phase = 1;

        QueuePair(int qid, int entries) {
            this.qid = qid;
            this.entries = entries;
            this.sq = mem.allocate((long) entries * SubmissionEntry.SIZE, PAGE);
            this.cq = mem.allocate((long) entries * CompletionEntry.SIZE, PAGE);
        }

        /** Writes an SQE at the tail and advances the local tail (no doorbell). */
        int push(Command c) {
            int cid = c.cid >= 0 ? c.cid : (nextCid++ & 0xFFFF);
            long at = (long) sqTail * SubmissionEntry.SIZE;
            MemorySegment.copy(c.bytes, 0, sq.segment(), at, SubmissionEntry.SIZE);
            SubmissionEntry.setCid(sq.segment(), at, cid);
            sqTail = (sqTail + 1) % entries;
            return cid;
        }

        void ringSq() {
            ctrl.write32(ControllerRegisters.sqTailDoorbell(qid, dstrd), sqTail);
        }

        /** The next completion if posted, else null; consumes it and rings the CQ head doorbell. */
        Completion poll() {
            long at = (long) cqHead * CompletionEntry.SIZE;
            // acquire: pairs with the device's release before the phase word
            int word = (short) STATUS_WORD.getAcquire(cq.segment(), at + CompletionEntry.STATUS) & 0xFFFF;
            if (CompletionEntry.phase(word) != phase) {
                return null;
            }
            MemorySegment s = cq.segment();
            Completion c = new Completion(CompletionEntry.dw0(s, at), CompletionEntry.sqhd(s, at),
                    CompletionEntry.sqid(s, at), CompletionEntry.cid(s, at), CompletionEntry.status(word));
            cqHead = (cqHead + 1) % entries;
            if (cqHead == 0) {
                phase ^= 1;
            }
            ctrl.write32(ControllerRegisters.cqHeadDoorbell(qid, dstrd), cqHead);
            return c;
        }

        /** Waits (bounded) for the next completion; null if none arrives. */
        Completion await() {
            long deadline = System.nanoTime() + 5_000_000_000L;
            Completion c;
            while ((c = poll()) == null && System.nanoTime() < deadline) {
                if (ctrl.config().mode() == EmulatorMode.INLINE) {
                    return null;
                }
                Thread.onSpinWait();
            }
            return c;
        }

        /** Submits one command, rings, returns its completion (null if the device posted none). */
        Completion submit(Command c) {
            int cid = push(c);
            ringSq();
            Completion done = await();
            if (done != null && done.cid() != cid) {
                throw new AssertionError("completion for cid " + done.cid() + " while waiting for " + cid);
            }
            return done;
        }
    }

    /** A completion entry, read. */
    record Completion(int dw0, int sqhd, int sqid, int cid, int status) {
        boolean ok() {
            return status == Status.SUCCESS;
        }

        @Override
        public String toString() {
            return "Completion[cid=" + cid + " sqid=" + sqid + " sqhd=" + sqhd + " dw0=0x" + Integer.toHexString(dw0)
                    + " " + Status.describe(status) + "]";
        }
    }

    /** A 64-byte command under construction. */
    static final class Command {
        final MemorySegment bytes = MemorySegment.ofArray(new byte[SubmissionEntry.SIZE]);
        int cid = -1;

        static Command of(int opcode) {
            Command c = new Command();
            SubmissionEntry.setCdw0(c.bytes, 0, opcode, 0, 0);
            return c;
        }

        Command flags(int flags) {
            bytes.set(ValueLayout.JAVA_BYTE, SubmissionEntry.FLAGS, (byte) flags);
            return this;
        }

        Command cid(int v) {
            cid = v;
            return this;
        }

        Command nsid(int v) {
            SubmissionEntry.setNsid(bytes, 0, v);
            return this;
        }

        Command prp1(long v) {
            SubmissionEntry.setPrp1(bytes, 0, v);
            return this;
        }

        Command prp2(long v) {
            SubmissionEntry.setPrp2(bytes, 0, v);
            return this;
        }

        Command mptr(long v) {
            SubmissionEntry.setMptr(bytes, 0, v);
            return this;
        }

        Command cdw(int n, int v) {
            SubmissionEntry.setCdw(bytes, 0, n, v);
            return this;
        }

        Command data(DmaBuffer b) {
            return prp1(b.deviceAddress());
        }

        static Command rw(int opcode, int nsid, long slba, int blocks) {
            return of(opcode).nsid(nsid).cdw(10, (int) slba).cdw(11, (int) (slba >>> 32)).cdw(12, blocks - 1);
        }
    }

    TestHost(EmulatorConfig cfg, long memoryBytes) {
        this.fn = EmulatedNvmeFunction.open(cfg, memoryBytes);
        this.ctrl = fn.controller();
        this.mem = fn.memory();
        this.dstrd = cfg.dstrd();
    }

    /** A host for a controller built directly (any {@link io.nvmebridge.spec.device.HostMemory}); owns both. */
    TestHost(EmulatedController ctrl, DmaMemory mem) {
        this.fn = null;
        this.ctrl = ctrl;
        this.mem = mem;
        this.dstrd = ctrl.config().dstrd();
    }

    static TestHost started(EmulatorConfig cfg) {
        return started(cfg, 16L << 20);
    }

    static TestHost started(EmulatorConfig cfg, long memoryBytes) {
        TestHost h = new TestHost(cfg, memoryBytes);
        h.enable();
        return h;
    }

    static EmulatorConfig.Builder ramConfig() {
        return EmulatorConfig.builder().namespace(NamespaceConfig.ram(1, 2048, 512));
    }

    /** Sets up the admin queue and enables the controller; asserts CSTS.RDY. */
    void enable() {
        admin = new QueuePair(0, ADMIN_ENTRIES);
        ctrl.write32(ControllerRegisters.AQA, Aqa.of(ADMIN_ENTRIES, ADMIN_ENTRIES));
        ctrl.write64(ControllerRegisters.ASQ, admin.sq.deviceAddress());
        ctrl.write64(ControllerRegisters.ACQ, admin.cq.deviceAddress());
        ctrl.write32(ControllerRegisters.CC, Cc.enable(0, 6, 4));
        int csts = ctrl.read32(ControllerRegisters.CSTS);
        if (Csts.RDY.get(csts) != 1) {
            throw new AssertionError("controller not ready: " + Csts.describe(csts));
        }
    }

    /** Disables the controller (CC.EN 1→0) and waits for RDY 0. */
    void disable() {
        ctrl.write32(ControllerRegisters.CC, 0);
        if (Csts.RDY.get(ctrl.read32(ControllerRegisters.CSTS)) != 0) {
            throw new AssertionError("controller still ready after reset");
        }
    }

    Completion adminCommand(Command c) {
        return admin.submit(c);
    }

    /** Creates I/O CQ and SQ {@code qid} with {@code entries} entries; asserts success. */
    QueuePair createIoQueuePair(int qid, int entries) {
        QueuePair qp = new QueuePair(qid, entries);
        Completion c = adminCommand(Command.of(AdminOpcode.CREATE_IO_CQ).prp1(qp.cq.deviceAddress())
                .cdw(10, QueueCommands.createCdw10(qid, entries)).cdw(11, QueueCommands.createCqCdw11(false, 0)));
        if (!c.ok()) {
            throw new AssertionError("create CQ failed: " + c);
        }
        c = adminCommand(Command.of(AdminOpcode.CREATE_IO_SQ).prp1(qp.sq.deviceAddress())
                .cdw(10, QueueCommands.createCdw10(qid, entries)).cdw(11, QueueCommands.createSqCdw11(qid, 0)));
        if (!c.ok()) {
            throw new AssertionError("create SQ failed: " + c);
        }
        return qp;
    }

    DmaBuffer buffer(long size) {
        return mem.allocate(size, PAGE);
    }

    /** A fresh page-aligned buffer of {@code size} bytes holding {@link #fill}'s pattern for {@code seed}. */
    DmaBuffer pattern(long size, int seed) {
        DmaBuffer b = buffer(size);
        fill(b.segment(), seed);
        return b;
    }

    /** Identify into a fresh 4 KiB buffer; returns the buffer (asserts success). */
    MemorySegment identify(int cns, int nsid) {
        DmaBuffer b = buffer(4096);
        Completion c = adminCommand(Command.of(AdminOpcode.IDENTIFY).nsid(nsid).data(b).cdw(10, cns));
        if (!c.ok()) {
            throw new AssertionError("identify failed: " + c);
        }
        return b.segment();
    }

    Completion read(QueuePair q, int nsid, long lba, int blocks, DmaBuffer b) {
        return q.submit(Command.rw(NvmOpcode.READ, nsid, lba, blocks).data(b).prp2(secondPage(b)));
    }

    Completion write(QueuePair q, int nsid, long lba, int blocks, DmaBuffer b) {
        return q.submit(Command.rw(NvmOpcode.WRITE, nsid, lba, blocks).data(b).prp2(secondPage(b)));
    }

    /** PRP2 for a buffer of at most two pages (tests of longer transfers build lists themselves). */
    static long secondPage(DmaBuffer b) {
        return b.size() > PAGE ? b.deviceAddress() + PAGE : 0;
    }

    static void fill(MemorySegment s, int seed) {
        for (long i = 0; i < s.byteSize(); i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 31 + seed));
        }
    }

    @Override
    public void close() {
        if (fn != null) {
            fn.close();
        } else {
            ctrl.close();
            mem.close();
        }
    }
}
