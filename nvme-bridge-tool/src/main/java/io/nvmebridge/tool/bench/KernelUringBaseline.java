package io.nvmebridge.tool.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Linux's own io_uring, measured in the same run: a small liburing C program ({@link BundledCProgram}
 * {@code uring_baseline}) run as a separate process. It keeps DEPTH requests in flight — NOPs, or 4 KiB
 * random reads of the benchmark's backing file — or submits and reaps NOPs in whole batches, and prints
 * one result line.
 */
public final class KernelUringBaseline {
    private final BundledCProgram program;

    private KernelUringBaseline(BundledCProgram program) {
        this.program = program;
    }

    /** Builds the helper if needed; fails with a one-line message naming what is missing. */
    public static KernelUringBaseline build() throws IOException, InterruptedException {
        return new KernelUringBaseline(BundledCProgram.build("uring_baseline"));
    }

    /** NOPs with {@code depth} in flight for {@code seconds}. */
    public BenchResult nop(int depth, double seconds) throws IOException, InterruptedException {
        return parse("kernel-nop qd" + depth, "kernel-io_uring-nop", depth, 0,
                program.run(List.of("nop", Integer.toString(depth), Double.toString(seconds)), seconds));
    }

    /**
     * NOPs in batches for {@code seconds}: {@code batch} submitted with one io_uring_submit_and_wait, all
     * reaped, repeated (ring-bench's yardstick; {@code iodepth} of the result is the batch).
     */
    public BenchResult nopBatches(int batch, double seconds) throws IOException, InterruptedException {
        return parse("kernel-nop batch" + batch, "kernel-io_uring-nop-batch", batch, 0,
                program.run(List.of("nop-batch", Integer.toString(batch), Double.toString(seconds)), seconds));
    }

    /** Buffered random reads of {@code bs} bytes from {@code file}, {@code depth} in flight. */
    public BenchResult read(Path file, int bs, int depth, double seconds) throws IOException, InterruptedException {
        return parse("kernel-read qd" + depth, "kernel-io_uring-read", depth, bs,
                program.run(List.of("read", Integer.toString(depth), Double.toString(seconds), file.toString(),
                        Integer.toString(bs)), seconds));
    }

    private static BenchResult parse(String label, String path, int depth, int bs, String line) {
        long ios = 0;
        double seconds = 0;
        long cpu = 0;
        long errors = 0;
        double[] at = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        String[] keys = {"p50", "p90", "p99", "p999", "max"};
        for (String kv : line.split(" ")) {
            String[] p = kv.split("=", 2);
            switch (p[0]) {
                case "ios" -> ios = Long.parseLong(p[1]);
                case "seconds" -> seconds = Double.parseDouble(p[1]);
                case "cpu_ns" -> cpu = Long.parseLong(p[1]);
                case "errors" -> errors = Long.parseLong(p[1]);
                default -> {
                    for (int i = 0; i < keys.length; i++) {
                        if (p[0].equals(keys[i])) {
                            at[i] = Long.parseLong(p[1]);
                        }
                    }
                }
            }
        }
        if (ios == 0) {
            at = new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        Latency lat = new Latency(at[0], at[1], at[2], at[3], at[4], Double.NaN);
        return new BenchResult(label, path, "linux kernel " + System.getProperty("os.version"), null, depth, ios,
                bs == 0 ? 0 : ios, 0, seconds, bs, lat, ios == 0 ? Double.NaN : (double) cpu / ios, Double.NaN,
                Double.NaN, errors, 0, 0, 0);
    }
}
