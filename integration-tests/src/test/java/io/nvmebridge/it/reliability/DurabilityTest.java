package io.nvmebridge.it.reliability;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durability (issue 7 item 5): a child JVM ({@link DurabilityWriter}) writes blocks through the bridge, FSYNCs,
 * prints a marker and keeps writing; the test SIGKILLs it (and, for QEMU, the QEMU process) right after the
 * marker, then reopens the image file and checks that every flushed block holds exactly what was written.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DurabilityTest {
    private static final long BLOCKS = 1024;
    private static final int FLUSHED = 200;

    @TempDir
    Path dir;

    @Test
    void shouldKeepFlushedBlocksWhenTheEmulatorProcessIsKilled() throws Exception {
        Path image = dir.resolve("ns1.img");
        killAfterFlush("emulator", image);
        verify(image);
    }

    @Tag("qemu")
    @Test
    void shouldKeepFlushedBlocksWhenQemuAndTheWriterAreKilled() throws Exception {
        Path image = dir.resolve("ns1.raw");
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(new byte[1]), BLOCKS * 4096 - 1); // sparse raw image of BLOCKS blocks
        }
        killAfterFlush("qemu", image);
        verify(image);
    }

    private void killAfterFlush(String kind, Path image) throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                DurabilityWriter.class.getName(), kind, image.toString(), Long.toString(BLOCKS),
                Integer.toString(FLUSHED), work.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        long qemuPid = 0;
        List<String> output = new ArrayList<>();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                output.add(line);
                if (line.startsWith("FLUSHED ")) {
                    qemuPid = Long.parseLong(line.split(" ")[2]);
                    break;
                }
            }
            assertThat(line).as("writer output: %s", output).isNotNull().startsWith("FLUSHED " + FLUSHED);
            // SIGKILL mid-I/O: the writer is busy with unflushed writes by now
            Thread.sleep(50);
            p.destroyForcibly(); // SIGKILL
            if (qemuPid != 0) {
                ProcessHandle.of(qemuPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            if (qemuPid != 0) {
                ProcessHandle.of(qemuPid).ifPresent(h -> {
                    h.destroyForcibly();
                    h.onExit().orTimeout(30, TimeUnit.SECONDS).join();
                });
            }
        }
        assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
    }

    private static void verify(Path image) throws IOException {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(4096);
            for (int b = 0; b < FLUSHED; b++) {
                ByteBuffer bb = block.asByteBuffer();
                while (bb.hasRemaining()) {
                    if (ch.read(bb, (long) b * 4096 + bb.position()) < 0) {
                        break;
                    }
                }
                assertThat(BlockPattern.versionOf(block, 0, 1, b)).as("flushed block %d after kill -9", b).isEqualTo(1);
            }
        }
    }
}
