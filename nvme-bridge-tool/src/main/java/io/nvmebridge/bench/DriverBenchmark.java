package io.nvmebridge.bench;

import io.nvmebridge.driver.DriverOptions;
import io.nvmebridge.driver.IoCompletionHandler;
import io.nvmebridge.driver.IoQueuePair;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.driver.RegisteredBuffer;
import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorConfig;
import io.nvmebridge.emulator.EmulatorMode;
import io.nvmebridge.emulator.NamespaceConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The driver's I/O path on the inline emulator with a NULL namespace (zero-filled or untouched reads): 4 KiB
 * random reads at queue depth 1 and 32. Throughput in ops/s (1e9 / score = ns per I/O); run with
 * {@code -prof gc} to see the allocation rate (expected 0 B/op). MMIO doorbell writes per I/O are printed at
 * the end of each trial.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp nvme-bridge-tool/target/nvme-bridge.jar org.openjdk.jmh.Main \
 *      DriverBenchmark -f 1 -wi 2 -i 3 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class DriverBenchmark {
    private static final int NSID = 1;
    private static final long BLOCKS = 1L << 20; // 4 GiB of 4 KiB blocks, NULL backed
    private static final int DEPTH_MAX = 32;
    private static final int LBAS = 1 << 16;

    /** Shadow doorbells off or on (compare the printed MMIO writes per I/O). */
    @Param({"false", "true"})
    public boolean shadowDoorbells;

    /**
     * zeroes: the NULL namespace fills each read buffer; untouched: NULL_NO_DATA leaves it — the driver and the
     * device's command path alone, the floor under any ring on top ({@link RingBenchmark} uses the same pair).
     */
    @Param({"zeroes", "untouched"})
    public String nullReads;

    private EmulatedNvmeFunction fn;
    private NvmeController ctrl;
    private IoQueuePair q;
    private RegisteredBuffer buf;
    private final long[] lbas = new long[LBAS];
    private int next;
    private int completed;
    private int errors;
    private long ios;
    private long mmioBefore;
    private boolean draining;
    private final IoCompletionHandler once = this::onceDone;
    private final IoCompletionHandler refill = this::refillDone;

    @Setup(Level.Trial)
    public void setUp() {
        NamespaceConfig ns = switch (NullReads.parse(nullReads)) {
            case ZEROES -> NamespaceConfig.nullDevice(NSID, BLOCKS, 4096);
            case UNTOUCHED -> NamespaceConfig.nullNoData(NSID, BLOCKS, 4096);
            case null -> throw new IllegalArgumentException("nullReads must be zeroes or untouched, not " + nullReads);
        };
        EmulatorConfig cfg = EmulatorConfig.builder().mode(EmulatorMode.INLINE).namespace(ns).build();
        fn = EmulatedNvmeFunction.open(cfg, 64L * 1024 * 1024);
        ctrl = NvmeController.open(fn, DriverOptions.defaults().withShadowDoorbells(shadowDoorbells));
        q = ctrl.createIoQueuePair(64);
        buf = ctrl.registerBuffer(fn.dma().allocate(DEPTH_MAX * 4096L, 4096));
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < LBAS; i++) {
            lbas[i] = rnd.nextLong(BLOCKS);
        }
        mmioBefore = ctrl.mmioWrites();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        // drain the depth-32 pipeline before closing
        draining = true;
        while (q.outstanding() > 0) {
            q.poll(64);
        }
        long mmio = ctrl.mmioWrites() - mmioBefore;
        System.out.printf("%n[DriverBenchmark] %d I/Os, %d errors, %.3f MMIO writes per I/O, shadow doorbells %s%n",
                ios, errors, ios == 0 ? 0.0 : (double) mmio / ios, q.shadowDoorbells());
        ctrl.close();
        fn.close();
    }

    private void onceDone(long userData, int status, long result) {
        completed++;
        ios++;
        if (status != 0) {
            errors++;
        }
    }

    private void refillDone(long userData, int status, long result) {
        completed++;
        ios++;
        if (status != 0) {
            errors++;
        }
        // keep the depth: resubmit into the same buffer slot
        if (!draining) {
            q.read(NSID, lbas[next++ & (LBAS - 1)], 1, buf, userData * 4096, userData, refill);
        }
    }

    /** One 4 KiB random read: submit, ring, poll until done. */
    @Benchmark
    public int randomRead4kQd1() {
        completed = 0;
        q.read(NSID, lbas[next++ & (LBAS - 1)], 1, buf, 0, 0, once);
        while (completed == 0) {
            q.poll(1);
        }
        return completed;
    }

    /** 32 reads completed (each replaced at once), keeping 32 outstanding. */
    @Benchmark
    @OperationsPerInvocation(DEPTH_MAX)
    public int randomRead4kQd32() {
        if (q.outstanding() == 0) {
            for (int i = 0; i < DEPTH_MAX; i++) {
                q.read(NSID, lbas[next++ & (LBAS - 1)], 1, buf, i * 4096L, i, refill);
            }
        }
        completed = 0;
        while (completed < DEPTH_MAX) {
            q.poll(DEPTH_MAX);
        }
        return completed;
    }
}
