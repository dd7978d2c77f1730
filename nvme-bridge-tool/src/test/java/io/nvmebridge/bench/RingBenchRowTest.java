package io.nvmebridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.bench.RingBenchRow.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ring-bench --repeat: one row out of several runs of it. */
class RingBenchRowTest {

    private static RingBenchRow run(double rate, double rttBefore) {
        return RingBenchRow.measured(RingBenchSubject.SQPOLL_RING, 32, rate, 0.5, rttBefore, rttBefore + 1);
    }

    @Test
    void shouldTakeTheRunWithTheMedianRateWithItsOwnFiguresAndKeepEveryRate() {
        RingBenchRow m = RingBenchRow.median(List.of(run(3e6, 400), run(7e6, 95), run(5e6, 100)));
        assertThat(m.ioPerSecond()).isEqualTo(5e6);
        assertThat(m.coreRoundTripBeforeNs()).as("the median run's own round trip").isEqualTo(100);
        assertThat(m.samples()).containsExactly(3e6, 7e6, 5e6);
        assertThat(m.isMeasured()).isTrue();
    }

    @Test
    void shouldTakeTheLowerMiddleRunOfAnEvenCount() {
        assertThat(RingBenchRow.median(List.of(run(4e6, 1), run(2e6, 2))).ioPerSecond()).isEqualTo(2e6);
    }

    @Test
    void shouldReportAFailureIfAnyRunFailed() {
        RingBenchRow failed = RingBenchRow.notMeasured(RingBenchSubject.SQPOLL_RING, 32, Outcome.FAILED, "boom");
        RingBenchRow m = RingBenchRow.median(List.of(run(3e6, 1), failed, run(5e6, 1)));
        assertThat(m.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(m.reason()).isEqualTo("boom");
    }

    @Test
    void shouldStayUnavailableWhenNoRunCouldMeasure() {
        RingBenchRow none = RingBenchRow.notMeasured(RingBenchSubject.KERNEL_NOP, 1, Outcome.UNAVAILABLE, "no gcc");
        RingBenchRow m = RingBenchRow.median(List.of(none, none));
        assertThat(m.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(m.samples()).isEmpty();
    }
}
