package io.nvmebridge.emulator;

import java.util.Arrays;

/**
 * Completions held back by a DELAY fault, each with the device time it becomes due. Delivered by the
 * controller's next processing pass at or after that time (a doorbell write or poll in INLINE mode, the
 * worker in THREADED mode) — deterministic under a manual {@link NanoClock}. Delivered in order of addition.
 */
final class DelayedCompletions {
    private long[] due = new long[16];
    private int[] sqid = new int[16];
    private int[] cqid = new int[16];
    private int[] cid = new int[16];
    private int[] status = new int[16];
    private int[] dw0 = new int[16];
    private int count;

    int count() {
        return count;
    }

    void add(long dueNanos, int sq, int cq, int commandId, int st, int result) {
        if (count == due.length) {
            int n = count * 2;
            due = Arrays.copyOf(due, n);
            sqid = Arrays.copyOf(sqid, n);
            cqid = Arrays.copyOf(cqid, n);
            cid = Arrays.copyOf(cid, n);
            status = Arrays.copyOf(status, n);
            dw0 = Arrays.copyOf(dw0, n);
        }
        due[count] = dueNanos;
        sqid[count] = sq;
        cqid[count] = cq;
        cid[count] = commandId;
        status[count] = st;
        dw0[count] = result;
        count++;
    }

    /** Posts every due completion whose CQ has room; returns true when any was posted. */
    boolean deliver(EmulatedController ctrl, long now) {
        boolean posted = false;
        int w = 0;
        for (int r = 0; r < count; r++) {
            CompletionQueue cq = ctrl.cqs[cqid[r]];
            SubmissionQueue sq = ctrl.sqs[sqid[r]];
            boolean keep = true;
            if (cq == null || sq == null || sq.cq != cq) {
                keep = false; // queue deleted meanwhile: the completion is lost with it
            } else if (now - due[r] >= 0 && !cq.full()) {
                ctrl.post(cq, sqid[r], sq.head, cid[r], status[r], dw0[r]);
                posted = true;
                keep = false;
            }
            if (keep) {
                due[w] = due[r];
                sqid[w] = sqid[r];
                cqid[w] = cqid[r];
                cid[w] = cid[r];
                status[w] = status[r];
                dw0[w] = dw0[r];
                w++;
            }
        }
        count = w;
        return posted;
    }

    /** Delete I/O SQ: held completions of {@code sq} are posted now as ABORT_SQ_DELETED (when the CQ has room). */
    void abortQueue(EmulatedController ctrl, SubmissionQueue sq) {
        int w = 0;
        for (int r = 0; r < count; r++) {
            if (sqid[r] == sq.qid) {
                if (!sq.cq.full() && ctrl.cqs[sq.cq.qid] == sq.cq) {
                    ctrl.post(sq.cq, sq.qid, sq.head, cid[r], io.nvmebridge.spec.Status.ABORT_SQ_DELETED, 0);
                }
                continue;
            }
            due[w] = due[r];
            sqid[w] = sqid[r];
            cqid[w] = cqid[r];
            cid[w] = cid[r];
            status[w] = status[r];
            dw0[w] = dw0[r];
            w++;
        }
        count = w;
    }

    void clear() {
        count = 0;
    }
}
