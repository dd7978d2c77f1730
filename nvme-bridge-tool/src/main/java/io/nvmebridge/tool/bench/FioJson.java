package io.nvmebridge.tool.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * fio's {@code --output-format=json} document, as far as nvme-bridge measures it: the top level
 * ({@code "fio version"}, {@code timestamp}, {@code jobs}), and per job its options, {@code read} /
 * {@code write} (io_bytes, bw, iops, runtime, total_ios, clat_ns and lat_ns with fio's percentile keys such as
 * {@code "99.900000"}), {@code job_runtime}, {@code usr_cpu} and {@code sys_cpu}. A field nvme-bridge does not
 * measure is left out rather than filled with a made-up value. The same records read fio's own output (its
 * other fields are ignored), so one reader serves both: a user's fio tooling reads {@code bench
 * --output-format=json} unchanged, and {@code compare} reads fio's run of the same workload.
 *
 * <p>Our latency is measured from the moment a request is written to the ring to the moment its completion
 * is reaped: fio's {@code lat_ns} (submission + completion). It is given as {@code clat_ns} too, because
 * fio prints percentiles only there and that is where tools look for them; for the bridge's in-process
 * submission, fio's {@code slat} (the submit call) is part of the same interval.
 *
 * <p>nvme-bridge's own figures (CPU ns per I/O, bytes allocated, MMIO writes, errors, verification) ride
 * along under {@code "nvme_bridge"} in each job, a key fio does not use.
 */
