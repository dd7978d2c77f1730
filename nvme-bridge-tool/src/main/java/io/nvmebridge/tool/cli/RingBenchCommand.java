package io.nvmebridge.tool.cli;

import io.nvmebridge.bench.NullReads;
import io.nvmebridge.bench.RingBench;
import io.nvmebridge.bench.RingBenchRow;
import io.nvmebridge.tool.bench.RingBenchReport;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./nvme-bridge ring-bench}: the ring bridge's forwarding paths, its CompletableFuture layer and the
 * shared-memory ring (driven by a C client) side by side with Linux's io_uring NOP rate, in one run, plus the
 * inline ring forwarding NOPs (the bridge's own cost, like for like with the kernel's NOPs) and the same reads
 * straight on a driver queue pair (the NVMe command's own cost, under every ring row) ({@link RingBench}). A row the machine cannot run (no gcc, liburing-dev or io_uring) says
 * "unavailable", with the reason on stderr; a row that failed says "failed" and makes the exit status 1.
 */
@Command(name = "ring-bench", mixinStandardHelpOptions = true,
        description = "Ring paths (inline, sqpoll, future, shared-memory with a C client) vs kernel io_uring NOPs, "
                + "4 KiB random reads of a null namespace, batch 1 and 32; and the inline ring's own NOPs, and the reads "
                + "on a driver queue pair with no ring.")
public final class RingBenchCommand implements Callable<Integer> {
    static final double MAX_SECONDS = 600;

    @Option(names = "--seconds", defaultValue = "3", paramLabel = "S",
            description = "Measured time per row, after a warm-up of the same length up to 2 s (default: ${DEFAULT-VALUE}).")
    double seconds = 3;

    @Option(names = "--null-reads", defaultValue = "zeroes", paramLabel = "zeroes|untouched",
            description = "What a read of the null namespace does to the buffer: zeroes fills it (NULL); untouched "
                    + "leaves it, as Linux's null_blk and QEMU's null-co with read-zeroes=off (NULL_NO_DATA): "
                    + "the cost of forwarding alone (default: ${DEFAULT-VALUE}).")
    String nullReads = "zeroes";

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
            description = "Measure the whole set of rows N times, one set after the other, and show each row's "
                    + "median run and the range of all runs: for shared, noisy machines (default: ${DEFAULT-VALUE}; "
                    + "at most " + RingBench.MAX_REPEATS + ").")
    int repeat = 1;

    @Option(names = {"-o", "--output-format"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    String outputFormat = "table";

    @Override
    public Integer call() throws Exception {
        if (!List.of("table", "json").contains(outputFormat)) {
            throw new UsageException("--output-format must be table or json, not " + outputFormat);
        }
        NullReads reads = NullReads.parse(nullReads);
        if (reads == null) {
            throw new UsageException("--null-reads must be zeroes or untouched, not " + nullReads);
        }
        if (!(seconds > 0 && seconds <= MAX_SECONDS)) {
            throw new UsageException("--seconds must be more than 0 and at most " + (int) MAX_SECONDS + ", not " + seconds);
        }
        if (repeat < 1 || repeat > RingBench.MAX_REPEATS) {
            throw new UsageException("--repeat must be 1 to " + RingBench.MAX_REPEATS + ", not " + repeat);
        }
        double warmup = RingBench.warmupSeconds(seconds);
        // each row: a JVM start (~0.5 s), the warm-up and the measurement
        Progress progress = Progress.forTerminal("ring-bench",
                (long) (RingBench.ROWS * repeat * (seconds + warmup + 0.5) * 1e9));
        List<RingBenchRow> rows = RingBench.run(seconds, reads, repeat, progress::message);
        progress.done();
        RingBenchReport report = new RingBenchReport(("ring-bench: 4 KiB random reads of a null namespace (inline "
                + "emulator; reads %s), %.1f s per row after %.1f s warm-up, each Java subject in a JVM of its own; "
                + "ratios to kernel io_uring NOPs at the same batch%s").formatted(
                reads == NullReads.ZEROES ? "fill the buffer with zeroes" : "leave the buffer untouched", seconds, warmup,
                repeat > 1 ? "; each row the median of " + repeat + " runs" : ""),
                seconds, warmup, rows);
        // why a row has no rate, once per subject and reason
        Set<String> problems = new LinkedHashSet<>();
        for (RingBenchRow r : rows) {
            if (!r.isMeasured()) {
                problems.add("nvme-bridge: ring-bench: %s %s: %s".formatted(r.subject().label(),
                        r.outcome() == RingBenchRow.Outcome.UNAVAILABLE ? "unavailable" : "failed", r.reason()));
            }
        }
        problems.forEach(System.err::println);
        System.out.print("json".equals(outputFormat) ? report.json() + "\n" : report.table());
        return rows.stream().anyMatch(r -> r.outcome() == RingBenchRow.Outcome.FAILED) ? 1 : 0;
    }
}
