package io.nvmebridge.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.bridge.shm.SharedRingFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nvme-bridge serve} as a real separate JVM, driven by ring-bridge's liburing C client (compiled
 * here with gcc) through a ring file in /dev/shm, then stopped with SIGTERM.
 */
class ServeProcessTest {
    private static Path client;
    private final List<Path> rings = new ArrayList<>();
    private Process server;

    @BeforeAll
    static void compileClient(@TempDir Path dir) throws Exception {
        Path source = Path.of("../ring-bridge/src/test/c/client.c");
        assertThat(source).exists();
        client = dir.resolve("client");
        Result r = exec(List.of("gcc", "-O2", "-Wall", "-o", client.toString(), source.toString()), 60);
        assertThat(r.exit()).as("gcc: " + r.out()).isZero();
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly();
        }
        for (Path p : rings) {
            Files.deleteIfExists(p);
        }
    }

    record Result(int exit, String out) {
    }

    /** Runs a command to its end, stdout and stderr merged. */
    static Result exec(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private Path ringPath(String name) {
        Path p = Path.of("/dev/shm", "nvme-bridge-test-" + ProcessHandle.current().pid() + "-" + name);
        rings.add(p);
        return p;
    }

    /** Starts {@code java ... io.nvmebridge.tool.Main serve ...} with the test classpath. */
    private Process startServer(String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "io.nvmebridge.tool.Main", "serve"));
        cmd.addAll(List.of(args));
        server = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        server.getOutputStream().close();
        return server;
    }

    /** Reads the server's output up to the "serving" line (or its end, when it failed). */
    private static String awaitServing(Process p) throws IOException {
        InputStream in = p.getInputStream();
        StringBuilder out = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            out.append((char) c);
            if (c == '\n' && out.toString().contains("nvme-bridge: serving ring")) {
                break;
            }
        }
        return out.toString();
    }

    private static String rest(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private void runClientAndStop(Path ring, Process p) throws Exception {
        Result c = exec(List.of(client.toString(), ring.toString(), "1"), 120);
        assertThat(c.exit()).as(c.out()).isZero();
        assertThat(c.out()).contains("ALL OK");
        // the client's checks: write + read back, fsync, an out-of-area buffer completing with -EFAULT
        assertThat(c.out()).contains("res=-14");

        p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String tail = rest(p);
        assertThat(p.exitValue()).as(tail).isZero();
        assertThat(tail).contains("stopped serving " + ring).doesNotContain("Exception");
        assertThat(Files.exists(ring)).as("the ring file stays for clients still mapping it").isTrue();
        assertThat(SharedRingFile.stateOf(ring)).isEqualTo(SharedRingFile.STATE_STOPPED);
    }

    @Test
    void shouldServeTheLiburingClientZeroCopyAndMarkTheFileStoppedOnSigterm() throws Exception {
        Path ring = ringPath("zc");
        Process p = startServer("--ring", ring.toString(), "--entries", "32", "--data-size", "4M");
        String first = awaitServing(p);
        assertThat(first).as(first).contains("serving ring " + ring, "32 entries", "4194304 data bytes",
                "zero-copy data path");
        assertThat(first.strip().lines()).hasSize(1);
        runClientAndStop(ring, p);
    }

    @Test
    void shouldReplaceAStoppedRingButRefuseAnyOtherFile() throws Exception {
        Path ring = ringPath("reuse");
        Process p = startServer("--ring", ring.toString(), "--data-size", "4M");
        awaitServing(p);
        // a second server on a ring that is being served is refused
        Process second = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.nvmebridge.tool.Main", "serve", "--ring", ring.toString())).redirectErrorStream(true).start();
        String refused = rest(second);
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(2);
        assertThat(refused.strip()).startsWith("nvme-bridge: ").contains("being served").doesNotContain("\n");
        p.toHandle().destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();

        // the stopped ring is replaced
        p = startServer("--ring", ring.toString(), "--data-size", "4M");
        assertThat(awaitServing(p)).contains("serving ring " + ring);
        runClientAndStop(ring, p);

        Path other = ringPath("other");
        Files.writeString(other, "precious data");
        Process refuse = startServer("--ring", other.toString());
        String msg = rest(refuse);
        assertThat(refuse.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(refuse.exitValue()).isEqualTo(2);
        assertThat(msg.strip()).contains("refusing to overwrite").doesNotContain("\n");
        assertThat(Files.readString(other)).isEqualTo("precious data");
    }

    @Test
    void shouldRejectBadServeOptionsWithOneLine() throws Exception {
        Path ring = ringPath("bad");
        CliTest.assertOneLineError(CliTest.run("serve", "--ring", ring.toString(), "--entries", "3"), 2, "--entries");
        CliTest.assertOneLineError(CliTest.run("serve", "--ring", ring.toString(), "--data-size", "1000"), 2, "--data-size");
        CliTest.assertOneLineError(CliTest.run("serve", "--ring", "/nonexistent-dir/ring"), 2, "no such directory");
        CliTest.assertOneLineError(CliTest.run("serve", "--ring", ring.toString(), "--backend", "qemu"), 2, "--image");
        CliTest.assertOneLineError(CliTest.run("serve"), 2, "--ring");
        assertThat(Files.exists(ring)).isFalse();
    }

    @Test
    @Tag("qemu")
    void shouldServeTheLiburingClientFromQemuThroughTheCopyPath(@TempDir Path dir) throws Exception {
        Path ring = ringPath("qemu");
        Process p = startServer("--ring", ring.toString(), "--entries", "32", "--data-size", "4M",
                "--backend", "qemu", "--image", dir.resolve("ns1.img").toString(), "--size", "8M");
        String first = awaitServing(p);
        assertThat(first).as(first).contains("serving ring " + ring, "copy data path");
        runClientAndStop(ring, p);
    }
}
