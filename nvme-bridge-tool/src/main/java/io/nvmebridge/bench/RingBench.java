package io.nvmebridge.bench;

import io.nvmebridge.tool.bench.KernelUringBaseline;
import io.nvmebridge.tool.bench.ShmBenchClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The plain benchmark harness behind {@code ./nvme-bridge ring-bench} (no JMH): in one run on one
 * machine, 4 KiB random reads of {@link BridgeBenchSetup}'s device through the ring's inline and SQPOLL
 * paths, the CompletableFuture layer and the cross-process shared-memory ring driven by a C client (and the
 * inline ring forwarding NOPs, the bridge's own cost), at
 * batch 1 and 32, next to Linux's own io_uring doing NOPs in the same batches — the yardstick each rate
 * is divided by. Each Java subject runs in a JVM of its own ({@link RingBenchChild}), so one subject's
 * JIT profile does not shape the next one's code; its bytes allocated per I/O come from
 * ThreadMXBean. The C programs are built with gcc on first use; without gcc, liburing-dev or io_uring
 * their rows are "unavailable", not an error.
 */
public final class RingBench {
    public static final List<Integer> BATCHES = List.of(1, 32);
    /** Rows a run returns: every subject at every batch. */
    public static final int ROWS = RingBenchSubject.values().length * BATCHES.size();
    /** Most runs of every row {@code --repeat} asks for. */
    public static final int MAX_REPEATS = 20;

    private final double seconds;
    private final double warmup;
    private final NullReads reads;
    private final int repeats;
    private final Consumer<String> progress;
    private int started;

    private RingBench(double seconds, NullReads reads, int repeats, Consumer<String> progress) {
        this.seconds = seconds;
        this.reads = reads;
        this.repeats = repeats;
        this.warmup = warmupSeconds(seconds);
        this.progress = progress;
    }

    /** Unmeasured time before each JVM subject's measurement: enough for C2 to compile the loop. */
    public static double warmupSeconds(double seconds) {
        return Math.min(2, seconds);
    }

    /**
     * Measures every subject for {@code seconds} (after a warm-up) and returns the rows in
     * {@link RingBenchSubject} order, batch 1 before 32. With {@code repeats} above 1 the whole set of rows
     * is measured that many times, one set after the other (so that a change in the machine over the run
     * falls on every row alike), and each row is the run with the median rate ({@link RingBenchRow#median}).
     * {@code progress} hears what starts next.
     */
    public static List<RingBenchRow> run(double seconds, NullReads reads, int repeats, Consumer<String> progress)
            throws InterruptedException {
        if (repeats < 1 || repeats > MAX_REPEATS) {
            throw new IllegalArgumentException("repeats must be 1 to " + MAX_REPEATS + ", not " + repeats);
        }
        return new RingBench(seconds, reads, repeats, progress).runAll();
    }

    private List<RingBenchRow> runAll() throws InterruptedException {
        List<List<RingBenchRow>> sets = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            sets.add(runOnce());
        }
        List<RingBenchRow> rows = new ArrayList<>();
        for (int row = 0; row < sets.getFirst().size(); row++) {
            List<RingBenchRow> runs = new ArrayList<>();
            for (List<RingBenchRow> set : sets) {
                runs.add(set.get(row));
            }
            rows.add(RingBenchRow.median(runs));
        }
        return rows;
    }

    private List<RingBenchRow> runOnce() throws InterruptedException {
        List<RingBenchRow> rows = new ArrayList<>();
        for (RingBenchSubject s : List.of(RingBenchSubject.INLINE_RING, RingBenchSubject.INLINE_NOP,
                RingBenchSubject.DRIVER_QUEUE, RingBenchSubject.SQPOLL_RING, RingBenchSubject.INLINE_FUTURE)) {
            for (int batch : BATCHES) {
                rows.add(inOwnJvm(s, batch));
            }
        }
        // built here, once, so that a missing gcc is reported as such; the subject's JVM finds it cached
        String noClient = null;
        try {
            ShmBenchClient.build();
        } catch (IOException e) {
            noClient = e.getMessage();
        }
        for (int batch : BATCHES) {
            rows.add(noClient != null ? unavailable(RingBenchSubject.SHM_RING, batch, noClient)
                    : inOwnJvm(RingBenchSubject.SHM_RING, batch));
        }
        KernelUringBaseline kernel = null;
        String noKernel = null;
        try {
            kernel = KernelUringBaseline.open();
        } catch (IOException e) {
            noKernel = e.getMessage();
        }
        for (int batch : BATCHES) {
            rows.add(kernel == null ? unavailable(RingBenchSubject.KERNEL_NOP, batch, noKernel) : kernelNops(kernel, batch));
        }
        return rows;
    }

    private RingBenchRow kernelNops(KernelUringBaseline kernel, int batch) throws InterruptedException {
        announce(RingBenchSubject.KERNEL_NOP, batch);
        try {
            var r = kernel.nopBatches(batch, seconds);
            return RingBenchRow.measured(RingBenchSubject.KERNEL_NOP, batch, r.iops(), Double.NaN, Double.NaN, Double.NaN);
        } catch (IOException e) {
            // io_uring_setup refused (a sandbox, io_uring_disabled): this machine has no yardstick
            return unavailable(RingBenchSubject.KERNEL_NOP, batch, e.getMessage());
        }
    }

    /** Runs one subject in a fresh JVM (this java binary, class path and -X options) and reads its result line. */
    private RingBenchRow inOwnJvm(RingBenchSubject subject, int batch) throws InterruptedException {
        announce(subject, batch);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(childJvmOptions());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RingBenchChild.class.getName(), subject.name(),
                Integer.toString(batch), Double.toString(warmup), Double.toString(seconds), reads.name()));
        Path log = null;
        Process p = null;
        try {
            // output into a file, not a pipe: a child that hangs is then still caught by the timeout
            log = Files.createTempFile("ring-bench", ".out");
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            Process child = p;
            // JVM start and device set-up on top of the run, generously: the machine may be busy
            long limitMillis = (long) ((warmup + seconds) * 1000) + 120_000;
            if (!p.waitFor(limitMillis, TimeUnit.MILLISECONDS)) {
                return failed(subject, batch, "did not finish in " + limitMillis / 1000 + " s");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            String result = out.lines().filter(l -> l.startsWith(RingBenchChild.RESULT)).findFirst().orElse(null);
            if (child.exitValue() != 0 || result == null) {
                String why = out.lines().filter(l -> l.startsWith(RingBenchChild.ERROR)).findFirst()
                        .map(l -> l.substring(RingBenchChild.ERROR.length()))
                        .orElse(out.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("exit " + child.exitValue()));
                return failed(subject, batch, why);
            }
            return parse(subject, batch, result.substring(RingBenchChild.RESULT.length()));
        } catch (IOException e) {
            return failed(subject, batch, e.getMessage());
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly().waitFor();
            }
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /**
     * Native access (the rings' futexes and mappings) and this JVM's -X options — GC, heap and stack as
     * ./nvme-bridge chose them, so a subject runs as it would in the tool — but no agents or debuggers.
     */
    static List<String> childJvmOptions() {
        List<String> o = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-X") && !a.startsWith("-Xrun") && !a.startsWith("-Xdebug")) {
                o.add(a);
            }
        }
        return o;
    }

    private static RingBenchRow parse(RingBenchSubject subject, int batch, String kvs) {
        long ios = 0;
        double secs = 0;
        double bytes = Double.NaN;
        double rttBefore = Double.NaN;
        double rttAfter = Double.NaN;
        for (String kv : kvs.split(" ")) {
            String[] p = kv.split("=", 2);
            switch (p[0]) {
                case "ios" -> ios = Long.parseLong(p[1]);
                case "seconds" -> secs = Double.parseDouble(p[1]);
                case "bytes_per_io" -> bytes = Double.parseDouble(p[1]);
                case "core_rtt_ns" -> {
                    String[] ba = p[1].split(",", 2);
                    rttBefore = Double.parseDouble(ba[0]);
                    rttAfter = Double.parseDouble(ba[1]);
                }
                default -> throw new IllegalStateException("unexpected result field " + kv);
            }
        }
        if (ios <= 0 || secs <= 0) {
            return failed(subject, batch, "no I/O completed");
        }
        return RingBenchRow.measured(subject, batch, ios / secs, subject.allocationMeasured() ? bytes : Double.NaN,
                rttBefore, rttAfter);
    }

    private void announce(RingBenchSubject subject, int batch) {
        started++;
        progress.accept("ring-bench: %d/%d %s batch %d".formatted(started, ROWS * repeats, subject.label(), batch));
    }

    private static RingBenchRow unavailable(RingBenchSubject s, int batch, String why) {
        return RingBenchRow.notMeasured(s, batch, RingBenchRow.Outcome.UNAVAILABLE, why);
    }

    private static RingBenchRow failed(RingBenchSubject s, int batch, String why) {
        return RingBenchRow.notMeasured(s, batch, RingBenchRow.Outcome.FAILED, why);
    }
}
