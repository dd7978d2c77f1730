package io.nvmebridge.bridge;

import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.nativeio.PosixNative;
import io.nvmebridge.bridge.ring.SubmissionRing;

/**
 * The SQPOLL path's bridge thread: drives one {@link RingBridge} (and so owns its NVMe queue pair),
 * polling the SQ tail and the NVMe completion queue. After {@code idleNanos} without work and with
 * nothing in flight it sets IORING_SQ_NEED_WAKEUP, re-checks the tail, and sleeps on the SQ tail futex;
 * a client that sees the flag after publishing its tail wakes it (FUTEX_WAKE on the tail word).
 */
public final class SqPollWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SqPollWorker.class.getName());
    /** Upper bound of one futex sleep, so a stop request is noticed without a wake-up. */
    private static final long SLEEP_SLICE_NANOS = 50_000_000L;

    private final RingBridge bridge;
    private final long idleNanos;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private final java.util.function.Consumer<Throwable> onFailure;

    public SqPollWorker(RingBridge bridge, long idleNanos, String name) {
        this(bridge, idleNanos, name, t -> { });
    }

    /**
     * @param onFailure run on the bridge thread if it dies of an exception, after logging it and before
     *                  {@link #failure()} reports it — so whoever sees the failure also sees what the
     *                  callback did (a shared ring file already marked failed)
     */
    public SqPollWorker(RingBridge bridge, long idleNanos, String name, java.util.function.Consumer<Throwable> onFailure) {
        this.bridge = bridge;
        this.idleNanos = idleNanos;
        this.onFailure = onFailure;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::loop);
    }

    public SqPollWorker start() {
        thread.start();
        return this;
    }

    public Throwable failure() {
        return failure;
    }

    private void loop() {
        SubmissionRing sq = bridge.submissionRing();
        long lastWork = System.nanoTime();
        int spins = 0;
        try {
            while (running) {
                int work = bridge.work();
                if (work > 0) {
                    lastWork = System.nanoTime();
                    spins = 0;
                    continue;
                }
                if (!bridge.idle()) {
                    // requests in flight: keep polling the device
                    lastWork = System.nanoTime();
                }
                if (!bridge.idle() || System.nanoTime() - lastWork < idleNanos) {
                    PollBackoff.pause(++spins);
                    continue;
                }
                // set NEED_WAKEUP (volatile RMW: full fence), then re-check the tail: a client that
                // published after our check sees the flag and wakes us
                sq.setFlags(IoUring.SQ_NEED_WAKEUP);
                int tail = sq.tailAcquire();
                if (bridge.idle() && running) {
                    PosixNative.futexWait(sq.tailWord(), tail, SLEEP_SLICE_NANOS);
                }
                sq.clearFlags(IoUring.SQ_NEED_WAKEUP);
                lastWork = System.nanoTime();
            }
        } catch (Throwable t) {
            if (t instanceof RingCorruptedException) {
                // the client's fault, not ours: one line, no stack trace (the ring's owner reports it too)
                LOG.log(System.Logger.Level.WARNING, thread.getName() + ": ring corrupt, not served any more: "
                        + t.getMessage());
            } else {
                LOG.log(System.Logger.Level.ERROR, "sqpoll bridge thread " + thread.getName() + " failed", t);
            }
            try {
                onFailure.accept(t);
            } finally {
                failure = t; // volatile: published after the callback's effects
            }
        }
    }

    /** Stops the thread after its current round and waits for it. */
    @Override
    public void close() {
        running = false;
        PosixNative.futexWake(bridge.submissionRing().tailWord(), Integer.MAX_VALUE);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
