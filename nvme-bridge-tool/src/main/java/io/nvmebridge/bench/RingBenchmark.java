package io.nvmebridge.bench;

import io.nvmebridge.bridge.DataPath;
import io.nvmebridge.bridge.ForwardingPath;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import java.util.concurrent.TimeUnit;

/**
 * 4 KiB random reads of a NULL namespace through the bridge (ring API and CompletableFuture layer), on
 * the inline and sqpoll paths, in batches of 1 and 32. Scores are per batch; divide by {@code batch}
 * for per I/O ({@code ./nvme-bridge ring-bench}, the plain harness {@link RingBench}, prints per-I/O
 * numbers next to the kernel's io_uring NOP rate). Run with
 * {@code -prof gc} for B/op: the ring methods must show 0.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp nvme-bridge.jar org.openjdk.jmh.Main RingBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RingBenchmark {
    @Param({"INLINE", "SQPOLL"})
    public String path;

    @Param({"1", "32"})
    public int batch;

    /** zeroes: the NULL namespace fills each read buffer; untouched: NULL_NO_DATA leaves it. */
    @Param({"untouched", "zeroes"})
    public String nullReads;

    private BridgeBenchSetup setup;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        setup = new BridgeBenchSetup(ForwardingPath.parse(path), DataPath.FIXED, batch, NullReads.parse(nullReads));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        setup.close();
    }

    @Benchmark
    public long ring() {
        setup.ringBatch();
        return setup.completed;
    }

    @Benchmark
    public long future() throws Exception {
        setup.futureBatch();
        return setup.completed;
    }
}
