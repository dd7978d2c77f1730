package io.nvmebridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The core round trip ring-bench prints next to its hand-over rows: a finite figure, and no thread left behind. */
class CoreRoundTripTest {

    @Test
    void shouldMeasureAFiniteRoundTripAndStopItsPeerThread() throws Exception {
        double ns = CoreRoundTrip.measure(20);
        // at least a store and a load on each side; about 0.1 µs between two cores of the development machine,
        // about 0.2 ms when both threads share one core (taskset -c 0) and meet through Thread.yield; the
        // bound leaves room for a CI machine busy with other processes
        assertThat(ns).isGreaterThan(1).isLessThan(100_000_000);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("core-round-trip"));
    }
}
