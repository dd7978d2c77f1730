package io.nvmebridge.bench;

import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorConfig;
import io.nvmebridge.emulator.EmulatorMode;
import io.nvmebridge.emulator.NamespaceConfig;
import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.CompletionEntry;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.QueueCommands;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.DmaMemory;
import io.nvmebridge.spec.regs.Aqa;
import io.nvmebridge.spec.regs.Cc;
import io.nvmebridge.spec.regs.ControllerRegisters;
import io.nvmebridge.spec.regs.Csts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * The inline emulator's command path: 4 KiB reads of a NULL (or RAM) namespace in batches of 32 — write 32 SQEs,
 * ring the SQ doorbell once (the emulator executes all 32 on this thread), consume the 32 CQEs and ring the
 * CQ head doorbell. Scores are per command; {@code -prof gc} must show 0 B/op. The THREADED variant measures
 * the same loop against the device worker thread (host spins on phase tags), on a shared 2-core machine a
 * rough figure only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class EmulatorBenchmark {
    static final int BATCH = 32;
    private static final VarHandle STATUS_WORD = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    static final int QUEUE_ENTRIES = 64;
    static final int BLOCK = 4096;
    static final int ADMIN_ENTRIES = 8;

    /** NULL: pure command path (reads return zeroes); RAM: plus a 4 KiB copy from off-heap storage. */
    @Param({"NULL", "RAM"})
    public String backing;

    /** INLINE: the doorbell write runs the commands; THREADED: the device worker does, the host spins on phase tags. */
    @Param({"INLINE", "THREADED"})
    public String mode;

    private EmulatedNvmeFunction fn;
    private boolean threaded;
    private MemorySegment sq;
    private MemorySegment cq;
    /** The 32 read commands, pre-built; each batch copies them into the SQ (as a driver writes SQEs). */
    private MemorySegment templates;
    private long sqDoorbell;
    private long cqDoorbell;
    private int sqTail;
    private int cqHead;
    private int phase = 1;

    @Setup(Level.Trial)
    public void setUp() {
        EmulatorConfig cfg = EmulatorConfig.builder()
                .mode(EmulatorMode.valueOf(mode))
                .namespace("RAM".equals(backing) ? NamespaceConfig.ram(1, 4096, BLOCK) : NamespaceConfig.nullDevice(1, 1L << 20, BLOCK))
                .build();
        fn = EmulatedNvmeFunction.open(cfg, 8L << 20);
        threaded = cfg.mode() == EmulatorMode.THREADED;
        DmaMemory mem = fn.memory();
        DmaBuffer asq = mem.allocate((long) ADMIN_ENTRIES * SubmissionEntry.SIZE, 4096);
        DmaBuffer acq = mem.allocate((long) ADMIN_ENTRIES * CompletionEntry.SIZE, 4096);
        fn.write32(ControllerRegisters.AQA, Aqa.of(ADMIN_ENTRIES, ADMIN_ENTRIES));
        fn.write64(ControllerRegisters.ASQ, asq.deviceAddress());
        fn.write64(ControllerRegisters.ACQ, acq.deviceAddress());
        fn.write32(ControllerRegisters.CC, Cc.enable(0, SubmissionEntry.SIZE_LOG2, CompletionEntry.SIZE_LOG2));
        if (Csts.RDY.get(fn.read32(ControllerRegisters.CSTS)) != 1) {
            throw new IllegalStateException("emulated controller did not become ready");
        }
        DmaBuffer iosq = mem.allocate((long) QUEUE_ENTRIES * SubmissionEntry.SIZE, 4096);
        DmaBuffer iocq = mem.allocate((long) QUEUE_ENTRIES * CompletionEntry.SIZE, 4096);
        adminCommand(asq, acq, 0, AdminOpcode.CREATE_IO_CQ, iocq.deviceAddress(),
                QueueCommands.createCdw10(1, QUEUE_ENTRIES), QueueCommands.createCqCdw11(false, 0));
        adminCommand(asq, acq, 1, AdminOpcode.CREATE_IO_SQ, iosq.deviceAddress(),
                QueueCommands.createCdw10(1, QUEUE_ENTRIES), QueueCommands.createSqCdw11(1, 0));
        sq = iosq.segment();
        cq = iocq.segment();
        sqDoorbell = ControllerRegisters.sqTailDoorbell(1, 0);
        cqDoorbell = ControllerRegisters.cqHeadDoorbell(1, 0);
        templates = MemorySegment.ofArray(new byte[BATCH * SubmissionEntry.SIZE]);
        DmaBuffer data = mem.allocate((long) BATCH * BLOCK, 4096);
        for (int i = 0; i < BATCH; i++) {
            long at = (long) i * SubmissionEntry.SIZE;
            SubmissionEntry.setCdw0(templates, at, NvmOpcode.READ, 0, i);
            SubmissionEntry.setNsid(templates, at, 1);
            SubmissionEntry.setPrp1(templates, at, data.deviceAddress((long) i * BLOCK));
            SubmissionEntry.setCdw(templates, at, 10, i * 8);
            SubmissionEntry.setCdw(templates, at, 12, 0); // one 4 KiB block
        }
    }

    private void adminCommand(DmaBuffer asq, DmaBuffer acq, int slot, int opcode, long prp1, int cdw10, int cdw11) {
        MemorySegment s = asq.segment();
        long at = (long) slot * SubmissionEntry.SIZE;
        SubmissionEntry.setCdw0(s, at, opcode, 0, slot);
        SubmissionEntry.setPrp1(s, at, prp1);
        SubmissionEntry.setCdw(s, at, 10, cdw10);
        SubmissionEntry.setCdw(s, at, 11, cdw11);
        fn.write32(ControllerRegisters.sqTailDoorbell(0, 0), slot + 1);
        long cqe = (long) slot * CompletionEntry.SIZE;
        long deadline = System.nanoTime() + 5_000_000_000L;
        int word = CompletionEntry.statusWord(acq.segment(), cqe);
        while (CompletionEntry.phase(word) != 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            word = (short) STATUS_WORD.getAcquire(acq.segment(), cqe + CompletionEntry.STATUS) & 0xFFFF;
        }
        if (CompletionEntry.phase(word) != 1 || CompletionEntry.status(word) != 0) {
            throw new IllegalStateException("admin command 0x" + Integer.toHexString(opcode) + " failed: 0x"
                    + Integer.toHexString(word));
        }
        fn.write32(ControllerRegisters.cqHeadDoorbell(0, 0), slot + 1);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int read4kBatch32() {
        for (int i = 0; i < BATCH; i++) {
            MemorySegment.copy(templates, (long) i * SubmissionEntry.SIZE, sq, (long) sqTail * SubmissionEntry.SIZE,
                    SubmissionEntry.SIZE);
            sqTail = sqTail + 1 == QUEUE_ENTRIES ? 0 : sqTail + 1;
        }
        fn.write32(sqDoorbell, sqTail);
        int errors = 0;
        for (int i = 0; i < BATCH; i++) {
            long at = (long) cqHead * CompletionEntry.SIZE;
            // acquire: pairs with the device's release before the phase word (matters in THREADED mode)
            int word = (short) STATUS_WORD.getAcquire(cq, at + CompletionEntry.STATUS) & 0xFFFF;
            while (CompletionEntry.phase(word) != phase) {
                if (!threaded) {
                    throw new IllegalStateException("completion missing at CQ slot " + cqHead);
                }
                Thread.onSpinWait();
                word = (short) STATUS_WORD.getAcquire(cq, at + CompletionEntry.STATUS) & 0xFFFF;
            }
            errors += CompletionEntry.status(word);
            cqHead++;
            if (cqHead == QUEUE_ENTRIES) {
                cqHead = 0;
                phase ^= 1;
            }
        }
        fn.write32(cqDoorbell, cqHead);
        return errors;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fn.close();
    }
}
