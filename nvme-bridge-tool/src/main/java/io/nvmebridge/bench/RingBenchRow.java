package io.nvmebridge.bench;

import java.util.List;

/**
 * One line of ring-bench: a subject at one batch size.
 *
 * @param ioPerSecond I/Os completed per second in the measured phase (NaN unless measured)
 * @param bytesPerIo  bytes the subject's JVM allocated per I/O (NaN when not measured: C programs, failures)
 * @param coreRoundTripBeforeNs the machine's core-to-core round trip ({@link CoreRoundTrip}) just before the
 *                    subject's JVM set up, for subjects that {@linkplain RingBenchSubject#handsOver() hand I/O
 *                    over between cores} (NaN for the others)
 * @param coreRoundTripAfterNs the same, just after it closed
 * @param outcome     measured, or why not
 * @param reason      what went wrong (null when measured)
 * @param samples     the rate of every run of this row, in run order, when ring-bench ran each row more than
 *                    once ({@code --repeat}); this row is then the run with the median rate. Empty when not measured.
 */
public record RingBenchRow(RingBenchSubject subject, int batch, double ioPerSecond, double bytesPerIo,
                           double coreRoundTripBeforeNs, double coreRoundTripAfterNs, Outcome outcome, String reason,
                           List<Double> samples) {

    public RingBenchRow {
        samples = List.copyOf(samples);
    }

    public enum Outcome {
        MEASURED,
        /** This machine cannot run it (no gcc or liburing-dev, io_uring disabled): not an error. */
        UNAVAILABLE,
        /** It ran and went wrong: an error. */
        FAILED
    }

    static RingBenchRow measured(RingBenchSubject subject, int batch, double ioPerSecond, double bytesPerIo,
                                 double coreRoundTripBeforeNs, double coreRoundTripAfterNs) {
        return new RingBenchRow(subject, batch, ioPerSecond, bytesPerIo, coreRoundTripBeforeNs, coreRoundTripAfterNs,
                Outcome.MEASURED, null, List.of(ioPerSecond));
    }

    static RingBenchRow notMeasured(RingBenchSubject subject, int batch, Outcome outcome, String reason) {
        return new RingBenchRow(subject, batch, Double.NaN, Double.NaN, Double.NaN, Double.NaN, outcome, reason, List.of());
    }

    /**
     * One row out of the runs of the same subject and batch: the measured run with the median rate (the lower
     * of the two middle ones for an even count), carrying every run's rate; a failure if any run failed (a
     * broken subject is not hidden by its other runs); otherwise unavailable.
     */
    static RingBenchRow median(List<RingBenchRow> runs) {
        for (RingBenchRow r : runs) {
            if (r.outcome() == Outcome.FAILED) {
                return r;
            }
        }
        List<RingBenchRow> measured = runs.stream().filter(RingBenchRow::isMeasured)
                .sorted(java.util.Comparator.comparingDouble(RingBenchRow::ioPerSecond)).toList();
        if (measured.isEmpty()) {
            return runs.getFirst();
        }
        RingBenchRow m = measured.get((measured.size() - 1) / 2);
        List<Double> all = runs.stream().filter(RingBenchRow::isMeasured).map(RingBenchRow::ioPerSecond).toList();
        return new RingBenchRow(m.subject, m.batch, m.ioPerSecond, m.bytesPerIo, m.coreRoundTripBeforeNs,
                m.coreRoundTripAfterNs, m.outcome, m.reason, all);
    }

    public boolean isMeasured() {
        return outcome == Outcome.MEASURED;
    }

    public double nanosPerIo() {
        return isMeasured() ? 1e9 / ioPerSecond : Double.NaN;
    }
}
