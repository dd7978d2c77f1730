package io.nvmebridge.driver;

import io.nvmebridge.spec.CompletionEntry;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.NvmeFunction;
import io.nvmebridge.spec.regs.ControllerRegisters;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The completion queue ring of one {@link IoQueuePair} and its head doorbell: the CQ memory, the head and the
 * phase tag the next new entry carries, reaping a batch of CQEs by phase tag (each handed to
 * {@link CommandTrackers#finish}, or counted and logged when its CID names no in-flight command) and giving the
 * slots back with one head doorbell write per batch — MMIO, or the shadow doorbell with EventIdx
 * ({@link ShadowDoorbell}).
 *
 * <p>Split from the pair so the ring mechanics (phase tag, wrap-around, memory ordering, doorbell) sit apart from
 * the pair's poll orchestration (flushing, driver-made completions, kicks, health checks). The whole reap loop is
 * one method here, calling the final {@link CommandTrackers} directly: a poll costs one field load more than
 * before the split, and nothing per CQE.
 *
 * <p><b>Single owner thread</b> (the pair's): no locks, no allocation after construction.
 */
final class NvmeCqRing {
    /** Logs under the pair's name, as before the split. */
    private static final System.Logger LOG = System.getLogger(IoQueuePair.class.getName());
    private static final VarHandle CQE_STATUS = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** A CQE's second quadword (SQHD, SQID, CID, status with the phase tag), read atomically with acquire order. */
    private static final VarHandle CQE_HIGH = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final NvmeFunction fn;
    private final int qid;
    private final int entries;
    private final DmaBuffer cqBuf;
    private final MemorySegment cq;
    private final long doorbell;
    private final long shadowOffset;
    private final CommandTrackers trackers;

    private MemorySegment shadow;
    private MemorySegment eventIdx;
    private int head;
    private int phase = 1;
    /** CQEs the last {@link #reap(int)} consumed. */
    private int lastReaped;
    private long mmioWrites;
    private long unknownCompletions;

    NvmeCqRing(NvmeFunction fn, int qid, int entries, int doorbellStride, int pageSize, CommandTrackers trackers) {
        this.fn = fn;
        this.qid = qid;
        this.entries = entries;
        this.cqBuf = fn.dma().allocate((long) entries * CompletionEntry.SIZE, pageSize);
        this.cq = cqBuf.segment();
        this.doorbell = ControllerRegisters.cqHeadDoorbell(qid, doorbellStride);
        this.shadowOffset = doorbell - ControllerRegisters.DOORBELL_BASE;
        this.trackers = trackers;
    }

    /**
     * Zeroes the ring and starts it at slot 0 with phase 1 (before Create I/O CQ); {@code shadowPage}/
     * {@code eventIdxPage} are the controller's shadow doorbell pages, or null for MMIO doorbells.
     */
    void attach(MemorySegment shadowPage, MemorySegment eventIdxPage) {
        cq.fill((byte) 0);
        head = 0;
        phase = 1;
        shadow = shadowPage;
        eventIdx = eventIdxPage;
        if (shadowPage != null) {
            ShadowDoorbell.clear(shadowPage, eventIdxPage, shadowOffset);
        }
    }

    long deviceAddress() {
        return cqBuf.deviceAddress();
    }

    /** MMIO writes of the CQ head doorbell. */
    long mmioWrites() {
        return mmioWrites;
    }

    /** CQEs that named no in-flight command (never delivered; logged at ERROR, rate limited). */
    long unknownCompletions() {
        return unknownCompletions;
    }

    /** True when the entry at the head carries the current phase tag: a new CQE waits to be reaped. */
    boolean hasEntry() {
        long at = (long) head << CompletionEntry.SIZE_LOG2;
        // acquire, as in reap: a caller that sees the new phase tag may read the rest of the entry
        int word = (short) CQE_STATUS.getAcquire(cq, at + CompletionEntry.STATUS) & 0xFFFF;
        return (word & 1) == phase;
    }

    /**
     * Reaps up to {@code max} new CQEs, finishing each one's command (its handler runs when it was a request's
     * last part), then writes the head doorbell once if any were reaped. Returns the handler calls (a split
     * request's parts complete as one); {@link #lastReaped()} tells how many CQEs it consumed.
     */
    int reap(int max) {
        CommandTrackers t = trackers;
        byte[] state = t.state;
        MemorySegment c = cq;
        int reaped = 0;
        int delivered = 0;
        // head and phase stay fields, stored before each handler runs, as a handler may poll this pair again
        while (reaped < max) {
            long at = (long) head << CompletionEntry.SIZE_LOG2;
            // acquire: the device writes DW0..CID, then the status word; this read orders the one below. CID and
            // status come from the same atomic 8-byte load (the quadword at SQHD; CQEs are 16-byte aligned)
            long high = (long) CQE_HIGH.getAcquire(c, at + CompletionEntry.SQHD);
            int word = (int) (high >>> 48);
            if ((word & 1) != phase) {
                break;
            }
            int cid = (int) (high >>> 32) & 0xFFFF;
            long res = c.get(U64, at + CompletionEntry.DW0); // DW0 (low) and DW1 (high)
            int next = head + 1;
            if (next == entries) {
                next = 0;
                phase ^= 1;
            }
            head = next;
            reaped++;
            if (cid < state.length && state[cid] == CommandTrackers.IN_FLIGHT) {
                delivered += t.finish(cid, word >>> 1, res);
            } else {
                unknownCompletion(cid, word >>> 1);
            }
        }
        if (reaped > 0) {
            ringDoorbell();
        }
        lastReaped = reaped;
        return delivered;
    }

    /** CQEs the last {@link #reap(int)} consumed: 0 when the device had completed nothing new. */
    int lastReaped() {
        return lastReaped;
    }

    private void ringDoorbell() {
        if (shadow != null) {
            if (ShadowDoorbell.updateAndCheckEvent(head, shadow, eventIdx, shadowOffset)) {
                fn.write32(doorbell, head);
                mmioWrites++;
            }
        } else {
            // our reads of the reaped CQEs happen before the device may overwrite those slots
            VarHandle.fullFence();
            fn.write32(doorbell, head);
            mmioWrites++;
        }
    }

    /**
     * Counts an entry naming no in-flight command and logs the 1st, 2nd, 4th, 8th... of them (with the count so far):
     * a device that floods the queue with such entries cannot flood the log too.
     */
    private void unknownCompletion(int cid, int status) {
        long n = ++unknownCompletions;
        if ((n & (n - 1)) == 0) {
            LOG.log(System.Logger.Level.ERROR,
                    "queue {0}: completion for cid {1} which is not in flight ({2}); ignored ({3} so far)",
                    qid, cid, Status.describe(status), n);
        }
    }

    void free() {
        fn.dma().free(cqBuf);
    }
}
