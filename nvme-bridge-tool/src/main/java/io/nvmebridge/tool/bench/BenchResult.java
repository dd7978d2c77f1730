package io.nvmebridge.tool.bench;

/**
 * What one benchmark run measured.
 *
 * @param label          what ran (path and depth, or a baseline's name)
 * @param path           the forwarding path, or a baseline's kind
 * @param device         the device description
 * @param workload       the workload (null for baselines run outside the JVM)
 * @param iodepth        requests kept in flight (per job)
 * @param ios            I/Os completed in the measured phase
 * @param reads          reads among them
 * @param writes         writes among them
 * @param seconds        length of the measured phase
 * @param bytesPerIo     bytes each I/O moved (0 for NOPs)
 * @param latency        latency percentiles
 * @param cpuNanosPerIo  CPU time (user + system) of the job and bridge/device threads per I/O (NaN when not measured)
 * @param userCpuNanosPerIo the user-mode part of {@code cpuNanosPerIo} (NaN when not measured)
 * @param allocPerIo     bytes allocated on those threads per I/O (NaN when not measured)
 * @param mmioPerIo      MMIO (register/doorbell) writes per I/O (NaN when not measured)
 * @param errors         I/Os that failed
 * @param firstError     the first failure's errno (negative) or 0
 * @param verifiedBlocks blocks read back and checked
 * @param verifyMismatches blocks whose content was wrong
 */
public record BenchResult(String label, String path, String device, Workload workload, int iodepth, long ios,
                          long reads, long writes, double seconds, int bytesPerIo, Latency latency,
                          double cpuNanosPerIo, double userCpuNanosPerIo, double allocPerIo, double mmioPerIo, long errors, int firstError,
                          long verifiedBlocks, long verifyMismatches) {

    public double iops() {
        return seconds > 0 ? ios / seconds : 0;
    }

    /** Bandwidth in MB/s (10^6 bytes). */
    public double megabytesPerSecond() {
        return iops() * bytesPerIo / 1e6;
    }
}