public final class FioJson {
    /** fio prints its percentiles with these keys. */
    static final String P50 = "50.000000";
    static final String P90 = "90.000000";
    static final String P99 = "99.000000";
    static final String P999 = "99.900000";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.INDENT_OUTPUT, true);

    private FioJson() {
    }

    /** The whole document. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"fio version", "timestamp", "timestamp_ms", "time", "jobs"})
    public record Output(@JsonProperty("fio version") String fioVersion, long timestamp,
                         @JsonProperty("timestamp_ms") long timestampMs, String time, List<Job> jobs) {
    }

    /** One job (fio's {@code jobs[]}); {@code write} is absent for a read-only job and vice versa. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"jobname", "groupid", "error", "job options", "read", "write", "job_runtime", "usr_cpu",
        "sys_cpu", "nvme_bridge"})
    public record Job(String jobname, int groupid, int error, @JsonProperty("job options") Map<String, String> options,
                      Direction read, Direction write, @JsonProperty("job_runtime") long jobRuntimeMillis,
                      @JsonProperty("usr_cpu") Double usrCpu, @JsonProperty("sys_cpu") Double sysCpu,
                      @JsonProperty("nvme_bridge") BridgeFigures bridge) {
    }

    /** One direction of a job (fio's {@code read}, {@code write}). {@code bw} is KiB/s, runtime ms. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"io_bytes", "io_kbytes", "bw_bytes", "bw", "iops", "runtime", "total_ios", "clat_ns", "lat_ns"})
    public record Direction(@JsonProperty("io_bytes") long ioBytes, @JsonProperty("io_kbytes") long ioKbytes,
                            @JsonProperty("bw_bytes") long bwBytes, long bw, double iops, long runtime,
                            @JsonProperty("total_ios") long totalIos, @JsonProperty("clat_ns") LatencyBlock clatNs,
                            @JsonProperty("lat_ns") LatencyBlock latNs) {
    }

    /** fio's latency block, in ns; {@code percentile} keyed as fio keys it ({@code "50.000000"}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"min", "max", "mean", "N", "percentile"})
    public record LatencyBlock(Long min, Long max, Double mean, @JsonProperty("N") Long samples,
                          Map<String, Long> percentile) {

        /** The percentile at {@code key} in ns, or NaN when absent. */
        public double at(String key) {
            Long v = percentile == null ? null : percentile.get(key);
            return v == null ? Double.NaN : v;
        }
    }

    /** What nvme-bridge measures beyond fio's fields. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"path", "device", "iodepth", "cpu_ns_per_io", "alloc_bytes_per_io", "mmio_writes_per_io",
        "errors", "first_errno", "verified_blocks", "verify_mismatches", "latency_scope"})
    public record BridgeFigures(String path, String device, int iodepth,
                                @JsonProperty("cpu_ns_per_io") Double cpuNanosPerIo,
                                @JsonProperty("alloc_bytes_per_io") Double allocBytesPerIo,
                                @JsonProperty("mmio_writes_per_io") Double mmioWritesPerIo, long errors,
                                @JsonProperty("first_errno") int firstErrno,
                                @JsonProperty("verified_blocks") Long verifiedBlocks,
                                @JsonProperty("verify_mismatches") Long verifyMismatches,
                                @JsonProperty("latency_scope") String latencyScope) {
    }

    /**
     * Reads a fio JSON document (fio's or ours).
     *
     * @throws IOException with one line saying where the document is malformed
     */
    public static Output read(String json) throws IOException {
        // fio prints notes such as "note: both iodepth >= 1 and synchronous I/O engine are selected" before
        // its JSON when they go to the same stream: the document starts at the first '{'
        int start = json.indexOf('{');
        if (start < 0) {
            throw new IOException("not fio JSON: no '{' in the output");
        }
        try {
            Output o = MAPPER.readValue(json.substring(start), Output.class);
            if (o.jobs() == null) {
                throw new IOException("not fio JSON: no \"jobs\" array");
            }
            return o;
        } catch (JacksonException e) {
            throw new IOException("not fio JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }

    public static String write(Output output) {
        try {
            return MAPPER.writeValueAsString(output);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("fio JSON of our own records failed", e);
        }
    }

    /** Our results as fio's document: one job per result. */
    public static Output of(List<BenchResult> results, String version, Instant at) {
        List<Job> jobs = new ArrayList<>();
        for (BenchResult r : results) {
            jobs.add(job(r));
        }
        return new Output(version, at.getEpochSecond(), at.toEpochMilli(),
                DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT).format(at.atZone(ZoneOffset.UTC)),
                jobs);
    }

    static Job job(BenchResult r) {
        Workload w = r.workload();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("name", r.label());
        if (w != null) {
            options.put("rw", w.rw());
            options.put("bs", Integer.toString(w.bs()));
            options.put("iodepth", Integer.toString(w.iodepth()));
            options.put("numjobs", Integer.toString(w.numjobs()));
            if (w.runtimeNanos() > 0) {
                options.put("runtime", (w.runtimeNanos() / 1_000_000) + "ms");
            }
        }
        long runtimeMillis = Math.round(r.seconds() * 1000);
        boolean mixed = r.reads() > 0 && r.writes() > 0;
        LatencyBlock lat = latency(r.latency(), r.ios());
        Direction read = r.reads() > 0 || r.writes() == 0 ? direction(r, r.reads(), lat, runtimeMillis) : null;
        Direction write = r.writes() > 0 ? direction(r, r.writes(), lat, runtimeMillis) : null;
        double cpuNanos = r.cpuNanosPerIo() * r.ios();
        // the JVM reads a thread's user time in clock ticks (10 ms) and its total exactly: the user part of
        // a short run can come out a tick above the total, which would make sys_cpu negative
        double userNanos = Math.min(r.userCpuNanosPerIo() * r.ios(), cpuNanos);
        double runtimeNanos = r.seconds() * 1e9;
        Double usr = runtimeNanos > 0 ? orNull(100 * userNanos / runtimeNanos) : null;
        Double sys = runtimeNanos > 0 ? orNull(100 * (cpuNanos - userNanos) / runtimeNanos) : null;
        boolean verified = w != null && w.verify();
        BridgeFigures bridge = new BridgeFigures(r.path(), r.device(), r.iodepth(), orNull(r.cpuNanosPerIo()),
                orNull(r.allocPerIo()), orNull(r.mmioPerIo()), r.errors(), r.firstError(),
                verified ? r.verifiedBlocks() : null, verified ? r.verifyMismatches() : null,
                mixed ? "reads and writes together (clat_ns and lat_ns of both directions are the same figures)" : null);
        return new Job(r.label(), 0, r.errors() > 0 ? 5 : 0, options, read, write, runtimeMillis, usr, sys, bridge);
    }

    private static Direction direction(BenchResult r, long ios, LatencyBlock lat, long runtimeMillis) {
        long bytes = ios * r.bytesPerIo();
        double iops = r.seconds() > 0 ? ios / r.seconds() : 0;
        long bwBytes = r.seconds() > 0 ? Math.round(bytes / r.seconds()) : 0;
        // fio prints percentiles under clat_ns only; lat_ns has the summary figures
        LatencyBlock total = lat == null ? null : new LatencyBlock(lat.min(), lat.max(), lat.mean(), lat.samples(), null);
        return new Direction(bytes, bytes / 1024, bwBytes, bwBytes / 1024, iops, runtimeMillis, ios, lat, total);
    }

    private static LatencyBlock latency(Latency l, long ios) {
        if (!l.measured()) {
            return null;
        }
        Map<String, Long> p = new LinkedHashMap<>();
        p.put(P50, Math.round(l.p50()));
        p.put(P90, Math.round(l.p90()));
        p.put(P99, Math.round(l.p99()));
        p.put(P999, Math.round(l.p999()));
        return new LatencyBlock(null, Double.isNaN(l.max()) ? null : Math.round(l.max()), orNull(l.mean()), ios, p);
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }
}
