package io.nvmebridge.driver;

/**
 * Errors and recovery of one {@link IoQueuePair}, run on the pair's owner thread: the periodic health check
 * (CSTS through the controller, then command timeouts: an Abort at the first deadline, {@link DriverStatus#TIMED_OUT}
 * and a controller reset at the second) and the owner's side of a reset or device loss ({@link #resync()}: the
 * queues are re-created and the kept SQE copies submitted again).
 *
 * <p>Split from the pair because none of it is on the per-I/O path: the pair calls in only when its epoch is
 * stale or a check is due, and this class works on the pair's {@link CommandTrackers} (deadlines, Abort flags,
 * reset counts, SQE copies) and completes commands through their driver-made completion queue, delivered by the
 * pair's next poll like device completions.
 */
final class QueueRecovery {
    /** Logs under the pair's name, as before the split. */
    private static final System.Logger LOG = System.getLogger(IoQueuePair.class.getName());

    private final IoQueuePair pair;
    private final NvmeController ctrl;
    private final CommandTrackers trackers;
    private final int qid;
    private final long timeoutNanos;
    private final long healthNanos;
    /** Scratch for {@link #resync()}: the commands to submit again. */
    private final int[] retryIds;

    private long nextHealthCheck;
    private long timeouts;
    private long resubmitted;

    QueueRecovery(IoQueuePair pair, NvmeController ctrl, CommandTrackers trackers) {
        this.pair = pair;
        this.ctrl = ctrl;
        this.trackers = trackers;
        this.qid = pair.qid();
        this.timeoutNanos = ctrl.options().commandTimeout().toNanos();
        this.healthNanos = ctrl.options().healthCheckInterval().toNanos();
        this.retryIds = new int[trackers.capacity()];
    }

    /** The health-check interval, also the longest an interrupt wait sleeps. */
    long healthNanos() {
        return healthNanos;
    }

    /** Commands that passed their timeout (each got an Abort). */
    long timeouts() {
        return timeouts;
    }

    /** Commands submitted again after controller resets. */
    long resubmitted() {
        return resubmitted;
    }

    /** The next check is one interval from now (the queues were just (re)attached). */
    void restartHealthClock() {
        nextHealthCheck = System.nanoTime() + healthNanos;
    }

    /** True when {@link #healthCheck(long)} is due at {@code now} (System.nanoTime). */
    boolean checkDue(long now) {
        return now - nextHealthCheck >= 0;
    }

    /**
     * CSTS (a fatal status resets the controller, a vanished device fails everything), the admin queue's
     * completions (Abort results), then every in-flight command past its deadline: the first time it gets an
     * Abort and one more timeout; the second time it fails with TIMED_OUT and the controller is reset. The pair
     * resynchronises after this when its epoch went stale.
     */
    void healthCheck(long now) {
        nextHealthCheck = now + healthNanos;
        if (!ctrl.checkHealthFromQueue(pair)) {
            return; // the controller failed everything (device gone) or reset (CFS)
        }
        ctrl.admin().tryPoll();
        int seen = pair.epoch();
        boolean escalate = false;
        CommandTrackers t = trackers;
        byte[] state = t.state;
        for (int id = 0; id < state.length; id++) {
            if (state[id] != CommandTrackers.IN_FLIGHT || now - t.deadline[id] < 0) {
                continue;
            }
            if (!t.at(id).abortSent) {
                t.at(id).abortSent = true;
                t.deadline[id] = now + timeoutNanos;
                timeouts++;
                LOG.log(System.Logger.Level.WARNING, "queue {0}: cid {1} timed out after {2} ms; sending Abort",
                        qid, id, timeoutNanos / 1_000_000);
                ctrl.admin().abortAsync(qid, id);
            } else {
                LOG.log(System.Logger.Level.ERROR, "queue {0}: cid {1} still outstanding after Abort; failing it "
                        + "and resetting the controller", qid, id);
                t.queueLocal(id, DriverStatus.TIMED_OUT);
                escalate = true;
            }
        }
        if (escalate) {
            ctrl.recover("I/O command timeout on queue " + qid, seen);
        }
    }

    /**
     * The owner's side of a reset or device loss that happened on any thread since the pair last looked (nothing
     * when its epoch is current): the queues are re-created and the commands that were in flight are submitted
     * again (as Linux requeues I/O canceled by a reset) — except passthrough commands and commands that already
     * lived through {@link IoQueuePair#MAX_RESET_RETRIES} resets, which complete with ABORTED_BY_RESET. When the
     * controller cannot be recovered, everything fails with DEVICE_GONE from now on.
     */
    void resync() {
        int e = ctrl.epoch();
        if (e == pair.epoch()) {
            return;
        }
        if (pair.isDead() || ctrl.unrecoverable()) {
            pair.syncedTo(e);
            pair.markDead();
            return;
        }
        CommandTrackers t = trackers;
        byte[] state = t.state;
        int n = 0;
        for (int id = 0; id < state.length; id++) {
            if (state[id] != CommandTrackers.IN_FLIGHT) {
                continue;
            }
            if (t.at(id).noRetry || t.at(id).resetRetries >= IoQueuePair.MAX_RESET_RETRIES) {
                t.queueLocal(id, DriverStatus.ABORTED_BY_RESET);
            } else {
                retryIds[n++] = id;
            }
        }
        if (!ctrl.recreate(pair)) { // sets the pair's epoch under the reset lock
            pair.syncedTo(ctrl.epoch());
            pair.markDead(); // the commands kept for re-submission fail with DEVICE_GONE
            return;
        }
        for (int k = 0; k < n; k++) {
            int id = retryIds[k];
            pair.writeKeptSqe(id);
            t.at(id).resetRetries++;
            t.at(id).abortSent = false;
        }
        if (n > 0) {
            resubmitted += n;
            pair.flush(); // the doorbell stamps their deadlines, as for new commands
        }
    }
}
