package io.nvmebridge.bench;

import io.nvmebridge.bridge.DataPath;
import io.nvmebridge.bridge.ForwardingPath;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plain benchmark harness (no JMH): bridge rates and bytes allocated per I/O for each path and batch,
 * the CompletableFuture layer, and the kernel's io_uring NOP rate as a yardstick (a small liburing C
 * program, compiled with {@code gcc -luring} on the spot), with each rate's ratio to the kernel NOP rate
 * at the same batch.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp nvme-bridge.jar io.nvmebridge.bench.RingBench [seconds]</pre>
 */
public final class RingBench {
    private RingBench() {
    }

    record Result(String name, int batch, double opsPerSec, double bytesPerOp) {
    }

    static final String[] SUBJECTS = {"inline ring 1", "inline ring 32", "sqpoll ring 1", "sqpoll ring 32",
            "inline future 1", "inline future 32"};

    /**
     * Without a subject argument: runs every subject in a JVM of its own (so one subject's JIT profile
     * does not slow the next), then the kernel NOP yardstick, and prints the table. With one: runs just
     * that subject here and prints its row.
     */
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        if (args.length > 1) {
            Result r = runSubject(args[1], seconds);
            System.out.printf(Locale.ROOT, "RESULT|%s|%d|%f|%f%n", r.name, r.batch, r.opsPerSec, r.bytesPerOp);
            return;
        }
        List<Result> results = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        for (String subject : SUBJECTS) {
            Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", cp,
                    RingBench.class.getName(), Double.toString(seconds), subject).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            String line = out.lines().filter(l -> l.startsWith("RESULT|")).findFirst()
                    .orElseThrow(() -> new IllegalStateException(subject + " failed:\n" + out));
            String[] f = line.split("\\|");
            results.add(new Result(f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])));
        }
        double[] kernel = {kernelNops(1, seconds), kernelNops(32, seconds)};
        System.out.printf(Locale.ROOT, "%-16s %5s %14s %10s %10s %14s%n", "subject", "batch", "I/O per s", "ns/I/O",
                "B/op", "x kernel NOP");
        for (Result r : results) {
            double k = kernel[r.batch == 1 ? 0 : 1];
            System.out.printf(Locale.ROOT, "%-16s %5d %14.0f %10.1f %10.2f %14s%n", r.name, r.batch, r.opsPerSec,
                    1e9 / r.opsPerSec, r.bytesPerOp, k > 0 ? String.format(Locale.ROOT, "%.2f", r.opsPerSec / k) : "n/a");
        }
        for (int i = 0; i < 2; i++) {
            System.out.printf(Locale.ROOT, "%-16s %5d %14s%n", "kernel NOP", i == 0 ? 1 : 32,
                    kernel[i] > 0 ? String.format(Locale.ROOT, "%.0f", kernel[i]) : "unavailable");
        }
    }

    static Result runSubject(String subject, double seconds) throws Exception {
        String[] w = subject.split(" ");
        ForwardingPath path = ForwardingPath.parse(w[0]);
        int batch = Integer.parseInt(w[2]);
        return run(w[0] + " " + w[1], path, batch, w[1].equals("future"), seconds);
    }

    static Result run(String name, ForwardingPath path, int batch, boolean future, double seconds) throws Exception {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (BridgeBenchSetup s = new BridgeBenchSetup(path, DataPath.FIXED, batch)) {
            long warmEnd = System.nanoTime() + (long) (1e9 * Math.min(2, seconds));
            while (System.nanoTime() < warmEnd) {
                for (int i = 0; i < 100; i++) {
                    step(s, future);
                }
            }
            long ops0 = s.completed;
            long bytes0 = mx.getTotalThreadAllocatedBytes();
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                for (int i = 0; i < 100; i++) {
                    step(s, future);
                }
            }
            long t1 = System.nanoTime();
            long bytes1 = mx.getTotalThreadAllocatedBytes();
            long ops = s.completed - ops0;
            return new Result(name, batch, ops * 1e9 / (t1 - t0), (double) (bytes1 - bytes0) / ops);
        }
    }

    private static void step(BridgeBenchSetup s, boolean future) throws Exception {
        if (future) {
            s.futureBatch();
        } else {
            s.ringBatch();
        }
    }

    /** Kernel io_uring NOPs per second at {@code batch}, or -1 when gcc/liburing/io_uring is unavailable. */
    static double kernelNops(int batch, double seconds) {
        try {
            Path dir = Files.createTempDirectory("nopbench");
            Path src = dir.resolve("uring_nop_bench.c");
            try (var in = RingBench.class.getResourceAsStream("/c/uring_nop_bench.c")) {
                if (in == null) {
                    System.err.println("uring_nop_bench.c not bundled");
                    return -1;
                }
                Files.copy(in, src);
            }
            Path exe = dir.resolve("uring_nop_bench");
            Process gcc = new ProcessBuilder("gcc", "-O2", "-o", exe.toString(), src.toString(), "-luring")
                    .redirectErrorStream(true).start();
            String gccOut = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (gcc.waitFor() != 0) {
                System.err.println("gcc failed: " + gccOut);
                return -1;
            }
            Process p = new ProcessBuilder(exe.toString(), Integer.toString(batch), Double.toString(seconds))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                System.err.println("kernel io_uring NOP benchmark: " + out);
                return -1;
            }
            return Double.parseDouble(out.substring(out.indexOf("ops_per_sec=") + 12).trim());
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("kernel io_uring NOP benchmark unavailable: " + e);
            return -1;
        }
    }
}
