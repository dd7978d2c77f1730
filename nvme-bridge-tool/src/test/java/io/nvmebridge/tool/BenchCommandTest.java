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
    void shouldWriteJsonWithLatencyPercentilesAndCosts() throws Exception {
        CliTest.Run r = CliTest.run("bench", "--path", "inline", "--iodepth", "4", "--number_ios", "2000",
                "--ramp_time", "0", "--null", "--size", "1M", "--bs", "4k", "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        assertThat(json.get("nvme-bridge").textValue()).isEqualTo("0.1.0");
        assertThat(json.get("results").size()).isOne();
        JsonNode result = json.get("results").get(0);
        assertThat(result.get("path").textValue()).isEqualTo("inline");
        assertThat(result.get("iodepth").intValue()).isEqualTo(4);
        assertThat(result.get("bs").intValue()).isEqualTo(4096);
        assertThat(result.get("ios").longValue()).isEqualTo(2000);
        assertThat(result.get("iops").doubleValue()).isPositive();
        assertThat(result.get("lat_ns").get("p99.9").doubleValue()).isPositive();
        for (String cost : new String[] {"cpu_ns_per_io", "alloc_bytes_per_io", "mmio_writes_per_io"}) {
            assertThat(result.get(cost).isNumber()).as(cost).isTrue();
        }
        assertThat(result.has("verify")).as("verify only with --verify").isFalse();
        assertThat(result.has("ratio_to_kernel_read")).as("ratios only in compare").isFalse();
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
