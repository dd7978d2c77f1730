package io.nvmebridge.tool.bench;

import java.util.List;
import java.util.Locale;

/**
 * Benchmark results as text (fio-like) and CSV. JSON is written elsewhere: {@code bench -o json} in fio's
 * shape ({@link FioJson}), {@code compare.json} from {@link BenchResultJson} rows (docs/main-job.md).
 */
public final class ResultFormat {
    /** The version compare.json names under "nvme-bridge". */
    public static final String VERSION = "0.1.0";

    private ResultFormat() {
    }

    public static String text(BenchResult r) {
        StringBuilder b = new StringBuilder();
        Workload w = r.workload();
        b.append(String.format(Locale.ROOT, "%s: %s on %s%n", r.path(), w == null ? "" : w.describe(), r.device()));
        String kind = r.writes() == 0 ? "read" : r.reads() == 0 ? "write" : "mixed";
        b.append(String.format(Locale.ROOT, "  %s: IOPS=%s, BW=%.1fMB/s, ios=%d (read %d, write %d) in %.2fs%n", kind,
                si(r.iops()), r.megabytesPerSecond(), r.ios(), r.reads(), r.writes(), r.seconds()));
        Latency l = r.latency();
        if (l.measured()) {
            b.append(String.format(Locale.ROOT, "  lat (ns): p50=%.0f p90=%.0f p99=%.0f p99.9=%.0f max=%.0f mean=%.0f%n",
                    l.p50(), l.p90(), l.p99(), l.p999(), l.max(), l.mean()));
        }
        b.append(String.format(Locale.ROOT, "  cpu: %.0f ns/IO   alloc: %.2f B/IO   mmio: %.3f writes/IO   errors: %d%s%n",
                r.cpuNanosPerIo(), r.allocPerIo(), r.mmioPerIo(), r.errors(),
                r.firstError() != 0 ? " (first: " + r.firstError() + ")" : ""));
        if (w != null && w.verify()) {
            b.append(String.format(Locale.ROOT, "  verify: %d blocks checked, %d mismatches%n", r.verifiedBlocks(),
                    r.verifyMismatches()));
        }
        return b.toString();
    }

    /** 1234567 -> "1.23M", as fio abbreviates IOPS. */
    public static String si(double v) {
        if (v >= 1e9) {
            return String.format(Locale.ROOT, "%.2fG", v / 1e9);
        } else if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        } else if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    public static final String CSV_HEADER = "label,path,device,rw,bs,iodepth,numjobs,ios,runtime_s,iops,bw_MBps,"
            + "lat_p50_ns,lat_p90_ns,lat_p99_ns,lat_p99.9_ns,lat_max_ns,cpu_ns_per_io,alloc_bytes_per_io,mmio_writes_per_io,errors,"
            + "ratio_to_kernel_read,ratio_to_kernel_nop";

    public static String csvRow(BenchResult r, BenchResult baseline, BenchResult nop) {
        Workload w = r.workload();
        return String.join(",", quote(r.label()), quote(r.path()), quote(r.device()),
                w == null ? "" : w.rw(), Integer.toString(r.bytesPerIo()),
                Integer.toString(r.iodepth()), w == null ? "" : Integer.toString(w.numjobs()),
                Long.toString(r.ios()), num(r.seconds()), num(r.iops()), num(r.megabytesPerSecond()),
                num(r.latency().p50()), num(r.latency().p90()), num(r.latency().p99()), num(r.latency().p999()),
                num(r.latency().max()), num(r.cpuNanosPerIo()), num(r.allocPerIo()), num(r.mmioPerIo()),
                Long.toString(r.errors()),
                baseline == null || baseline.iops() == 0 ? "" : num(r.iops() / baseline.iops()),
                nop == null || nop.iops() == 0 ? "" : num(r.iops() / nop.iops()));
    }

    public static String csv(List<BenchResult> rows) {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (BenchResult r : rows) {
            b.append(csvRow(r, null, null)).append('\n');
        }
        return b.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
    }
}
