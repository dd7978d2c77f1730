package io.nvmebridge.bridge.ring;

import static io.nvmebridge.bridge.ring.RingWords.INT;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The SQ ring over two memory segments (ring fields, SQE array), heap-independent: the same code serves
 * in-JVM rings (arena memory) and rings in a file shared with other processes.
 *
 * <p>Single producer (the submitting client) and single consumer (the bridge). The producer writes SQEs
 * (and the index array), then publishes the tail with a release store; the consumer reads the tail with
 * an acquire load — which makes every SQE below it visible — and publishes its head with a release store
 * after it finished reading the SQEs it consumed, so the producer may reuse those slots.
 */
public final class SubmissionRing {
    private final MemorySegment ring;
    private final MemorySegment sqes;
    private final int mask;
    private final int entries;
    private final int sqeSize;
    private final boolean hasArray;
    private final MemorySegment tailWord;

    public SubmissionRing(MemorySegment ring, MemorySegment sqes, RingLayout layout) {
        this.ring = ring;
        this.sqes = sqes;
        this.entries = layout.sqEntries();
        this.mask = entries - 1;
        this.sqeSize = layout.sqeSize();
        this.hasArray = layout.hasSqArray();
        this.tailWord = ring.asSlice(RingLayout.TAIL, 4);
    }

    public MemorySegment sqes() {
        return sqes;
    }

    public int entries() {
        return entries;
    }

    public int sqeSize() {
        return sqeSize;
    }

    /** The tail word, for futex waits on it. */
    public MemorySegment tailWord() {
        return tailWord;
    }

    // ---- consumer side (bridge) ----

    /** Acquire: pairs with the producer's release of the tail, so SQEs below it are fully written. */
    public int tailAcquire() {
        return (int) INT.getAcquire(ring, (long) RingLayout.TAIL);
    }

    /** Plain read is enough for the side that owns the word. */
    public int headOwned() {
        return (int) INT.get(ring, (long) RingLayout.HEAD);
    }

    /** Release: all reads of the consumed SQEs happen before the producer may see the slots free. */
    public void publishHead(int head) {
        INT.setRelease(ring, (long) RingLayout.HEAD, head);
    }

    /**
     * Byte offset in {@link #sqes()} of the SQE at ring position {@code position}, or -1 when the index
     * array names an SQE beyond the array (Linux counts it in {@code dropped} and skips it).
     */
    public long sqeOffset(int position) {
        int index = position & mask;
        if (hasArray) {
            // plain: the array entry was written before the tail release we acquired
            index = (int) INT.get(ring, RingLayout.ARRAY_OR_CQES + 4L * index);
            if (Integer.compareUnsigned(index, entries) >= 0) {
                return -1;
            }
        }
        return (long) index * sqeSize;
    }

    /** Counts an SQE skipped for a bad array index; release so a reader sees it with later state. */
    public void countDropped() {
        INT.getAndAddRelease(ring, (long) RingLayout.SQ_DROPPED, 1);
    }

    public int dropped() {
        return (int) INT.getAcquire(ring, (long) RingLayout.SQ_DROPPED);
    }

    /**
     * Sets flag bits (NEED_WAKEUP, CQ_OVERFLOW). Volatile read-modify-write: a full fence, so a following
     * re-check of the tail cannot be reordered before the flag becomes visible (Dekker with the producer's
     * "publish tail, fence, read flags").
     */
    public void setFlags(int bits) {
        INT.getAndBitwiseOr(ring, (long) RingLayout.SQ_FLAGS, bits);
    }

    /** Clears flag bits; release is enough, nobody sleeps on a cleared flag. */
    public void clearFlags(int bits) {
        INT.getAndBitwiseAndRelease(ring, (long) RingLayout.SQ_FLAGS, ~bits);
    }

    // ---- producer side (client) ----

    /** Acquire: pairs with the consumer's release of the head, so freed slots may be overwritten. */
    public int headAcquire() {
        return (int) INT.getAcquire(ring, (long) RingLayout.HEAD);
    }

    public int tailOwned() {
        return (int) INT.get(ring, (long) RingLayout.TAIL);
    }

    /** Byte offset of the SQE slot at {@code position} for a producer (identity index array). */
    public long producerSlot(int position) {
        int index = position & mask;
        if (hasArray) {
            // plain: published together with the SQE by the following tail release
            INT.set(ring, RingLayout.ARRAY_OR_CQES + 4L * index, index);
        }
        return (long) index * sqeSize;
    }

    /** Release: every SQE (and array entry) written before is visible to a consumer acquiring the tail. */
    public void publishTail(int tail) {
        INT.setRelease(ring, (long) RingLayout.TAIL, tail);
    }

    /**
     * After publishing the tail, a full fence then a read of the flags: either the consumer sees our tail
     * when it re-checks after setting NEED_WAKEUP, or we see NEED_WAKEUP here and wake it.
     */
    public int flagsAfterPublish() {
        VarHandle.fullFence();
        return (int) INT.getVolatile(ring, (long) RingLayout.SQ_FLAGS);
    }

    /** Acquire read of the flags (a consumer publishing CQ_OVERFLOW released it). */
    public int flagsAcquire() {
        return (int) INT.getAcquire(ring, (long) RingLayout.SQ_FLAGS);
    }
}
