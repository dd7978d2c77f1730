package io.nvmebridge.bench;

/** What ring-bench measures, in the order its table lists them. */
public enum RingBenchSubject {
    /** The ring API on the inline path: the submitting thread forwards SQEs and reaps completions. */
    INLINE_RING("inline ring", true, false),
    /**
     * The same inline ring forwarding NOPs instead of reads: the bridge's own cost (SQE in, CQE out, no NVMe
     * command), the like-for-like counterpart of the kernel NOP row.
     */
    INLINE_NOP("inline ring, NOPs", true, false),
    /**
     * The same reads straight on a driver queue pair, no ring in front: what the NVMe command costs through the
     * driver and the emulated device alone — the floor under every ring row ({@link DriverQueueSubject}).
     */
    DRIVER_QUEUE("driver, no ring", true, false),
    /** The ring API on the SQPOLL path: a bridge thread forwards and reaps. */
    SQPOLL_RING("sqpoll ring", true, true),
    /** The CompletableFuture layer over an inline ring. */
    INLINE_FUTURE("inline future", true, false),
    /** The cross-process shared-memory ring (serve), driven by a C client process. */
    SHM_RING("shm ring, C client", false, true),
    /** Linux's own io_uring doing NOPs: the yardstick every other row is divided by. */
    KERNEL_NOP("kernel NOP", false, false);

    private final String label;
    private final boolean allocationMeasured;
    private final boolean handsOver;

    RingBenchSubject(String label, boolean allocationMeasured, boolean handsOver) {
        this.label = label;
        this.allocationMeasured = allocationMeasured;
        this.handsOver = handsOver;
    }

    public String label() {
        return label;
    }

    /** Whether the I/O loop runs in a JVM whose allocation per I/O is measured (not for the C programs). */
    public boolean allocationMeasured() {
        return allocationMeasured;
    }

    /**
     * Whether every I/O passes between two threads on two cores (the SQPOLL bridge thread; a client in
     * another process), so that its rate rides on the machine's core-to-core latency ({@link CoreRoundTrip},
     * measured next to these rows).
     */
    public boolean handsOver() {
        return handsOver;
    }
}
