package io.nvmebridge.emulator;

import io.nvmebridge.spec.device.InterruptHandler;

/**
 * MSI-X delivery in {@link EmulatorMode#THREADED} mode: under the controller's lock the worker collects the
 * vectors of completion queues that got entries ({@link #collect}), and fires them after releasing it
 * ({@link #fire}), so a handler that submits more work never runs inside the device. Used by the worker
 * thread only (the handler itself may be replaced from any thread).
 */
final class InterruptDelivery {
    private static final System.Logger LOG = System.getLogger(InterruptDelivery.class.getName());

    private volatile InterruptHandler handler;
    private final int[] vectors;
    private int count;

    InterruptDelivery(int queuePairs) {
        this.vectors = new int[queuePairs];
    }

    void setHandler(InterruptHandler h) {
        handler = h;
    }

    boolean hasHandler() {
        return handler != null;
    }

    /** Takes the pending interrupt of every CQ that has one. Caller holds the controller's lock. */
    void collect(CompletionQueue[] cqs) {
        int n = 0;
        for (CompletionQueue cq : cqs) {
            if (cq != null && cq.interruptPending) {
                cq.interruptPending = false;
                vectors[n++] = cq.vector;
            }
        }
        count = n;
    }

    /** Fires what {@link #collect} took. Caller does not hold the controller's lock. */
    void fire() {
        InterruptHandler h = handler;
        int n = count;
        count = 0;
        if (h == null) {
            return;
        }
        for (int i = 0; i < n; i++) {
            try {
                h.interrupt(vectors[i]);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "interrupt handler failed for vector " + vectors[i], e);
            }
        }
    }
}
