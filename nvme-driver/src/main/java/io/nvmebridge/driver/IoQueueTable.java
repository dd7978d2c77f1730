package io.nvmebridge.driver;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A controller's I/O queue pairs: how many queue IDs it granted (Set Features / Number of Queues), which of
 * {@code 1..granted} are taken, the open pairs, and the interrupt vector → pair map interrupts are dispatched
 * through.
 *
 * <p>Split from {@link NvmeController} so the bookkeeping of queue IDs sits apart from bring-up, reset and
 * shutdown. Thread-safe: changes are synchronized; the interrupt thread reads the vector map (a volatile array,
 * replaced whole on every change) without a lock, and {@link #snapshot()} iterates a copy-on-write list.
 */
final class IoQueueTable {
    private final List<IoQueuePair> pairs = new CopyOnWriteArrayList<>();
    private final List<IoQueuePair> readOnly = Collections.unmodifiableList(pairs);
    private volatile IoQueuePair[] byVector = new IoQueuePair[0];
    /** Indexed by QID; index 0 (the admin queue) is never handed out. */
    private boolean[] inUse = new boolean[0];
    private volatile int granted;

    /** I/O queues the controller granted (0 before bring-up). */
    int granted() {
        return granted;
    }

    /**
     * Records the number of I/O queues the controller granted; after a reset it must not be fewer than before,
     * as the open pairs keep their QIDs.
     */
    synchronized void setGranted(int n) {
        if (granted != 0 && n < granted) {
            throw new NvmeException("after reset the controller grants " + n + " I/O queues, fewer than the "
                    + granted + " before");
        }
        granted = n;
        if (inUse.length < n + 1) {
            inUse = Arrays.copyOf(inUse, n + 1);
        }
    }

    /** The lowest QID not in use, or -1 when all granted ones are. */
    synchronized int lowestFreeQid() {
        for (int q = 1; q <= granted; q++) {
            if (!inUse[q]) {
                return q;
            }
        }
        return -1;
    }

    /** A pair created on the device: its QID is taken and its vector routed to it. */
    synchronized void add(IoQueuePair pair) {
        inUse[pair.qid()] = true;
        pairs.add(pair);
        rebuildVectors();
    }

    /** A pair closed: its QID is free again. False when it was not (or no longer) in the table. */
    synchronized boolean remove(IoQueuePair pair) {
        if (!pairs.remove(pair)) {
            return false;
        }
        inUse[pair.qid()] = false;
        rebuildVectors();
        return true;
    }

    /**
     * The open pairs, read-only; iterating it walks the pairs open when the iteration began (copy-on-write), so
     * closing them meanwhile is fine.
     */
    List<IoQueuePair> snapshot() {
        return readOnly;
    }

    /** Wakes the pair whose CQ raises {@code vector}; a vector no pair uses is ignored. */
    void dispatchInterrupt(int vector) {
        IoQueuePair[] v = byVector;
        if (vector >= 0 && vector < v.length && v[vector] != null) {
            v[vector].onInterrupt();
        }
    }

    private void rebuildVectors() {
        int max = 0;
        for (IoQueuePair p : pairs) {
            max = Math.max(max, p.vector());
        }
        IoQueuePair[] v = new IoQueuePair[max + 1];
        for (IoQueuePair p : pairs) {
            v[p.vector()] = p;
        }
        byVector = v;
    }
}
