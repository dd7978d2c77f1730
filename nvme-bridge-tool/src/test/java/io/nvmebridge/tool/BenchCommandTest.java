package io.nvmebridge.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code bench}: every path moves and verifies real data; fio-style options are checked; JSON has the schema. */
class BenchCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"driver", "inline", "sqpoll", "copy", "passthru", "async"})
    void shouldVerifyEveryBlockWrittenThroughEachPath(String path) {
        CliTest.Run r = CliTest.run("bench", "--path", path, "--rw", "randrw", "--rwmixread", "50", "--iodepth", "8",
                "--number_ios", "3000", "--ramp_time", "0", "--size", "2M", "--verify");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("verify: [1-9][0-9]* blocks checked, 0 mismatches");
        assertThat(r.out()).contains("errors: 0");
    }

    @Test
    void shouldWriteFiosJsonShapeWithLatencyPercentilesAndCosts() throws Exception {
        CliTest.Run r = CliTest.run("bench", "--path", "inline", "--iodepth", "4", "--number_ios", "2000",
                "--ramp_time", "0", "--null", "--size", "1M", "--bs", "4k", "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        assertThat(json.get("fio version").textValue()).isEqualTo("nvme-bridge-0.1.0");
        assertThat(json.get("jobs").size()).isOne();
        JsonNode job = json.get("jobs").get(0);
        JsonNode read = job.get("read");
        assertThat(read.get("total_ios").longValue()).isEqualTo(2000);
        assertThat(read.get("iops").doubleValue()).isPositive();
        assertThat(read.get("io_bytes").longValue()).isEqualTo(2000L * 4096);
        assertThat(read.get("clat_ns").get("percentile").get("99.900000").longValue()).isPositive();
        assertThat(job.has("write")).as("a read-only job has no write block, as fio's").isFalse();
        assertThat(job.get("usr_cpu").isNumber() && job.get("sys_cpu").isNumber()).isTrue();
        JsonNode ours = job.get("nvme_bridge");
        assertThat(ours.get("path").textValue()).isEqualTo("inline");
        assertThat(ours.get("iodepth").intValue()).isEqualTo(4);
        for (String cost : new String[] {"cpu_ns_per_io", "alloc_bytes_per_io", "mmio_writes_per_io"}) {
            assertThat(ours.get(cost).isNumber()).as(cost).isTrue();
        }
        assertThat(ours.has("verified_blocks")).as("verify only with --verify").isFalse();
    }

    @Test
    void shouldRejectVerifyOnANullNamespace() {
        CliTest.Run r = CliTest.run("bench", "--null", "--verify", "--number_ios", "10");
        CliTest.assertOneLineError(r, 2, "--verify needs a namespace that keeps data");
    }

    @Test
    void shouldRejectABlockSizeThatIsNotAMultipleOfTheLbaSize() {
        CliTest.Run r = CliTest.run("bench", "--bs", "1000", "--number_ios", "10");
        CliTest.assertOneLineError(r, 2, "--bs must be a multiple of 512");
    }

    @Test
    void shouldRejectAnUnknownPath() {
        CliTest.Run r = CliTest.run("bench", "--path", "warp");
        CliTest.assertOneLineError(r, 2, "--path");
    }
}
