package io.nvmebridge.driver;

import io.nvmebridge.spec.SubmissionEntry;

/**
 * The per-command state of one {@link IoQueuePair}: one tracker per command identifier (CID = tracker index), kept
 * as a struct of arrays with free indices in a {@link TrackerStack}. Split from the pair so its submit/poll code,
 * its rings ({@link NvmeSqRing}, {@link NvmeCqRing}) and its recovery code ({@link QueueRecovery}) can share
 * the state without any file growing past one sitting.
 *
 * <p><b>Single owner thread</b> (the pair's): no locks, no allocation after construction. The arrays the pair, its
 * rings and its recovery touch directly on their paths are package-visible and final so every access stays a plain
 * array load or store (no getters, no boxing); the rest of the bookkeeping (begin, finish, driver-made completions)
 * is here.
 *
 * <p>A request is a parent tracker plus, when it is split at MDTS, child trackers: {@code pending} counts the
 * parts still outstanding (on the parent), {@code parent} names each part's parent (a parent names itself), the
 * first error wins ({@code firstStatus}) and the handler runs once when the last part finishes.
 */
final class CommandTrackers {
    static final byte FREE = 0;
    static final byte IN_FLIGHT = 1;
    /** A parent whose own part completed while its siblings are still in flight. */
    static final byte WAITING_FOR_SIBLINGS = 2;
    /** Completed by the driver; queued for delivery by the next poll. */
    static final byte LOCAL = 3;
    /** A 64-byte SQE as quadwords. */
    static final int SQE_QWORDS = SubmissionEntry.SIZE / 8;

    private final TrackerStack ids;
    final byte[] state;
    private final long[] userData;
    private final IoCompletionHandler[] handlers;
    /** When an in-flight command times out (System.nanoTime); stamped when the doorbell publishes it (NvmeSqRing). */
    final long[] deadline;
    final boolean[] abortSent;
    private final int[] parent;
    private final int[] pending;
    private final int[] firstStatus;
    private final long[] result;
    private final int[] localQueue;
    private final int[] localStatus;
    private int localCount;
    /**
     * In-flight commands' SQEs as submitted (CID = index), for re-submission after a controller reset: copied
     * from the SQ by {@link NvmeSqRing} when the slot is about to be reused or the ring re-attached.
     */
    final long[] sqeCopies;
    /** Controller resets each command has lived through (re-submitted each time). */
    final byte[] resetRetries;
    /** Passthrough: never re-submitted (as Linux fails passthrough canceled by a reset instead of requeueing). */
    final boolean[] noRetry;

    CommandTrackers(int count) {
        this.ids = new TrackerStack(count);
        this.state = new byte[count];
        this.userData = new long[count];
        this.handlers = new IoCompletionHandler[count];
        this.deadline = new long[count];
        this.abortSent = new boolean[count];
        this.parent = new int[count];
        this.pending = new int[count];
        this.firstStatus = new int[count];
        this.result = new long[count];
        this.localQueue = new int[count];
        this.localStatus = new int[count];
        this.sqeCopies = new long[count * SQE_QWORDS];
        this.resetRetries = new byte[count];
        this.noRetry = new boolean[count];
    }

    int capacity() {
        return ids.capacity();
    }

    /** Trackers free for new commands. */
    int available() {
        return ids.available();
    }

    /** Trackers not yet completed to their handler (children of split requests counted singly). */
    int inUse() {
        return ids.inUse();
    }

    /**
     * Takes a tracker (caller checked one is free) for a request of {@code parts} commands: it is the parent and
     * carries the first part. Its deadline is stamped when the doorbell publishes it.
     */
    int begin(long ud, IoCompletionHandler handler, int parts) {
        int id = ids.pop();
        state[id] = IN_FLIGHT;
        parent[id] = id;
        pending[id] = parts;
        firstStatus[id] = 0;
        result[id] = 0;
        userData[id] = ud;
        if (handlers[id] != handler) {
            // a store into an array of an interface type is type-checked (a secondary-supers scan per I/O); a queue's
            // users mostly pass one handler for every command, so store only when it changes. The handler stays
            // referenced until the tracker is reused or the pair closed (clearHandlers)
            handlers[id] = handler;
        }
        abortSent[id] = false;
        resetRetries[id] = 0;
        noRetry[id] = false;
        return id;
    }

    /** Takes a tracker (caller checked one is free) for a further part of parent {@code p}'s request. */
    int beginPart(int p) {
        int id = ids.pop();
        state[id] = IN_FLIGHT;
        parent[id] = p;
        abortSent[id] = false;
        resetRetries[id] = 0;
        noRetry[id] = false;
        return id;
    }

    /** One command (tracker {@code id}) is done; delivers the request when it was the last part. */
    int finish(int id, int status, long res) {
        int p = parent[id];
        if (status != 0 && firstStatus[p] == 0) {
            firstStatus[p] = status;
        }
        if (id == p) {
            result[p] = res;
        }
        if (--pending[p] > 0) {
            if (id == p) {
                state[p] = WAITING_FOR_SIBLINGS;
            } else {
                state[id] = FREE;
                ids.push(id);
            }
            return 0;
        }
        if (id != p) {
            state[id] = FREE;
            ids.push(id);
        }
        IoCompletionHandler h = handlers[p];
        long ud = userData[p];
        int st = firstStatus[p];
        long r = result[p];
        state[p] = FREE;
        ids.push(p);
        h.complete(ud, st, r);
        return 1;
    }

    /** Completes command {@code id} without the device; delivered by {@link #drainLocal()} (the next poll). */
    void queueLocal(int id, int status) {
        state[id] = LOCAL;
        localStatus[id] = status;
        localQueue[localCount++] = id;
    }

    /** True when driver-made completions wait for delivery. */
    boolean hasLocal() {
        return localCount > 0;
    }

    /** Delivers the driver-made completions; returns the number of handler calls. */
    int drainLocal() {
        int delivered = 0;
        // copy out first: handlers may submit (and be rejected locally) while we drain
        while (localCount > 0) {
            int id = localQueue[--localCount];
            delivered += finish(id, localStatus[id], 0);
        }
        return delivered;
    }

    /** Drops every handler reference (the pair closed: none will be called again). */
    void clearHandlers() {
        java.util.Arrays.fill(handlers, null);
    }

    /** Fails every in-flight command with {@code status}; delivered by the next poll. */
    void failInFlight(int status) {
        for (int id = 0; id < state.length; id++) {
            if (state[id] == IN_FLIGHT) {
                queueLocal(id, status);
            }
        }
    }
}
