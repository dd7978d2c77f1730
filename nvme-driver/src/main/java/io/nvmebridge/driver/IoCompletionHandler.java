package io.nvmebridge.driver;

/**
 * Receives I/O completions from {@link IoQueuePair#poll(int)}, on the queue pair's owner thread.
 * Implementations on the hot path should be a long-lived object (a lambda capturing nothing or a field), so
 * that submitting allocates nothing.
 */
@FunctionalInterface
public interface IoCompletionHandler {
    /**
     * @param userData   the value passed at submission
     * @param nvmeStatus the status field ({@link io.nvmebridge.spec.Status} encoding) or a {@link DriverStatus};
     *                   0 on success; {@link ErrnoMapping#errno(int)} maps it
     * @param result     completion DW0 | DW1 &lt;&lt; 32
     */
    void complete(long userData, int nvmeStatus, long result);
}
