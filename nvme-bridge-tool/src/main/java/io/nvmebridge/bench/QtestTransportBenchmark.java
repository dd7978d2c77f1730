package io.nvmebridge.bench;

import io.nvmebridge.qemu.QemuConfig;
import io.nvmebridge.qemu.QemuNvmeFunction;
import io.nvmebridge.qemu.qtest.QtestTransport;
import io.nvmebridge.spec.CompletionEntry;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.regs.Aqa;
import io.nvmebridge.spec.regs.Cc;
import io.nvmebridge.spec.regs.ControllerRegisters;
import io.nvmebridge.spec.regs.Csts;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a doorbell costs on QEMU's NVMe controller through each qtest transport: {@code doorbells} posted
 * writes of the admin SQ tail doorbell (value = current tail, so QEMU schedules its queue processing but finds
 * nothing new — the device-side work of a real doorbell without a command), then one sync that waits for all
 * their "OK"s. Divide the score by {@code doorbells} for the per-doorbell cost; {@code doorbells=1} is a full
 * round trip.
 *
 * <pre>
 * java -cp nvme-bridge-tool/target/nvme-bridge.jar org.openjdk.jmh.Main QtestTransportBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class QtestTransportBenchmark {
    @Param({"SOCKET_CHANNEL", "NETTY"})
    public QtestTransport transport;

    @Param({"1", "32"})
    public int doorbells;

    /**
     * What the posted writes hit: the admin SQ tail doorbell (MMIO into the NVMe model), or a word of guest
     * RAM through qtest (the same protocol cost without the device), to split the cost between the two.
     */
    @Param({"SQ_DOORBELL", "GUEST_RAM"})
    public String target;

    private QemuNvmeFunction f;
    private io.nvmebridge.qemu.qtest.QtestClient qtest;
    private long sqTailDoorbell;
    private long ramWord;

    @Setup(Level.Trial)
    public void launch() {
        f = QemuNvmeFunction.launch(QemuConfig.builder().qtestTransport(transport).build());
        DmaBuffer sq = f.dma().allocate(16L * SubmissionEntry.SIZE, 4096);
        DmaBuffer cq = f.dma().allocate(16L * CompletionEntry.SIZE, 4096);
        f.write32(ControllerRegisters.AQA, Aqa.of(16, 16));
        f.write64(ControllerRegisters.ASQ, sq.deviceAddress());
        f.write64(ControllerRegisters.ACQ, cq.deviceAddress());
        f.write32(ControllerRegisters.CC, Cc.enable(0, SubmissionEntry.SIZE_LOG2, CompletionEntry.SIZE_LOG2));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Csts.RDY.getInt(f.read32(ControllerRegisters.CSTS)) != 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("controller did not become ready");
            }
        }
        sqTailDoorbell = ControllerRegisters.sqTailDoorbell(0, 0);
        ramWord = f.dma().allocate(4096, 4096).deviceAddress();
        qtest = f.qemu().qtest();
    }

    @TearDown(Level.Trial)
    public void close() {
        f.close();
    }

    @Benchmark
    public boolean postedDoorbellsThenSync() {
        if (target.equals("GUEST_RAM")) {
            for (int i = 0; i < doorbells; i++) {
                qtest.writel(ramWord, i);
            }
        } else {
            for (int i = 0; i < doorbells; i++) {
                f.write32(sqTailDoorbell, 0);
            }
        }
        return f.flush();
    }
}
