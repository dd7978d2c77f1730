package io.nvmebridge.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.bench.RingBenchRow;
import io.nvmebridge.bench.RingBenchRow.Outcome;
import io.nvmebridge.bench.RingBenchSubject;
import io.nvmebridge.tool.bench.RingBenchReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ring-bench's table and JSON: ratios to the kernel NOP rate of the same batch, n/a where nothing was measured. */
class RingBenchReportTest {

    private static RingBenchRow row(RingBenchSubject s, int batch, double rate, double bytes) {
        return new RingBenchRow(s, batch, rate, bytes, Double.NaN, Double.NaN, Outcome.MEASURED, null, List.of(rate));
    }

    private static RingBenchRow unavailable(RingBenchSubject s, int batch) {
        return new RingBenchRow(s, batch, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Outcome.UNAVAILABLE, "no gcc",
                List.of());
    }

    @Test
    void shouldDivideEachRateByTheKernelNopRateOfItsOwnBatch() {
        RingBenchReport report = new RingBenchReport("t", 1, 1, List.of(
                row(RingBenchSubject.INLINE_RING, 1, 3_000_000, 0),
                row(RingBenchSubject.INLINE_RING, 32, 5_000_000, 0),
                row(RingBenchSubject.SHM_RING, 32, 2_000_000, Double.NaN),
                row(RingBenchSubject.SQPOLL_RING, 32, 42_000, 0),
                row(RingBenchSubject.KERNEL_NOP, 1, 2_000_000, Double.NaN),
                row(RingBenchSubject.KERNEL_NOP, 32, 10_000_000, Double.NaN)));
        assertThat(report.ratioToKernelNop(report.rows().get(0))).isEqualTo(1.5);
        assertThat(report.ratioToKernelNop(report.rows().get(1))).isEqualTo(0.5);
        assertThat(report.table()).containsPattern("inline ring +1 +3000000 +333\\.3 +0\\.00 +1\\.50 +-\n")
                .containsPattern("inline ring +32 +5000000 +200\\.0 +0\\.00 +0\\.50 +-\n")
                .containsPattern("shm ring, C client +32 +2000000 +500\\.0 +n/a +0\\.20 +-\n");
        assertThat(report.table()).as("a slow row keeps two significant digits")
                .containsPattern("sqpoll ring +32 +42000 +23809\\.5 +0\\.00 +0\\.0042 +-\n");
    }

    @Test
    void shouldSayUnavailableAndShowNoRatioWithoutAKernelYardstick() {
        RingBenchReport report = new RingBenchReport("t", 1, 1, List.of(
                row(RingBenchSubject.SQPOLL_RING, 1, 1_000_000, 0),
                unavailable(RingBenchSubject.KERNEL_NOP, 1)));
        assertThat(report.table()).containsPattern("sqpoll ring +1 +1000000 +1000\\.0 +0\\.00 +n/a +-\n")
                .containsPattern("kernel NOP +1 +unavailable\n");
        assertThat(report.json()).contains("\"ratio_to_kernel_nop\" : null", "\"outcome\" : \"unavailable\"",
                "\"reason\" : \"no gcc\"", "\"bytes_per_io\" : 0.0");
    }

    @Test
    void shouldWriteEveryRowWithItsMembersInOrderAndNullForWhatWasNotMeasured() {
        RingBenchReport report = new RingBenchReport("t", 1.5, 0.25, List.of(unavailable(RingBenchSubject.KERNEL_NOP, 8)));
        assertThat(report.json()).isEqualTo("""
                {
                  "title" : "t",
                  "seconds" : 1.5,
                  "warmup_seconds" : 0.25,
                  "rows" : [
                    {
                      "subject" : "kernel NOP",
                      "batch" : 8,
                      "outcome" : "unavailable",
                      "io_per_s" : null,
                      "ns_per_io" : null,
                      "bytes_per_io" : null,
                      "ratio_to_kernel_nop" : null,
                      "core_round_trip_ns_before" : null,
                      "core_round_trip_ns_after" : null,
                      "samples_io_per_s" : [],
                      "reason" : "no gcc"
                    }
                  ]
                }""");
    }

    @Test
    void shouldShowTheCoreRoundTripBeforeAndAfterARowThatHandsIoOverBetweenCores() {
        RingBenchReport report = new RingBenchReport("t", 1, 1, List.of(
                new RingBenchRow(RingBenchSubject.SQPOLL_RING, 32, 4_000_000, 0, 96.4, 391.2, Outcome.MEASURED, null,
                        List.of(4_000_000.0)),
                row(RingBenchSubject.INLINE_RING, 32, 5_000_000, 0)));
        assertThat(report.table()).containsPattern("sqpoll ring +32 +4000000 +250\\.0 +0\\.00 +n/a +96/391\n")
                .containsPattern("inline ring +32 +5000000 +200\\.0 +0\\.00 +n/a +-\n")
                .contains("core RTT ns");
        assertThat(report.json()).contains("\"core_round_trip_ns_before\" : 96.4", "\"core_round_trip_ns_after\" : 391.2",
                "\"core_round_trip_ns_before\" : null");
    }

    @Test
    void shouldShowTheRangeOfEveryRowsRunsWhenRowsWereRepeated() {
        RingBenchReport report = new RingBenchReport("t", 1, 1, List.of(
                new RingBenchRow(RingBenchSubject.INLINE_RING, 32, 8_000_000, 0, Double.NaN, Double.NaN,
                        Outcome.MEASURED, null, List.of(10_000_000.0, 8_000_000.0, 5_000_000.0)),
                unavailable(RingBenchSubject.KERNEL_NOP, 32)));
        assertThat(report.table()).contains("ns/I/O of runs")
                .containsPattern("inline ring +32 +8000000 +125\\.0 +0\\.00 +n/a +- +100\\.0-200\\.0\n");
        assertThat(report.json()).containsPattern("\"samples_io_per_s\" : \\[\\s*1\\.0E7,\\s*8000000\\.0,\\s*5000000\\.0\\s*]");
    }

    @Test
    void shouldLeaveTheRangeColumnOutForASingleRun() {
        RingBenchReport report = new RingBenchReport("t", 1, 1, List.of(row(RingBenchSubject.INLINE_RING, 1, 1_000_000, 0)));
        assertThat(report.table()).doesNotContain("of runs");
        assertThat(report.json()).containsPattern("\"samples_io_per_s\" : \\[\\s*1000000\\.0\\s*]");
    }
}
