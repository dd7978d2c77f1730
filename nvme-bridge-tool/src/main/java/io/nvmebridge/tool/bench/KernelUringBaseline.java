package io.nvmebridge.tool.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Linux's own io_uring, measured in the same run: a small liburing C program (resource
 * {@code c/uring_baseline.c}) built on first use with gcc and liburing-dev's headers into a cache folder,
 * keyed by the source's hash, and run as a separate process. It keeps DEPTH requests in flight — NOPs, or
 * 4 KiB random reads of the benchmark's backing file — and prints one result line.
 */
public final class KernelUringBaseline {
    private static final String SOURCE = "c/uring_baseline.c";

    private final Path binary;

    private KernelUringBaseline(Path binary) {
        this.binary = binary;
    }

    /** Builds the helper if needed; fails with a one-line message naming what is missing. */
    public static KernelUringBaseline build() throws IOException, InterruptedException {
        byte[] source;
        try (InputStream in = KernelUringBaseline.class.getClassLoader().getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IOException("kernel baseline source " + SOURCE + " missing from the jar");
            }
            source = in.readAllBytes();
        }
        String hash = sha256(source).substring(0, 16);
        Path dir = cacheDir();
        Path bin = dir.resolve("uring_baseline-" + hash);
        if (Files.isExecutable(bin)) {
            return new KernelUringBaseline(bin);
        }
        Files.createDirectories(dir);
        Path src = dir.resolve("uring_baseline-" + hash + ".c");
        Files.write(src, source);
        Path tmp = dir.resolve("uring_baseline-" + hash + ".tmp");
        Process p = new ProcessBuilder("gcc", "-O2", "-o", tmp.toString(), src.toString(), "-luring")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("cannot build the kernel io_uring baseline (needs gcc and liburing-dev): "
                    + out.lines().filter(l -> l.contains("error")).findFirst().orElse(out.strip()));
        }
        Files.move(tmp, bin, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new KernelUringBaseline(bin);
    }

    static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("nvme-bridge");
    }

    /** NOPs with {@code depth} in flight for {@code seconds}. */
    public BenchResult nop(int depth, double seconds) throws IOException, InterruptedException {
        return parse("kernel-nop qd" + depth, "kernel-io_uring-nop", depth, 0,
                run(List.of("nop", Integer.toString(depth), Double.toString(seconds)), seconds));
    }

    /** Buffered random reads of {@code bs} bytes from {@code file}, {@code depth} in flight. */
    public BenchResult read(Path file, int bs, int depth, double seconds) throws IOException, InterruptedException {
        return parse("kernel-read qd" + depth, "kernel-io_uring-read", depth, bs,
                run(List.of("read", Integer.toString(depth), Double.toString(seconds), file.toString(), Integer.toString(bs)), seconds));
    }

    private String run(List<String> args, double seconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor((long) (seconds * 1000) + 30_000, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException("kernel io_uring baseline did not finish");
        }
        if (p.exitValue() != 0 || !out.startsWith("ios=")) {
            throw new IOException("kernel io_uring baseline failed: " + out.lines().reduce((a, b) -> b).orElse("exit " + p.exitValue()));
        }
        return out;
    }

    private static BenchResult parse(String label, String path, int depth, int bs, String line) {
        long ios = 0;
        double seconds = 0;
        long cpu = 0;
        long errors = 0;
        double[] at = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        String[] keys = {"p50", "p90", "p99", "p999", "max"};
        for (String kv : line.split(" ")) {
            String[] p = kv.split("=", 2);
            switch (p[0]) {
                case "ios" -> ios = Long.parseLong(p[1]);
                case "seconds" -> seconds = Double.parseDouble(p[1]);
                case "cpu_ns" -> cpu = Long.parseLong(p[1]);
                case "errors" -> errors = Long.parseLong(p[1]);
                default -> {
                    for (int i = 0; i < keys.length; i++) {
                        if (p[0].equals(keys[i])) {
                            at[i] = Long.parseLong(p[1]);
                        }
                    }
                }
            }
        }
        if (ios == 0) {
            at = new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        Latency lat = new Latency(at[0], at[1], at[2], at[3], at[4], Double.NaN);
        return new BenchResult(label, path, "linux kernel " + System.getProperty("os.version"), null, depth, ios,
                bs == 0 ? 0 : ios, 0, seconds, bs, lat, ios == 0 ? Double.NaN : (double) cpu / ios, Double.NaN,
                Double.NaN, errors, 0, 0, 0);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
