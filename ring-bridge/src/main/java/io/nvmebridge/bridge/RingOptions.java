package io.nvmebridge.bridge;

/**
 * How to open a {@link Ring}.
 *
 * @param entries        SQ entries (power of two); the CQ has twice as many
 * @param setupFlags     IORING_SETUP_* (SQE128 and CQE32 for NVMe passthrough; NO_SQARRAY)
 * @param path           which thread forwards SQEs
 * @param data           fixed (zero copy, registered DMA buffers) or copy (bounce buffers)
 * @param queueEntries   NVMe I/O queue entries
 * @param sqThreadIdleMs SQPOLL: idle time before the bridge thread sleeps
 * @param bounceSize     copy path: bounce buffer bytes per request slot
 */
public record RingOptions(int entries, int setupFlags, ForwardingPath path, DataPath data, int queueEntries,
                          int sqThreadIdleMs, int bounceSize) {

    public static RingOptions defaults() {
        return new RingOptions(64, 0, ForwardingPath.INLINE, DataPath.FIXED, 256, 10, 64 * 1024);
    }

    public RingOptions withEntries(int v) {
        return new RingOptions(v, setupFlags, path, data, queueEntries, sqThreadIdleMs, bounceSize);
    }

    public RingOptions withSetupFlags(int v) {
        return new RingOptions(entries, v, path, data, queueEntries, sqThreadIdleMs, bounceSize);
    }

    public RingOptions withPath(ForwardingPath v) {
        return new RingOptions(entries, setupFlags, v, data, queueEntries, sqThreadIdleMs, bounceSize);
    }

    public RingOptions withData(DataPath v) {
        return new RingOptions(entries, setupFlags, path, v, queueEntries, sqThreadIdleMs, bounceSize);
    }

    public RingOptions withQueueEntries(int v) {
        return new RingOptions(entries, setupFlags, path, data, v, sqThreadIdleMs, bounceSize);
    }

    public RingOptions withSqThreadIdleMs(int v) {
        return new RingOptions(entries, setupFlags, path, data, queueEntries, v, bounceSize);
    }

    public RingOptions withBounceSize(int v) {
        return new RingOptions(entries, setupFlags, path, data, queueEntries, sqThreadIdleMs, v);
    }
}
