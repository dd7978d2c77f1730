package io.nvmebridge.bench;

/**
 * One line of ring-bench: a subject at one batch size.
 *
 * @param ioPerSecond I/Os completed per second in the measured phase (NaN unless measured)
 * @param bytesPerIo  bytes the subject's JVM allocated per I/O (NaN when not measured: C programs, failures)
 * @param outcome     measured, or why not
 * @param reason      what went wrong (null when measured)
 */
public record RingBenchRow(RingBenchSubject subject, int batch, double ioPerSecond, double bytesPerIo,
                           Outcome outcome, String reason) {

    public enum Outcome {
        MEASURED,
        /** This machine cannot run it (no gcc or liburing-dev, io_uring disabled): not an error. */
        UNAVAILABLE,
        /** It ran and went wrong: an error. */
        FAILED
    }

    static RingBenchRow measured(RingBenchSubject subject, int batch, double ioPerSecond, double bytesPerIo) {
        return new RingBenchRow(subject, batch, ioPerSecond, bytesPerIo, Outcome.MEASURED, null);
    }

    static RingBenchRow notMeasured(RingBenchSubject subject, int batch, Outcome outcome, String reason) {
        return new RingBenchRow(subject, batch, Double.NaN, Double.NaN, outcome, reason);
    }

    public boolean isMeasured() {
        return outcome == Outcome.MEASURED;
    }

    public double nanosPerIo() {
        return isMeasured() ? 1e9 / ioPerSecond : Double.NaN;
    }
}
