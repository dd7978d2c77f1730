package io.nvmebridge.bridge.ring;

import static io.nvmebridge.bridge.ring.RingWords.INT;

import io.nvmebridge.bridge.abi.IoUring;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The CQ ring over one memory segment (ring fields followed by the CQE array). The bridge produces: it
 * writes CQEs, then publishes the tail with a release store. The client consumes: it acquires the tail
 * (making the CQEs below it visible), reads them, and publishes its head with a release store (after its
 * reads, so the bridge may overwrite those slots once it acquires the head).
 */
public final class CompletionRing {
    private final MemorySegment ring;
    private final int mask;
    private final int entries;
    private final int cqeSize;
    private final MemorySegment tailWord;

    public CompletionRing(MemorySegment ring, RingLayout layout) {
        this.ring = ring;
        this.entries = layout.cqEntries();
        this.mask = entries - 1;
        this.cqeSize = layout.cqeSize();
        this.tailWord = ring.asSlice(RingLayout.TAIL, 4);
    }

    /** The segment holding the CQEs; {@link #cqeOffset} positions are relative to it. */
    public MemorySegment segment() {
        return ring;
    }

    public int entries() {
        return entries;
    }

    public int cqeSize() {
        return cqeSize;
    }

    public long cqeOffset(int position) {
        return RingLayout.ARRAY_OR_CQES + (long) (position & mask) * cqeSize;
    }

    public MemorySegment tailWord() {
        return tailWord;
    }

    // ---- producer side (bridge) ----

    /** Acquire: pairs with the client's head release, so the slots below it are read and may be reused. */
    public int headAcquire() {
        return (int) INT.getAcquire(ring, (long) RingLayout.HEAD);
    }

    public int tailOwned() {
        return (int) INT.get(ring, (long) RingLayout.TAIL);
    }

    /** Release: the CQEs written before are visible to a client acquiring the tail. */
    public void publishTail(int tail) {
        INT.setRelease(ring, (long) RingLayout.TAIL, tail);
    }

    /**
     * After publishing the tail: a full fence, then whether a client announced it sleeps on the tail; if
     * so the flag is cleared and the caller wakes the futex. Pairs with {@link #announceWaiter()}.
     */
    public boolean takeWaiterAfterPublish() {
        VarHandle.fullFence();
        int flags = (int) INT.getVolatile(ring, (long) RingLayout.CQ_FLAGS);
        if ((flags & IoUring.CQ_WAITER) == 0) {
            return false;
        }
        INT.getAndBitwiseAnd(ring, (long) RingLayout.CQ_FLAGS, ~IoUring.CQ_WAITER);
        return true;
    }

    /** Counts a completion that could not be posted; the bridge never drops one, so this stays 0. */
    public int overflow() {
        return (int) INT.getAcquire(ring, (long) RingLayout.CQ_OVERFLOW);
    }

    // ---- consumer side (client) ----

    /** Acquire: pairs with the bridge's tail release. */
    public int tailAcquire() {
        return (int) INT.getAcquire(ring, (long) RingLayout.TAIL);
    }

    public int headOwned() {
        return (int) INT.get(ring, (long) RingLayout.HEAD);
    }

    /** Release: our reads of the consumed CQEs happen before the bridge may overwrite them. */
    public void publishHead(int head) {
        INT.setRelease(ring, (long) RingLayout.HEAD, head);
    }

    /**
     * A client about to sleep on the tail sets bit 31 of the flags (volatile RMW = full fence), then must
     * re-check the tail before sleeping; pairs with {@link #takeWaiterAfterPublish()}.
     */
    public void announceWaiter() {
        INT.getAndBitwiseOr(ring, (long) RingLayout.CQ_FLAGS, IoUring.CQ_WAITER);
    }
}
