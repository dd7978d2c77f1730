package io.nvmebridge.tool.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A C benchmark program bundled in the jar as {@code c/NAME.c}, built on first use with
 * {@code gcc -O2 ... -luring} (liburing-dev's headers) into a cache folder, keyed by the source's hash so
 * that an edited source is rebuilt, and run as a separate process that prints one result line starting
 * with {@code ios=}.
 */
public final class BundledCProgram {
    private final String name;
    private final Path binary;

    private BundledCProgram(String name, Path binary) {
        this.name = name;
        this.binary = binary;
    }

    /** Builds {@code c/NAME.c} if needed; fails with a one-line message naming what is missing. */
    public static BundledCProgram build(String name) throws IOException, InterruptedException {
        String resource = "c/" + name + ".c";
        byte[] source;
        try (InputStream in = BundledCProgram.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " missing from the jar");
            }
            source = in.readAllBytes();
        }
        String stem = name + "-" + sha256(source).substring(0, 16);
        Path dir = cacheDir();
        Path bin = dir.resolve(stem);
        if (Files.isExecutable(bin)) {
            return new BundledCProgram(name, bin);
        }
        Files.createDirectories(dir);
        Path src = dir.resolve(stem + ".c");
        Files.write(src, source);
        // a name of its own: two runs building at once must not write into each other's output
        Path tmp = Files.createTempFile(dir, stem, ".tmp");
        try {
            String out;
            int exit;
            try {
                Process p = new ProcessBuilder("gcc", "-O2", "-o", tmp.toString(), src.toString(), "-luring")
                        .redirectErrorStream(true).start();
                p.getOutputStream().close();
                out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                exit = p.waitFor(120, TimeUnit.SECONDS) ? p.exitValue() : -1;
            } catch (IOException e) {
                out = e.getMessage(); // no gcc at all
                exit = -1;
            }
            if (exit != 0) {
                throw new IOException("cannot build " + name + ".c (needs gcc and liburing-dev): "
                        + out.lines().filter(l -> l.contains("error")).findFirst().orElse(out).strip());
            }
            Files.move(tmp, bin, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new BundledCProgram(name, bin);
    }

    static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("nvme-bridge");
    }

    public Path binary() {
        return binary;
    }

    /**
     * Runs the program with {@code args} and returns its result line. {@code seconds} is how long it is
     * meant to run; it is killed 30 s after that. A non-zero exit or a missing result line fails with the
     * program's last line of output (its error message).
     */
    public String run(List<String> args, double seconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(args);
        // output into a file, not a pipe: a program that hangs is then still caught by the timeout
        Path log = Files.createTempFile(name, ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor((long) (seconds * 1000) + 30_000, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IOException(name + " did not finish");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8).strip();
            String result = out.lines().filter(l -> l.startsWith("ios=")).findFirst().orElse(null);
            if (p.exitValue() != 0 || result == null) {
                throw new IOException(name + " failed: " + out.lines().reduce((a, b) -> b).orElse("exit " + p.exitValue()));
            }
            return result;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
