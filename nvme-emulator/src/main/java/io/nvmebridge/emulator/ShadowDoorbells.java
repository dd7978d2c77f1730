package io.nvmebridge.emulator;

import io.nvmebridge.spec.Status;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The device side of Doorbell Buffer Config (NVMe 1.3+, QEMU's {@code dbbuf}): two host pages, one holding
 * the host's shadow copies of every SQ tail and CQ head doorbell, one where the device publishes EventIdx —
 * the position past which the host must write the real MMIO doorbell again. Laid out as the doorbell
 * registers are: queue {@code q}'s SQ entry at {@code 2q * stride}, its CQ entry at {@code (2q + 1) * stride}.
 *
 * <pre>
 *   shadow page:   | SQ0 tail | CQ0 head | SQ1 tail | CQ1 head | ...   host writes, device reads (acquire)
 *   EventIdx page: | SQ0 evt  | CQ0 evt  | SQ1 evt  | CQ1 evt  | ...   device writes (release), host reads
 * </pre>
 *
 * Touched only under the controller's processing lock.
 */
final class ShadowDoorbells {
    /** Aligned little-endian int access with acquire/release modes. */
    private static final VarHandle WORD = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    /** Doorbell stride in ints (CAP.DSTRD). */
    private final int strideInts;
    private MemorySegment shadow;
    private MemorySegment eventIdx;
    /** True between a successful Doorbell Buffer Config and the next controller reset. */
    boolean enabled;

    ShadowDoorbells(int doorbellStrideBytes) {
        this.strideInts = doorbellStrideBytes >>> 2;
    }

    /**
     * Doorbell Buffer Config: from now on the device reads shadow doorbells and writes EventIdx. As QEMU, the
     * shadow doorbells are seeded with the values the device knows. Returns a status.
     */
    int configure(HostDma dma, long dbs, long eis, SubmissionQueue[] sqs, CompletionQueue[] cqs) {
        long len = 2L * sqs.length * (strideInts << 2);
        MemorySegment d = dma.slice(dbs, len);
        MemorySegment e = dma.slice(eis, len);
        if (d == null || e == null) {
            return Status.DATA_TRANSFER_ERROR;
        }
        shadow = d;
        eventIdx = e;
        enabled = true;
        for (int q = 0; q < sqs.length; q++) {
            if (sqs[q] != null) {
                write(d, index(q, false), sqs[q].tail);
            }
            if (cqs[q] != null) {
                write(d, index(q, true), cqs[q].head);
            }
        }
        return Status.SUCCESS;
    }

    /** A controller reset: the host must configure them again. */
    void disable() {
        enabled = false;
        shadow = null;
        eventIdx = null;
    }

    /** A queue created while shadow doorbells are on starts with both its entries at 0. */
    void queueCreated(int qid, boolean cq) {
        if (enabled) {
            write(shadow, index(qid, cq), 0);
            write(eventIdx, index(qid, cq), 0);
        }
    }

    /** As QEMU: drivers often leave the admin queue's shadow doorbells stale, so MMIO values are mirrored. */
    void mirrorAdmin(boolean cq, int value) {
        if (enabled) {
            write(shadow, index(0, cq), value);
        }
    }

    /** Takes the host's shadow SQ tail, if it is a valid position. */
    void refreshTail(SubmissionQueue sq) {
        int tail = read(shadow, index(sq.qid, false));
        if (Integer.compareUnsigned(tail, sq.size) < 0) {
            sq.tail = tail;
        }
    }

    /** Takes the host's shadow CQ head, if it only consumes posted entries. */
    void refreshHead(CompletionQueue cq) {
        int head = read(shadow, index(cq.qid, true));
        if (cq.acceptsHead(head)) {
            cq.head = head;
        }
    }

    /** EventIdx of an SQ = the tail we have seen: the host rings the MMIO doorbell once it moves past it. */
    void publishSqEvent(SubmissionQueue sq) {
        write(eventIdx, index(sq.qid, false), sq.tail);
    }

    /** EventIdx of a CQ = its head as we know it, after posting. */
    void publishCqEvent(CompletionQueue cq) {
        write(eventIdx, index(cq.qid, true), cq.head);
    }

    /** Index (in ints) of a queue's entry in either page. */
    private int index(int qid, boolean cq) {
        return (2 * qid + (cq ? 1 : 0)) * strideInts;
    }

    private static void write(MemorySegment page, int index, int value) {
        // release: the host reading EventIdx with acquire sees every completion posted before it
        WORD.setRelease(page, 4L * index, value);
    }

    private static int read(MemorySegment page, int index) {
        // acquire: the SQ entries the host wrote before updating its shadow tail are visible after this read
        return (int) WORD.getAcquire(page, 4L * index);
    }
}
