package io.nvmebridge.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    static JsonNode results;

    @BeforeAll
    static void runCompare() throws IOException {
        run = CliTest.run("compare", "--paths", "inline,driver,async", "--depths", "1,4", "--runtime", "150ms",
                "--ramp_time", "50ms", "--size", "8M", "--report-dir", dir.toString());
        json = Files.readString(dir.resolve("compare.json"));
        results = JsonMapper.builder().build().readTree(json).get("results");
    }

    @Test
    void shouldPrintEveryRowWithItsRatioToTheKernelBaselines() {
        assertThat(run.exit()).as(run.err()).isZero();
        // 2 depths x (kernel nop + kernel read + fio) + filechannel + 3 paths x 2 depths
        assertThat(run.out().lines().filter(l -> l.matches("^(kernel|fio|java|emulator) .*"))).hasSize(6 + 1 + 6);
        assertThat(run.out()).containsPattern("fio +io_uring-read +4 .* [0-9.]+x +[0-9.]+x");
        assertThat(run.out()).containsPattern("emulator +inline +4 .* [0-9.]+x +[0-9.]+x");
        List<String> paths = new ArrayList<>();
        results.forEach(r -> paths.add(r.get("path").textValue()));
        assertThat(paths).contains("kernel-io_uring-nop", "kernel-io_uring-read", "fio-io_uring-read", "java-filechannel-read", "inline", "driver", "async");
        for (JsonNode r : results) {
            assertThat(r.has("lat_ns")).as(r.toString()).isTrue();
            if (List.of("inline", "driver", "async").contains(r.get("path").textValue())) {
                assertThat(r.get("ratio_to_kernel_read").isNumber() && r.get("ratio_to_kernel_nop").isNumber()).as(r.toString()).isTrue();
            }
        }
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
        int rows = results.size();
        assertThat(rows).isEqualTo(13); // 2 depths x (kernel nop + kernel read + fio) + filechannel + 3 paths x 2 depths
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
