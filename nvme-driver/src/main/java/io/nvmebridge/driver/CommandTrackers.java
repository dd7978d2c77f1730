package io.nvmebridge.driver;

import io.nvmebridge.spec.SubmissionEntry;

/**
 * The per-command state of one {@link IoQueuePair}: one tracker per command identifier (CID = tracker index), kept
 * in a fixed array of {@link Command}s made up front, with free indices in a {@link TrackerStack}. Split from the
 * pair so its submit/poll code, its rings ({@link NvmeSqRing}, {@link NvmeCqRing}) and its recovery code
 * ({@link QueueRecovery}) can share the state without any file growing past one sitting.
 *
 * <p><b>Single owner thread</b> (the pair's): no locks, no allocation after construction. What is written together
 * per command (begin, finish) lives in one {@link Command} object — one bounds check for all of its fields instead
 * of a reference load, a length load and a bounds check per field with one array each. What is scanned across
 * commands (states by the reaper and the recovery, deadlines by the timeout check, kept SQEs) stays in
 * package-visible final arrays. The rest of the bookkeeping (begin, finish, driver-made completions) is here.
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

    /** What one command carries from submission to completion; see {@link CommandTrackers}. */
    static final class Command {
        long userData;
        IoCompletionHandler handler;
        /** The request's parent tracker (a parent names itself). */
        int parent;
        /** On a parent: parts still outstanding. */
        int pending;
        /** On a parent: the first error of any part. */
        int firstStatus;
        /** On a parent: its own part's result (DW0, DW1). */
        long result;
        boolean abortSent;
        /** Controller resets the command has lived through (re-submitted each time). */
        byte resetRetries;
        /** Passthrough: never re-submitted (as Linux fails passthrough canceled by a reset instead of requeueing). */
        boolean noRetry;
    }

    private final TrackerStack ids;
    private final Command[] commands;
    final byte[] state;
    /** When an in-flight command times out (System.nanoTime); stamped when the doorbell publishes it (NvmeSqRing). */
    final long[] deadline;
    private final int[] localQueue;
    private final int[] localStatus;
    private int localCount;
    /**
     * In-flight commands' SQEs as submitted (CID = index), for re-submission after a controller reset: copied
     * from the SQ by {@link NvmeSqRing} when the slot is about to be reused or the ring re-attached.
     */
    final long[] sqeCopies;

    CommandTrackers(int count) {
        this.ids = new TrackerStack(count);
        this.commands = new Command[count];
        for (int i = 0; i < count; i++) {
            commands[i] = new Command();
        }
        this.state = new byte[count];
        this.deadline = new long[count];
        this.localQueue = new int[count];
        this.localStatus = new int[count];
        this.sqeCopies = new long[count * SQE_QWORDS];
    }

    /** Command {@code id}'s state. */
    Command at(int id) {
        return commands[id];
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
        Command c = commands[id];
        c.parent = id;
        c.pending = parts;
        c.firstStatus = 0;
        c.result = 0;
        c.userData = ud;
        c.handler = handler;
        c.abortSent = false;
        c.resetRetries = 0;
        c.noRetry = false;
        return id;
    }

    /** Takes a tracker (caller checked one is free) for a further part of parent {@code p}'s request. */
    int beginPart(int p) {
        int id = ids.pop();
        state[id] = IN_FLIGHT;
        Command c = commands[id];
        c.parent = p;
        c.handler = null;
        c.abortSent = false;
        c.resetRetries = 0;
        c.noRetry = false;
        return id;
    }

    /** One command (tracker {@code id}) is done; delivers the request when it was the last part. */
    int finish(int id, int status, long res) {
        Command c = commands[id];
        int p = c.parent;
        Command pc = p == id ? c : commands[p];
        if (status != 0 && pc.firstStatus == 0) {
            pc.firstStatus = status;
        }
        if (id == p) {
            pc.result = res;
        }
        if (--pc.pending > 0) {
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
        IoCompletionHandler h = pc.handler;
        pc.handler = null; // a field store: no type check (an interface-typed array store would scan supers)
        state[p] = FREE;
        ids.push(p);
        h.complete(pc.userData, pc.firstStatus, pc.result);
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

    /** Fails every in-flight command with {@code status}; delivered by the next poll. */
    void failInFlight(int status) {
        for (int id = 0; id < state.length; id++) {
            if (state[id] == IN_FLIGHT) {
                queueLocal(id, status);
            }
        }
    }
}
