package io.nvmebridge.bridge;

/** Which thread moves SQEs onto the NVMe queue. */
public enum ForwardingPath {
    /**
     * The submitting thread translates SQEs and rings the doorbell inside {@code submit()}; completions are
     * reaped when it waits — io_uring without SQPOLL.
     */
    INLINE,
    /**
     * A bridge thread polls the SQ tail, forwards, reaps completions; when idle it sets
     * IORING_SQ_NEED_WAKEUP and sleeps on the SQ tail futex — io_uring with IORING_SETUP_SQPOLL.
     */
    SQPOLL;

    public static ForwardingPath parse(String name) {
        return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
