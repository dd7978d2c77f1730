package io.nvmebridge.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine without fio: {@code compare} runs as a separate process whose PATH finds no program at all, and
 * must say in one header line that the fio rows were not measured, and why, and still print every other row.
 */
class CompareWithoutFioTest {
    @TempDir
    Path dir;

    @Test
    void aMachineWithoutFioGetsOneLineSayingSoAndEveryOtherRow() throws Exception {
        Path noPrograms = Files.createDirectory(dir.resolve("empty-path"));
        Path out = dir.resolve("out.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "compare", "--paths", "driver",
                "--depths", "1", "--runtime", "50ms", "--ramp_time", "0", "--size", "1M", "--report-dir",
                dir.resolve("report").toString());
        pb.environment().put("PATH", noPrograms.toString());
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("compare finished").isTrue();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        List<String> lines = text.lines().toList();
        assertThat(lines).contains("fio rows: not measured, fio is not installed (apt-get install fio)");
        assertThat(lines).noneMatch(l -> l.matches("^fio +io_uring-read .*"));
        assertThat(lines).anyMatch(l -> l.matches("^kernel +io_uring-nop +1 .*"))
                .anyMatch(l -> l.matches("^kernel +io_uring-read +1 .*"))
                .anyMatch(l -> l.matches("^java +filechannel +1 .*"))
                .anyMatch(l -> l.matches("^emulator +driver +1 .*"));
        assertThat(text).doesNotContain("Exception");
    }
}
