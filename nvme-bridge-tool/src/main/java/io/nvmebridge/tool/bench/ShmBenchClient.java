package io.nvmebridge.tool.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * ring-bench's C client of a shared-memory ring file ({@link BundledCProgram} {@code uring_shm_bench}): a
 * separate process doing 4 KiB random reads through the ring in batches, with liburing's own SQE/CQE
 * structures on the mapped file, as a C program of another team would.
 */
public final class ShmBenchClient {
    private final BundledCProgram program;

    private ShmBenchClient(BundledCProgram program) {
        this.program = program;
    }

    /** What the client measured: reads completed (each checked to return 4096) in {@code seconds}. */
    public record Reads(long ios, double seconds) {
    }

    /** Builds the client if needed; fails with a one-line message naming what is missing. */
    public static ShmBenchClient build() throws IOException, InterruptedException {
        return new ShmBenchClient(BundledCProgram.build("uring_shm_bench"));
    }

    /**
     * Reads random 4 KiB blocks of namespace {@code nsid} (of {@code blocks} 4 KiB blocks) through the
     * served ring at {@code ring}, {@code batch} per submission: {@code warmupSeconds} unmeasured, then
     * {@code seconds} measured. Fails (IOException) on any read that did not return 4096.
     */
    public Reads reads(Path ring, int nsid, long blocks, int batch, double warmupSeconds, double seconds)
            throws IOException, InterruptedException {
        String line = program.run(List.of(ring.toString(), Integer.toString(nsid), Long.toString(blocks),
                Integer.toString(batch), Double.toString(warmupSeconds), Double.toString(seconds)),
                warmupSeconds + seconds);
        long ios = -1;
        double measured = -1;
        for (String kv : line.split(" ")) {
            String[] p = kv.split("=", 2);
            switch (p[0]) {
                case "ios" -> ios = Long.parseLong(p[1]);
                case "seconds" -> measured = Double.parseDouble(p[1]);
                default -> {
                    // cpu_ns is the client's alone; errors is always 0 (an error ends the run)
                }
            }
        }
        if (ios < 0 || measured <= 0) {
            throw new IOException("uring_shm_bench printed no result: " + line);
        }
        return new Reads(ios, measured);
    }
}
