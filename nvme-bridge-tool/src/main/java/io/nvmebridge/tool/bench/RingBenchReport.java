package io.nvmebridge.tool.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.nvmebridge.bench.RingBenchRow;
import io.nvmebridge.bench.RingBenchSubject;
import io.nvmebridge.tool.format.NvmeCliJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ring-bench's rows as a terminal table or JSON, each rate with its ratio to the kernel io_uring NOP rate
 * at the same batch.
 *
 * @param title one line saying what ran
 * @param rows  every subject at every batch
 */
public record RingBenchReport(String title, double seconds, double warmupSeconds, List<RingBenchRow> rows) {

    /** This row's rate over the kernel NOP rate at its batch; NaN when either was not measured. */
    public double ratioToKernelNop(RingBenchRow r) {
        for (RingBenchRow k : rows) {
            if (k.subject() == RingBenchSubject.KERNEL_NOP && k.batch() == r.batch() && k.isMeasured()) {
                return r.ioPerSecond() / k.ioPerSecond();
            }
        }
        return Double.NaN;
    }

    public String table() {
        boolean repeated = rows.stream().anyMatch(r -> r.samples().size() > 1);
        StringBuilder b = new StringBuilder(title).append("\n\n");
        String head = "%-20s %5s %12s %9s %7s %13s %13s%s%n";
        b.append(String.format(Locale.ROOT, head, "subject", "batch", "I/O per s", "ns/I/O", "B/IO", "x kernel NOP",
                "core RTT ns", repeated ? String.format(Locale.ROOT, " %15s", "ns/I/O of runs") : ""));
        for (RingBenchRow r : rows) {
            if (!r.isMeasured()) {
                b.append(String.format(Locale.ROOT, "%-20s %5d %12s%n", r.subject().label(), r.batch(),
                        r.outcome() == RingBenchRow.Outcome.UNAVAILABLE ? "unavailable" : "failed"));
                continue;
            }
            b.append(String.format(Locale.ROOT, "%-20s %5d %12.0f %9.1f %7s %13s %13s%s%n", r.subject().label(), r.batch(),
                    r.ioPerSecond(), r.nanosPerIo(), fixed(r.bytesPerIo()), ratio(ratioToKernelNop(r)), roundTrips(r),
                    repeated ? String.format(Locale.ROOT, " %15s", range(r)) : ""));
        }
        return b.toString();
    }

    /** "fastest-slowest" ns per I/O over the row's runs. */
    private static String range(RingBenchRow r) {
        double max = r.samples().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        double min = r.samples().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%.1f-%.1f", 1e9 / max, 1e9 / min);
    }

    /** ring-bench's JSON: what ran, how long each row measured and warmed up, and every row. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RingBenchJson(String title, double seconds, double warmupSeconds, List<RowJson> rows) {
    }

    /**
     * One row: NaN (not measured) is written as null; {@code reason} is left out for a measured row. Every
     * run's rate is in {@code samples_io_per_s}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RowJson(String subject, int batch, String outcome, double ioPerS, double nsPerIo, double bytesPerIo,
                          double ratioToKernelNop, double coreRoundTripNsBefore, double coreRoundTripNsAfter,
                          List<Double> samplesIoPerS, @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
    }

    public String json() {
        List<RowJson> json = new ArrayList<>();
        for (RingBenchRow r : rows) {
            json.add(new RowJson(r.subject().label(), r.batch(), r.outcome().name().toLowerCase(Locale.ROOT),
                    r.ioPerSecond(), r.nanosPerIo(), r.bytesPerIo(), ratioToKernelNop(r), r.coreRoundTripBeforeNs(),
                    r.coreRoundTripAfterNs(), r.samples(), r.reason()));
        }
        return NvmeCliJson.write(new RingBenchJson(title, seconds, warmupSeconds, json));
    }

    /** "before/after" core round trip in whole ns, "-" for a row that does not hand I/O over between cores. */
    private static String roundTrips(RingBenchRow r) {
        if (Double.isNaN(r.coreRoundTripBeforeNs())) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.0f/%.0f", r.coreRoundTripBeforeNs(), r.coreRoundTripAfterNs());
    }

    /** Two decimals, or n/a for what was not measured (a C program's allocation). */
    private static String fixed(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Two decimals, two significant digits below 0.1 (a slow row is not "0.00"), n/a without a yardstick. */
    private static String ratio(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, v >= 0.1 ? "%.2f" : "%.2g", v);
    }
}
