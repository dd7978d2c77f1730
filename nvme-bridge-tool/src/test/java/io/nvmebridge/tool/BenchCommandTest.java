package io.nvmebridge.tool;

import static org.assertj.core.api.Assertions.assertThat;

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
    void shouldWriteFiosJsonShapeWithLatencyPercentilesAndCosts() {
        CliTest.Run r = CliTest.run("bench", "--path", "inline", "--iodepth", "4", "--number_ios", "2000",
                "--ramp_time", "0", "--null", "--size", "1M", "--bs", "4k", "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"fio version\" : \"nvme-bridge-0.1.0\"", "\"jobs\"", "\"total_ios\" : 2000",
                "\"clat_ns\"", "\"99.900000\"", "\"usr_cpu\"", "\"sys_cpu\"", "\"path\" : \"inline\"", "\"iodepth\" : 4",
                "\"cpu_ns_per_io\"", "\"alloc_bytes_per_io\"", "\"mmio_writes_per_io\"", "\"iops\"");
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
