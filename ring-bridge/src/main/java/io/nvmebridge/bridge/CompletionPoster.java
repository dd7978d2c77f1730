package io.nvmebridge.bridge;

import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringCqe;
import io.nvmebridge.bridge.nativeio.PosixNative;
import io.nvmebridge.bridge.ring.CompletionRing;
import io.nvmebridge.bridge.ring.SubmissionRing;
import java.lang.foreign.MemorySegment;

/**
 * The bridge's side of one ring's CQ: writes CQEs, publishes the tail, wakes a client sleeping on it, and
 * never loses a completion — while the CQ is full, CQEs wait in a growable overflow list (in order) and
 * {@code IORING_SQ_CQ_OVERFLOW} is set, as Linux does; they move into the CQ as the client frees entries.
 * Owned by the bridge's thread.
 */
final class CompletionPoster {
    private final CompletionRing cq;
    private final SubmissionRing sq;
    private final boolean cqe32;
    /** Overflowed CQEs beyond which the bridge stops taking SQEs (back-pressure, not loss). */
    private final int bound;
    private int cqTail;
    private int cqHeadCached;
    private long[] ovUserData = new long[16];
    private int[] ovRes = new int[16];
    private int[] ovFlags = new int[16];
    private long[] ovBig0 = new long[16];
    private int ovHead;
    private int ovCount;
    private boolean cqDirty;
    // statistics (owner thread writes; readers get a racy but monotone view)
    private long posted;
    private long overflowed;

    CompletionPoster(CompletionRing cq, SubmissionRing sq, boolean cqe32, int bound) {
        this.cq = cq;
        this.sq = sq;
        this.cqe32 = cqe32;
        this.bound = bound;
        this.cqTail = cq.tailOwned();
        this.cqHeadCached = cq.headAcquire();
    }

    /** CQEs waiting in the overflow list. */
    int overflowCount() {
        return ovCount;
    }

    /** True when the overflow list reached its bound: take no more SQEs until the client reaps. */
    boolean atBound() {
        return ovCount >= bound;
    }

    long posted() {
        return posted;
    }

    long overflowed() {
        return overflowed;
    }

    int tail() {
        return cqTail;
    }

    /** Posts one CQE, or holds it in the overflow list while the CQ is full (never dropped). */
    void post(long ud, int r, int flags, long b0) {
        if (ovCount == 0 && cqHasRoom()) {
            writeCqe(ud, r, flags, b0);
            return;
        }
        if (ovCount == ovUserData.length) {
            growOverflow();
        }
        int i = (ovHead + ovCount) % ovUserData.length;
        ovUserData[i] = ud;
        ovRes[i] = r;
        ovFlags[i] = flags;
        ovBig0[i] = b0;
        ovCount++;
        overflowed++;
        sq.setFlags(IoUring.SQ_CQ_OVERFLOW);
    }

    /** Moves overflowed CQEs into the CQ as room frees, publishes the tail, wakes a sleeping client. */
    void flush() {
        while (ovCount > 0 && cqHasRoom()) {
            writeCqe(ovUserData[ovHead], ovRes[ovHead], ovFlags[ovHead], ovBig0[ovHead]);
            ovHead = (ovHead + 1) % ovUserData.length;
            ovCount--;
            if (ovCount == 0) {
                sq.clearFlags(IoUring.SQ_CQ_OVERFLOW);
            }
        }
        if (!cqDirty) {
            return;
        }
        cqDirty = false;
        cq.publishTail(cqTail); // release: the CQEs written above are visible to a client acquiring the tail
        if (cq.takeWaiterAfterPublish()) {
            PosixNative.futexWake(cq.tailWord(), Integer.MAX_VALUE);
        }
    }

    private boolean cqHasRoom() {
        if (cqTail - cqHeadCached < cq.entries()) {
            return true;
        }
        int head = cq.headAcquire(); // acquire: the client finished reading the slots it released
        if (Integer.compareUnsigned(cqTail - head, cq.entries()) > 0) {
            // a head past our tail (or more than the ring behind it): the client's CQ state is garbage
            throw new RingCorruptedException("CQ head " + Integer.toUnsignedString(head) + " is not within "
                    + cq.entries() + " entries below the tail " + Integer.toUnsignedString(cqTail));
        }
        cqHeadCached = head;
        return cqTail - cqHeadCached < cq.entries();
    }

    private void writeCqe(long ud, int r, int flags, long b0) {
        MemorySegment seg = cq.segment();
        long at = cq.cqeOffset(cqTail);
        IoUringCqe.set(seg, at, ud, r, flags);
        if (cqe32) {
            IoUringCqe.setBig(seg, at, b0, 0);
        }
        cqTail++;
        posted++;
        cqDirty = true;
    }

    private void growOverflow() {
        int n = ovUserData.length * 2;
        long[] u = new long[n];
        int[] r = new int[n];
        int[] f = new int[n];
        long[] b = new long[n];
        for (int k = 0; k < ovCount; k++) {
            int i = (ovHead + k) % ovUserData.length;
            u[k] = ovUserData[i];
            r[k] = ovRes[i];
            f[k] = ovFlags[i];
            b[k] = ovBig0[i];
        }
        ovUserData = u;
        ovRes = r;
        ovFlags = f;
        ovBig0 = b;
        ovHead = 0;
    }
}
