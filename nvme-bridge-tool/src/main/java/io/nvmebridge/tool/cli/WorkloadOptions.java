package io.nvmebridge.tool.cli;

import io.nvmebridge.tool.bench.Workload;
import picocli.CommandLine.Option;

/** fio's workload options, shared by {@code bench} and {@code compare}. */
public final class WorkloadOptions {
    @Option(names = "--rw", defaultValue = "randread", description = "read, write, randread, randwrite, randrw (default: ${DEFAULT-VALUE}).")
    public String rw = "randread";

    @Option(names = "--rwmixread", defaultValue = "50", description = "Percentage of reads for randrw (default: ${DEFAULT-VALUE}).")
    public int rwmixread = 50;

    @Option(names = "--bs", defaultValue = "4k", converter = SizeConverter.class, description = "Block size (default: ${DEFAULT-VALUE}).")
    public long bs = 4096;

    @Option(names = "--iodepth", defaultValue = "1", description = "I/Os in flight per job (default: ${DEFAULT-VALUE}).")
    public int iodepth = 1;

    @Option(names = "--numjobs", defaultValue = "1", description = "Jobs, each with its own queue pair and thread (default: ${DEFAULT-VALUE}).")
    public int numjobs = 1;

    @Option(names = "--runtime", defaultValue = "5s", converter = DurationConverter.class,
            description = "Measured time (default: ${DEFAULT-VALUE}; 5, 5s, 500ms). Ignored with --number_ios.")
    public long runtimeNanos = 5_000_000_000L;

    @Option(names = "--number_ios", defaultValue = "0", description = "I/Os per job instead of a runtime.")
    public long numberIos;

    @Option(names = "--ramp_time", defaultValue = "1s", converter = DurationConverter.class,
            description = "Warm-up before measuring (default: ${DEFAULT-VALUE}).")
    public long rampNanos = 1_000_000_000L;

    @Option(names = "--verify", arity = "0..1", fallbackValue = "pattern", defaultValue = "0",
            description = "Write checksummed (offset+seed pattern) blocks and check every block read back: pattern or 0.")
    public String verify = "0";

    @Option(names = "--randseed", defaultValue = "42", description = "Seed of offsets and data (default: ${DEFAULT-VALUE}).")
    public long seed = 42;

    /** The workload over the first {@code size} bytes of namespace 1. */
    public Workload toWorkload(long size) {
        boolean v = switch (verify) {
            case "0", "none", "false" -> false;
            case "pattern", "1", "crc32c", "true" -> true;
            default -> throw new UsageException("--verify takes pattern or 0, not " + verify);
        };
        if (bs > Integer.MAX_VALUE) {
            throw new UsageException("--bs too large: " + bs);
        }
        try {
            return new Workload(rw, rwmixread, (int) bs, iodepth, numjobs, numberIos > 0 ? 0 : runtimeNanos, numberIos,
                    rampNanos, size, v, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
