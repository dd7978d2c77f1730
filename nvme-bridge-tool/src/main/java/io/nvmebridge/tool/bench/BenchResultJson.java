package io.nvmebridge.tool.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One benchmark result as {@code bench -o json} and {@code compare.json} write it (schema in the README,
 * "bench and compare JSON"). A null member is left out: the workload's members for a baseline run outside
 * the JVM, {@code verify} without --verify, the ratios outside compare. A NaN (not measured) is written as
 * null. Rates and costs are rounded to three decimals.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchResultJson(String label, String path, String device, String rw, Integer bs, Integer numjobs,
                              int iodepth, long ios, long readIos, long writeIos, double runtimeS, double iops,
                              @JsonProperty("bw_MBps") double bwMBps, LatencyJson latNs, double cpuNsPerIo,
                              double allocBytesPerIo, double mmioWritesPerIo, long errors, int firstErrno,
                              VerifyJson verify, Double ratioToKernelRead, Double ratioToKernelNop) {

    /** Latency percentiles in ns, as measured (whole ns from the histogram); the mean rounded. */
    public record LatencyJson(double p50, double p90, double p99, @JsonProperty("p99.9") double p999, double max,
                              double mean) {
    }

    /** With --verify: blocks read back and checked, and how many held the wrong data. */
    public record VerifyJson(long blocks, long mismatches) {
    }

    /**
     * The JSON of {@code r}; {@code baseline} and {@code nop} are the kernel io_uring read and NOP rows of
     * the same depth (null outside compare, or when that baseline did not run), for the ratios.
     */
    public static BenchResultJson of(BenchResult r, BenchResult baseline, BenchResult nop) {
        Workload w = r.workload();
        Latency l = r.latency();
        return new BenchResultJson(r.label(), r.path(), r.device(),
                w == null ? null : w.rw(), w == null ? null : w.bs(), w == null ? null : w.numjobs(),
                r.iodepth(), r.ios(), r.reads(), r.writes(), r.seconds(),
                ResultFormat.round(r.iops()), ResultFormat.round(r.megabytesPerSecond()),
                new LatencyJson(l.p50(), l.p90(), l.p99(), l.p999(), l.max(), ResultFormat.round(l.mean())),
                ResultFormat.round(r.cpuNanosPerIo()), ResultFormat.round(r.allocPerIo()), ResultFormat.round(r.mmioPerIo()),
                r.errors(), r.firstError(),
                w != null && w.verify() ? new VerifyJson(r.verifiedBlocks(), r.verifyMismatches()) : null,
                baseline != null && baseline.iops() > 0 ? ResultFormat.round(r.iops() / baseline.iops()) : null,
                nop != null && nop.iops() > 0 ? ResultFormat.round(r.iops() / nop.iops()) : null);
    }
}
