package io.nvmebridge.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare} end to end on the emulator with the real baselines (kernel io_uring helper built with gcc,
 * FileChannel), and its HTML report rendered by headless Chromium: the script must have drawn one bar per
 * measured row and one latency curve per row with percentiles.
 */
class CompareReportTest {

    @TempDir
    static Path dir;

    static CliTest.Run run;
    static String json;

    @BeforeAll
    static void runCompare() throws IOException {
        run = CliTest.run("compare", "--paths", "inline,driver,async", "--depths", "1,4", "--runtime", "150ms",
                "--ramp_time", "50ms", "--size", "8M", "--report-dir", dir.toString());
        json = Files.readString(dir.resolve("compare.json"));
    }

    @Test
    void shouldPrintEveryRowWithItsRatioToTheKernelBaselines() {
        assertThat(run.exit()).as(run.err()).isZero();
        // 2 depths x (kernel nop + kernel read + fio) + filechannel + 3 paths x 2 depths
        assertThat(run.out().lines().filter(l -> l.matches("^(kernel|fio|java|emulator) .*"))).hasSize(6 + 1 + 6);
        assertThat(run.out()).containsPattern("fio +io_uring-read +4 .* [0-9.]+x +[0-9.]+x");
        assertThat(run.out()).containsPattern("emulator +inline +4 .* [0-9.]+x +[0-9.]+x");
        assertThat(json).contains("\"ratio_to_kernel_read\"", "\"ratio_to_kernel_nop\"", "\"lat_ns\"",
                "\"path\" : \"kernel-io_uring-nop\"", "\"path\" : \"java-filechannel-read\"",
                "\"path\" : \"fio-io_uring-read\"");
        assertThat(Files.exists(dir.resolve("compare.csv"))).isTrue();
    }

    @Test
    void shouldDrawTheChartsInHeadlessChromium() throws Exception {
        Path html = dir.resolve("compare.html");
        Process p = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--dump-dom", html.toUri().toString())
                .redirectError(dir.resolve("chromium.log").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as("chromium exit status").isZero();
        int rows = count(json, "\"label\" : ");
        assertThat(rows).isEqualTo(11);
        // one bar per row with a rate, one curve per row with latency percentiles: drawn by the page's script
        assertThat(count(dom, "<rect class=\"bar\"")).isEqualTo(rows);
        assertThat(count(dom, "<path class=\"curve\"")).isEqualTo(rows);
        Matcher m = Pattern.compile("<rect class=\"bar\"[^>]*height=\"([0-9.]+)\"").matcher(dom);
        while (m.find()) {
            assertThat(Double.parseDouble(m.group(1))).isPositive();
        }
        String table = dom.substring(dom.indexOf("<table id=\"results\">"), dom.indexOf("</table>"));
        assertThat(table).containsPattern("<td[^>]*>kernel-nop qd1</td>").doesNotContain("NaN");
        assertThat(count(table, "<tr>")).isEqualTo(rows + 1);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
