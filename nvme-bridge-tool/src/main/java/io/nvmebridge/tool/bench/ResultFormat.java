package io.nvmebridge.tool.bench;

import io.nvmebridge.tool.format.JsonWriter;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark results as text (fio-like), JSON and CSV. The JSON schema is documented in the README
 * ("bench and compare JSON"); every number there comes from {@link BenchResult}.
 */
public final class ResultFormat {
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

    /** One result as a JSON object member list (without the braces' owner). */
    public static void json(JsonWriter j, BenchResult r, BenchResult baseline, BenchResult nop) {
        Workload w = r.workload();
        j.beginObject(null)
                .value("label", r.label())
                .value("path", r.path())
                .value("device", r.device());
        if (w != null) {
            j.value("rw", w.rw()).value("bs", w.bs()).value("numjobs", w.numjobs());
        }
        j.value("iodepth", r.iodepth());
        j.value("ios", r.ios())
                .value("read_ios", r.reads())
                .value("write_ios", r.writes())
                .value("runtime_s", r.seconds())
                .value("iops", round(r.iops()))
                .value("bw_MBps", round(r.megabytesPerSecond()))
                .beginObject("lat_ns")
                .value("p50", r.latency().p50())
                .value("p90", r.latency().p90())
                .value("p99", r.latency().p99())
                .value("p99.9", r.latency().p999())
                .value("max", r.latency().max())
                .value("mean", round(r.latency().mean()))
                .endObject()
                .value("cpu_ns_per_io", round(r.cpuNanosPerIo()))
                .value("alloc_bytes_per_io", round(r.allocPerIo()))
                .value("mmio_writes_per_io", round(r.mmioPerIo()))
                .value("errors", r.errors())
                .value("first_errno", r.firstError());
        if (w != null && w.verify()) {
            j.beginObject("verify").value("blocks", r.verifiedBlocks()).value("mismatches", r.verifyMismatches()).endObject();
        }
        if (baseline != null && baseline.iops() > 0) {
            j.value("ratio_to_kernel_read", round(r.iops() / baseline.iops()));
        }
        if (nop != null && nop.iops() > 0) {
            j.value("ratio_to_kernel_nop", round(r.iops() / nop.iops()));
        }
        j.endObject();
    }

    public static String json(BenchResult r) {
        JsonWriter j = new JsonWriter().beginObject(null).value("nvme-bridge", "0.1.0").beginArray("results");
        json(j, r, null, null);
        return j.endArray().endObject().toString();
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
