package io.nvmebridge.bench;

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
 */
public record RingBenchRow(RingBenchSubject subject, int batch, double ioPerSecond, double bytesPerIo,
                           double coreRoundTripBeforeNs, double coreRoundTripAfterNs, Outcome outcome, String reason) {

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
                Outcome.MEASURED, null);
    }

    static RingBenchRow notMeasured(RingBenchSubject subject, int batch, Outcome outcome, String reason) {
        return new RingBenchRow(subject, batch, Double.NaN, Double.NaN, Double.NaN, Double.NaN, outcome, reason);
    }

    public boolean isMeasured() {
        return outcome == Outcome.MEASURED;
    }

    public double nanosPerIo() {
        return isMeasured() ? 1e9 / ioPerSecond : Double.NaN;
    }
}
