package io.nvmebridge.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A JVM that exits without closing its QEMU leaves neither the process nor its files behind. */
@Tag("qemu")
class ShutdownHookTest {

    @Test
    void shouldStopQemuAndDeleteItsFilesWhenTheJvmExitsWithoutClosing() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), LaunchAndExitWithoutClose.class.getName())
                .redirectErrorStream(true).start();
        String line;
        StringBuilder all = new StringBuilder();
        String[] parts = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            while ((line = r.readLine()) != null) {
                all.append(line).append('\n');
                if (line.matches("\\d+ /\\S+ /\\S+")) {
                    parts = line.split(" ");
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child JVM exits").isTrue();
        assertThat(parts).as("child output: " + all).isNotNull();
        long qemuPid = Long.parseLong(parts[0]);
        assertThat(ProcessHandle.of(qemuPid).map(ProcessHandle::isAlive).orElse(false)).as("QEMU still running").isFalse();
        assertThat(Path.of(parts[1])).doesNotExist();
        assertThat(Path.of(parts[2])).doesNotExist();
    }
}
