package io.nvmebridge.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Compiles and runs the C programs under src/test/c; a missing gcc fails the test, never skips it. */
public final class Gcc {
    private Gcc() {
    }

    public static Path source(String name) {
        Path p = Path.of("src/test/c", name);
        if (!Files.exists(p)) {
            throw new AssertionError("missing C source " + p.toAbsolutePath());
        }
        return p;
    }

    /** Compiles {@code source} into {@code dir} and returns the executable. */
    public static Path compile(Path source, Path dir, String... extraArgs) throws IOException, InterruptedException {
        Path exe = dir.resolve(source.getFileName().toString().replace(".c", ""));
        List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-o", exe.toString(), source.toString()));
        cmd.addAll(List.of(extraArgs));
        Result r = run(cmd, 60);
        if (r.exit != 0) {
            throw new AssertionError("gcc failed (" + r.exit + "): " + r.stderr + r.stdout);
        }
        return exe;
    }

    public record Result(int exit, String stdout, String stderr) {
    }

    public static Result run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd.get(0) + " (is it installed?): " + e.getMessage(), e);
        }
        p.getOutputStream().close();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        byte[][] errBytes = new byte[1][];
        Thread errReader = Thread.ofPlatform().start(() -> {
            try {
                errBytes[0] = err.readAllBytes();
            } catch (IOException e) {
                errBytes[0] = new byte[0];
            }
        });
        byte[] outBytes = out.readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish in " + timeoutSeconds + " s");
        }
        errReader.join();
        return new Result(p.exitValue(), new String(outBytes, StandardCharsets.UTF_8),
                new String(errBytes[0], StandardCharsets.UTF_8));
    }
}
