package io.nvmebridge.emulator;

import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.admin.AsyncEvent;

/**
 * Asynchronous Event Requests and the events waiting for them (NVMe 1.4 section 5.2). Up to AERL + 1
 * requests are held; events queue until a request is outstanding. Once an event of a type is reported,
 * further events of that type are masked until the host reads the associated log page without RAE — as
 * QEMU's {@code aer_mask}.
 */
final class AsyncEvents {
    /** Events kept before new ones are dropped (as QEMU's 64). */
    static final int MAX_QUEUED = 64;

    private final EmulatedController ctrl;
    private final int[] requests;
    private int outstanding;
    private final int[] queued = new int[MAX_QUEUED];
    private int queuedCount;
    private int mask;

    AsyncEvents(EmulatedController ctrl) {
        this.ctrl = ctrl;
        this.requests = new int[ctrl.config.aerl() + 1];
    }

    int outstandingRequests() {
        return outstanding;
    }

    /** True when an event could be delivered now (queued events and outstanding requests). */
    boolean pending() {
        return queuedCount > 0 && outstanding > 0;
    }

    /** Parks an Asynchronous Event Request command; returns its status or NO_COMPLETION. */
    int request(int cid) {
        if (outstanding >= requests.length) {
            return Status.ASYNC_EVENT_REQUEST_LIMIT_EXCEEDED;
        }
        requests[outstanding++] = cid;
        process(); // an event may already be waiting
        return EmulatedController.NO_COMPLETION;
    }

    void enqueue(int type, int info, int logPage) {
        if (queuedCount == MAX_QUEUED) {
            ctrl.traceEvent("async event dropped, queue full");
            return;
        }
        queued[queuedCount++] = AsyncEvent.dw0(type, info, logPage);
        ctrl.traceEvent("async event queued: type " + type + " info " + info + " log page " + logPage);
        process();
    }

    /** Completes outstanding requests with unmasked events; true when any was delivered. */
    boolean process() {
        boolean delivered = false;
        while (outstanding > 0 && queuedCount > 0) {
            CompletionQueue acq = ctrl.cqs[0];
            SubmissionQueue asq = ctrl.sqs[0];
            if (acq == null || asq == null || acq.full()) {
                return delivered;
            }
            int i = 0;
            while (i < queuedCount && (mask & (1 << AsyncEvent.type(queued[i]))) != 0) {
                i++;
            }
            if (i == queuedCount) {
                return delivered;
            }
            int dw0 = queued[i];
            System.arraycopy(queued, i + 1, queued, i, queuedCount - i - 1);
            queuedCount--;
            mask |= 1 << AsyncEvent.type(dw0);
            int cid = requests[--outstanding];
            ctrl.post(acq, 0, asq.head, cid, Status.SUCCESS, dw0);
            ctrl.traceEvent("async event completed: cid " + cid + " dw0 0x" + Integer.toHexString(dw0));
            delivered = true;
        }
        return delivered;
    }

    /** Reading a log page without RAE unmasks its event type and drops queued events of that type. */
    void clear(int type) {
        mask &= ~(1 << type);
        int w = 0;
        for (int r = 0; r < queuedCount; r++) {
            if (AsyncEvent.type(queued[r]) != type) {
                queued[w++] = queued[r];
            }
        }
        queuedCount = w;
    }

    void reset() {
        outstanding = 0;
        queuedCount = 0;
        mask = 0;
    }
}
