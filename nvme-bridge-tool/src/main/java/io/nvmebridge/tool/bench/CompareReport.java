package io.nvmebridge.tool.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.nvmebridge.tool.format.NvmeCliJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comparison's results: rows (baselines first), each with its ratios to the kernel io_uring
 * baselines of the same queue depth, as a terminal table, JSON, CSV and a self-contained HTML page.
 *
 * @param title    one line saying what ran
 * @param context  lines describing the machine, backing file and workload
 * @param rows     every measured row
 */
public record CompareReport(String title, List<String> context, List<BenchResult> rows) {

    /** The kernel io_uring read baseline of a depth, or null. */
    public BenchResult kernelRead(int depth) {
        return find("kernel-io_uring-read", depth);
    }

    /** The kernel io_uring NOP baseline of a depth, or null. */
    public BenchResult kernelNop(int depth) {
        return find("kernel-io_uring-nop", depth);
    }

    private BenchResult find(String path, int depth) {
        for (BenchResult r : rows) {
            if (r.path().equals(path) && r.iodepth() == depth) {
                return r;
            }
        }
        return null;
    }

    static String device(BenchResult r) {
        if (r.path().startsWith("kernel-")) {
            return "kernel";
        }
        if (r.path().startsWith("fio-")) {
            return "fio";
        }
        if (r.path().startsWith("java-")) {
            return "java";
        }
        if (r.path().startsWith("linux-guest")) {
            return "qemu+linux";
        }
        return r.device().startsWith("QEMU") || r.device().toLowerCase(Locale.ROOT).contains("qemu") ? "qemu" : "emulator";
    }

    static String pathName(BenchResult r) {
        return r.path().replace("kernel-io_uring-", "io_uring-").replace("fio-io_uring-read", "io_uring-read").replace("java-filechannel-read", "filechannel");
    }

    public String table() {
        StringBuilder b = new StringBuilder(title).append('\n');
        for (String c : context) {
            b.append(c).append('\n');
        }
        b.append('\n');
        String head = "%-10s %-14s %4s %9s %8s %8s %8s %9s %9s %7s %7s %9s %9s%n";
        b.append(String.format(Locale.ROOT, head, "device", "path", "qd", "IOPS", "MB/s", "p50 us", "p99 us",
                "p99.9 us", "CPU ns/IO", "B/IO", "MMIO/IO", "vs k-read", "vs k-nop"));
        String row = "%-10s %-14s %4d %9s %8s %8s %8s %9s %9s %7s %7s %9s %9s%n";
        for (BenchResult r : rows) {
            b.append(String.format(Locale.ROOT, row, device(r), pathName(r), r.iodepth(), ResultFormat.si(r.iops()),
                    r.bytesPerIo() == 0 ? "-" : fmt("%.0f", r.megabytesPerSecond()),
                    us(r.latency().p50()), us(r.latency().p99()), us(r.latency().p999()),
                    fmt("%.0f", r.cpuNanosPerIo()), fmt("%.1f", r.allocPerIo()), fmt("%.3f", r.mmioPerIo()),
                    ratio(r, kernelRead(r.iodepth())), ratio(r, kernelNop(r.iodepth()))));
        }
        return b.toString();
    }

    private static String ratio(BenchResult r, BenchResult base) {
        return base == null || base.iops() == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", r.iops() / base.iops());
    }

    private static String us(double nanos) {
        return Double.isNaN(nanos) ? "-" : String.format(Locale.ROOT, "%.2f", nanos / 1000);
    }

    private static String fmt(String f, double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, f, v);
    }

    /** {@code compare.json}: what ran, on what, and every row with its ratios to the kernel baselines. */
    public record CompareJson(@JsonProperty("nvme-bridge") String version, String title, List<String> context,
                              List<BenchResultJson> results) {
    }

    public String json() {
        List<BenchResultJson> results = new ArrayList<>();
        for (BenchResult r : rows) {
            results.add(BenchResultJson.of(r, kernelRead(r.iodepth()), kernelNop(r.iodepth())));
        }
        return NvmeCliJson.write(new CompareJson(ResultFormat.VERSION, title, context, results));
    }

    public String csv() {
        StringBuilder b = new StringBuilder(ResultFormat.CSV_HEADER).append('\n');
        for (BenchResult r : rows) {
            b.append(ResultFormat.csvRow(r, kernelRead(r.iodepth()), kernelNop(r.iodepth()))).append('\n');
        }
        return b.toString();
    }

    /** Rows with a measured rate, for the report's bar chart. */
    public List<BenchResult> chartRows() {
        List<BenchResult> out = new ArrayList<>();
        for (BenchResult r : rows) {
            if (r.iops() > 0) {
                out.add(r);
            }
        }
        return out;
    }
}
