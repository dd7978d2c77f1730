package io.nvmebridge.emulator;

import java.util.concurrent.locks.LockSupport;

/**
 * The device's own thread in {@link EmulatorMode#THREADED} mode, as a real controller has: it runs
 * {@link QueueProcessor#processAll} under the controller's lock and then fires the interrupts that pass raised,
 * outside the lock ({@link InterruptDelivery}). When idle it spins briefly, then parks; a doorbell write or
 * {@code poll()} unparks it ({@link #wake}).
 *
 * <p>Separate from {@link QueueProcessor} because it only decides when processing runs, never what it does:
 * INLINE mode runs the same processing on the host's thread and has no worker at all.
 */
final class PollingWorker {
    /** The controller: its monitor guards all device state, and it is the blocker a thread dump shows. */
    private final EmulatedController ctrl;
    private final QueueProcessor queues;
    private final InterruptDelivery interrupts;
    private final CompletionQueue[] cqs;
    private final ShadowDoorbells shadow;
    private final DelayedCompletions delayed;
    private final Thread thread;
    private volatile boolean closed;

    PollingWorker(EmulatedController ctrl, QueueProcessor queues, InterruptDelivery interrupts) {
        this.ctrl = ctrl;
        this.queues = queues;
        this.interrupts = interrupts;
        this.cqs = ctrl.cqs;
        this.shadow = ctrl.shadow;
        this.delayed = ctrl.delayed;
        this.thread = Thread.ofPlatform().daemon().name("nvme-emulator-" + ctrl.config.serial()).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** There may be new work: ends the current park early. */
    void wake() {
        LockSupport.unpark(thread);
    }

    /** Stops the loop and waits (up to 5 s) for the thread to leave it. */
    void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        int idle = 0;
        while (!closed) {
            boolean progress;
            synchronized (ctrl) {
                progress = queues.processAll();
                interrupts.collect(cqs);
            }
            interrupts.fire(); // outside the lock: a handler may submit more work
            if (progress) {
                idle = 0;
            } else if (++idle < 64) {
                Thread.onSpinWait();
            } else {
                // shadow doorbells and delayed completions need polling; plain doorbells unpark us
                long park = shadow.enabled ? 20_000 : delayed.count() > 0 ? 50_000 : 1_000_000;
                LockSupport.parkNanos(ctrl, park);
            }
        }
    }
}
