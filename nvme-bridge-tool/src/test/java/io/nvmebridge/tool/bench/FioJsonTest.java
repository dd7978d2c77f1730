package io.nvmebridge.tool.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nvmebridge.tool.CliTestAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fio's JSON and ours through one reader: fio itself runs here (installed by {@code ./run-tests}), and every
 * field our {@code bench --output-format=json} writes outside {@code nvme_bridge} must exist, at the same
 * place, in fio's own document for the same kind of job.
 */
class FioJsonTest {
    @TempDir
    static Path dir;
    static String fiosJson;
    static String oursJson;

    @BeforeAll
    static void runFioAndBench() throws Exception {
        Path file = dir.resolve("backing");
        Files.write(file, new byte[4 << 20]);
        FioBaseline fio = FioBaseline.find();
        Path out = dir.resolve("fio.json");
        Process p = new ProcessBuilder(fio.command(file, 4096, 4, 0.2, 0)).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        assertThat(p.waitFor()).isZero();
        fiosJson = Files.readString(out);
        oursJson = CliTestAccess.out("bench", "--path", "inline", "--rw", "randread", "--iodepth", "4", "--runtime",
                "200ms", "--ramp_time", "0", "--null", "--size", "1M", "--bs", "4k", "-o", "json");
    }

    @Test
    void theSameReaderReadsFiosOwnOutputAndOurs() throws IOException {
        FioJson.Output fio = FioJson.read(fiosJson);
        FioJson.Output ours = FioJson.read(oursJson);
        for (FioJson.Output o : List.of(fio, ours)) {
            FioJson.Job job = o.jobs().get(0);
            assertThat(job.read().iops()).isPositive();
            assertThat(job.read().totalIos()).isPositive();
            assertThat(job.read().clatNs().at(FioJson.P99)).isPositive();
            assertThat(job.usrCpu()).isNotNull();
            assertThat(job.sysCpu()).isNotNull();
        }
        assertThat(fio.fioVersion()).startsWith("fio-");
        assertThat(ours.fioVersion()).isEqualTo("nvme-bridge-0.1.0");
        assertThat(ours.jobs().get(0).write()).isNull();
    }

    @Test
    void everyFieldWeWriteOutsideOurOwnBlockIsAtTheSamePlaceInFiosDocument() throws IOException {
        ObjectMapper m = new ObjectMapper();
        JsonNode fio = m.readTree(fiosJson.substring(fiosJson.indexOf('{')));
        JsonNode ours = m.readTree(oursJson);
        Set<String> fioPaths = new TreeSet<>();
        Set<String> ourPaths = new TreeSet<>();
        paths(fio, "", fioPaths);
        paths(ours, "", ourPaths);
        ourPaths.removeIf(p -> p.startsWith("/jobs/0/nvme_bridge"));
        // job options name our workload in our words; fio names its own
        ourPaths.removeIf(p -> p.startsWith("/jobs/0/job options/"));
        assertThat(ourPaths).isNotEmpty().allMatch(fioPaths::contains, "a field of fio's document");
    }

    @Test
    void aResultMapsToFiosUnits() {
        Latency lat = new Latency(1000, 2000, 3000, 4000, 5000, 1500);
        BenchResult r = new BenchResult("inline qd1", "inline", "emulator", null, 1, 10_000, 10_000, 0, 2.0, 4096, lat,
                2000, 500, 0, 2, 0, 0, 0, 0);
        FioJson.Job job = FioJson.of(List.of(r), "nvme-bridge-0.1.0", Instant.EPOCH).jobs().get(0);
        assertThat(job.read().iops()).isEqualTo(5000.0);
        assertThat(job.read().ioBytes()).isEqualTo(40_960_000L);
        assertThat(job.read().bw()).isEqualTo(20_480_000L / 1024); // KiB/s
        assertThat(job.read().runtime()).isEqualTo(2000); // ms
        assertThat(job.read().clatNs().percentile()).containsEntry("50.000000", 1000L).containsEntry("99.900000", 4000L);
        // 10,000 I/Os x 2000 ns CPU over 2 s = 1 %, a quarter of it in user mode
        assertThat(job.usrCpu()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(job.sysCpu()).isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(job.write()).isNull();
    }

    @Test
    void aUserTimeATickAboveTheTotalGivesNoNegativeSystemTime() {
        BenchResult r = new BenchResult("inline qd1", "inline", "emulator", null, 1, 1000, 1000, 0, 1.0, 4096,
                Latency.NONE, 1000, 1010, 0, 2, 0, 0, 0, 0);
        FioJson.Job job = FioJson.of(List.of(r), "nvme-bridge-0.1.0", Instant.EPOCH).jobs().get(0);
        assertThat(job.sysCpu()).isZero();
        assertThat(job.usrCpu()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aFigureThatWasNotMeasuredIsLeftOutNotWrittenAsNaN() {
        BenchResult r = new BenchResult("kernel-nop batch32", "kernel-io_uring-nop-batch", "linux", null, 32, 100, 0, 0,
                1.0, 0, Latency.NONE, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, 0);
        String json = FioJson.write(FioJson.of(List.of(r), "nvme-bridge-0.1.0", Instant.EPOCH));
        assertThat(json).doesNotContain("NaN", "clat_ns", "usr_cpu", "cpu_ns_per_io");
    }

    @Test
    void malformedJsonIsOneLineSayingWhere() {
        assertThatThrownBy(() -> FioJson.read("{\"jobs\": [ {\"read\": {\"iops\": }} ]}"))
                .isInstanceOf(IOException.class).hasMessageStartingWith("not fio JSON: ")
                .hasMessageContaining("line 1, column").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> FioJson.read("fio: unrecognized option '--bogus'"))
                .isInstanceOf(IOException.class).hasMessage("not fio JSON: no '{' in the output");
        assertThatThrownBy(() -> FioJson.read("{\"fio version\": \"fio-3.33\"}"))
                .isInstanceOf(IOException.class).hasMessage("not fio JSON: no \"jobs\" array");
    }

    @Test
    void fiosRunBecomesAComparisonRowWithItsCpuPerIo() throws IOException {
        BenchResult row = FioBaseline.find().result(FioJson.read(fiosJson), 4, 4096);
        assertThat(row.path()).isEqualTo("fio-io_uring-read");
        assertThat(row.iops()).isPositive();
        assertThat(row.cpuNanosPerIo()).isPositive();
        assertThat(row.latency().p99()).isPositive();
        // fio ran with --lat_percentiles=1: the row's latency is submission to completion, as ours
        FioJson.LatencyBlock lat = FioJson.read(fiosJson).jobs().get(0).read().latNs();
        assertThat(row.latency().p50()).isEqualTo(lat.at(FioJson.P50));
        assertThat(row.errors()).isZero();
    }

    private static void paths(JsonNode n, String at, Set<String> out) {
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                paths(e.getValue(), at + "/" + e.getKey(), out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                paths(n.get(i), at + "/" + i, out);
            }
        } else {
            out.add(at);
        }
    }
}
