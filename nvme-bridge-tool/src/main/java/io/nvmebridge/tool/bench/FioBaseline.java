package io.nvmebridge.tool.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * fio itself as a baseline row: {@code fio --ioengine=io_uring} on the same file, block size, depth and
 * runtime as the rows it stands beside, run as a separate process and read through {@link FioJson} — the
 * same reader a user's tooling would use on {@code bench --output-format=json}. Reads are buffered (page
 * cache), as the kernel io_uring baseline's are, and drawn at random with replacement ({@code
 * --norandommap}), as the bridge's are.
 */
public final class FioBaseline {
    /** The program, found on the PATH. */
    private static final String FIO = "fio";

    private final String version;

    private FioBaseline(String version) {
        this.version = version;
    }

    /**
     * Finds fio on the PATH.
     *
     * @throws IOException with one line saying fio is missing or does not run
     */
    public static FioBaseline find() throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(FIO, "--version").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("fio is not installed (apt-get install fio)");
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("fio --version failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking fio for its version");
        }
        return new FioBaseline(out);
    }

    /** fio's own version line, e.g. {@code fio-3.33}. */
    public String version() {
        return version;
    }

    /** The fio command line of one row. */
    List<String> command(Path file, int bs, int depth, double seconds, double rampSeconds) {
        List<String> cmd = new ArrayList<>(List.of(FIO, "--name=fio-io_uring-qd" + depth, "--filename=" + file,
                "--ioengine=io_uring", "--rw=randread", "--bs=" + bs, "--iodepth=" + depth, "--direct=0",
                "--norandommap", "--randrepeat=0", "--time_based", "--runtime=" + millis(seconds) + "ms",
                // percentiles of submission to completion (fio's lat), what the bridge's rows measure; fio's
                // default, clat, starts after the submit call, inside which a page-cache read already completed
                "--lat_percentiles=1", "--output-format=json"));
        if (rampSeconds > 0) {
            cmd.add("--ramp_time=" + millis(rampSeconds) + "ms");
        }
        return cmd;
    }

    /** Random reads of {@code bs} bytes of {@code file} with {@code depth} in flight. */
    public BenchResult randread(Path file, int bs, int depth, double seconds, double rampSeconds)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("fio", ".json");
        try {
            Process p = new ProcessBuilder(command(file, bs, depth, seconds, rampSeconds)).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor((long) ((seconds + rampSeconds) * 1000) + 30_000, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IOException("fio did not finish");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("fio failed (exit " + p.exitValue() + "): "
                        + text.strip().lines().reduce((a, b) -> b).orElse(""));
            }
            return result(FioJson.read(text), depth, bs);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** A row of the comparison from fio's first job. */
    BenchResult result(FioJson.Output output, int depth, int bs) throws IOException {
        if (output.jobs().isEmpty() || output.jobs().get(0).read() == null) {
            throw new IOException("fio's JSON has no read figures");
        }
        FioJson.Job job = output.jobs().get(0);
        FioJson.Direction read = job.read();
        // lat_ns has percentiles when fio ran with --lat_percentiles=1 (as command() asks); else clat_ns
        FioJson.LatencyBlock block = read.latNs() != null && read.latNs().percentile() != null ? read.latNs()
                : read.clatNs();
        Latency lat = block == null ? Latency.NONE : new Latency(block.at(FioJson.P50), block.at(FioJson.P90),
                block.at(FioJson.P99), block.at(FioJson.P999), block.max() == null ? Double.NaN : block.max(),
                block.mean() == null ? Double.NaN : block.mean());
        double seconds = read.runtime() / 1000.0;
        long ios = read.totalIos();
        double usr = job.usrCpu() == null ? Double.NaN : job.usrCpu();
        double sys = job.sysCpu() == null ? Double.NaN : job.sysCpu();
        // fio gives CPU as percent of the job's runtime
        double cpuPerIo = ios == 0 ? Double.NaN : (usr + sys) / 100 * job.jobRuntimeMillis() * 1e6 / ios;
        double userPerIo = ios == 0 ? Double.NaN : usr / 100 * job.jobRuntimeMillis() * 1e6 / ios;
        String device = String.format(Locale.ROOT, "%s (ioengine=io_uring, buffered)", output.fioVersion());
        return new BenchResult("fio qd" + depth, "fio-io_uring-read", device, null, depth, ios, ios, 0, seconds, bs,
                lat, cpuPerIo, userPerIo, Double.NaN, Double.NaN, job.error() != 0 ? 1 : 0, -job.error(), 0, 0);
    }

    private static long millis(double seconds) {
        return Math.max(1, Math.round(seconds * 1000));
    }
}
