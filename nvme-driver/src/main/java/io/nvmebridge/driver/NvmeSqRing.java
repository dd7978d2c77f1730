package io.nvmebridge.driver;

import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.NvmeFunction;
import io.nvmebridge.spec.regs.ControllerRegisters;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The NVMe submission queue ring of one {@link IoQueuePair} (named apart from ring-bridge's io_uring rings) and its
 * tail doorbell: the SQ memory, the tail and the
 * tail the device was last told about, writing SQEs at the tail and publishing them with one doorbell write
 * per batch — MMIO, or the shadow doorbell with EventIdx ({@link ShadowDoorbell}). The doorbell also starts the
 * timeout clock of the commands it publishes ({@link #ring()}).
 *
 * <p>Re-submission after a reset needs each in-flight command's SQE as submitted. It stays in its SQ slot until
 * this ring writes that slot again, so it is copied into the tracker ({@link CommandTrackers#sqeCopies}) only
 * then, if the command is still in flight, and for every in-flight command when the ring is re-attached after a
 * reset ({@link #attach}): a submission writes 64 bytes, not 128 (the copy cost about 4 ns per command), plus two
 * slot/owner words.
 *
 * <p>Split from the pair so the ring mechanics (indices, wrap-around, memory ordering, doorbells) sit apart from
 * what the pair builds into the SQEs (opcodes, PRPs, MDTS splitting, validation). It is one final field of the
 * pair and a final class, so a submission costs one field load more than before the split and nothing else; the
 * tracker arrays it writes are cached here as final fields.
 *
 * <p><b>Single owner thread</b> (the pair's): no locks, no allocation after construction.
 */
final class NvmeSqRing {
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int SQE_QWORDS = CommandTrackers.SQE_QWORDS;

    private final NvmeFunction fn;
    private final int entries;
    private final DmaBuffer sqBuf;
    private final MemorySegment sq;
    private final long doorbell;
    private final long shadowOffset;
    private final long timeoutNanos;
    /** The trackers' kept SQEs, deadlines and states (CommandTrackers' final arrays, cached to save a load). */
    private final long[] sqeCopies;
    private final long[] deadline;
    private final byte[] state;
    /** Per SQ slot: the command whose SQE was written there last, or -1. */
    private final int[] slotOwner;
    /** Per command: the SQ slot holding its SQE as submitted, or -1 when it lives only in {@link #sqeCopies}. */
    private final int[] slotOf;

    private MemorySegment shadow;
    private MemorySegment eventIdx;
    private int tail;
    private int tailRung;
    private long mmioWrites;

    NvmeSqRing(NvmeFunction fn, int qid, int entries, int doorbellStride, int pageSize, CommandTrackers trackers,
                   long timeoutNanos) {
        this.fn = fn;
        this.entries = entries;
        this.sqBuf = fn.dma().allocate((long) entries * SubmissionEntry.SIZE, pageSize);
        this.sq = sqBuf.segment();
        this.doorbell = ControllerRegisters.sqTailDoorbell(qid, doorbellStride);
        this.shadowOffset = doorbell - ControllerRegisters.DOORBELL_BASE;
        this.timeoutNanos = timeoutNanos;
        this.sqeCopies = trackers.sqeCopies;
        this.deadline = trackers.deadline;
        this.state = trackers.state;
        this.slotOwner = new int[entries];
        this.slotOf = new int[trackers.state.length];
        Arrays.fill(slotOwner, -1);
        Arrays.fill(slotOf, -1);
    }

    /**
     * Zeroes the ring and starts it at slot 0 (before Create I/O SQ); {@code shadowPage}/{@code eventIdxPage} are
     * the controller's shadow doorbell pages, or null for MMIO doorbells.
     */
    void attach(MemorySegment shadowPage, MemorySegment eventIdxPage) {
        // commands in flight (to be re-submitted after a reset) keep their SQEs before the ring is zeroed
        for (int id = 0; id < slotOf.length; id++) {
            if (slotOf[id] >= 0 && state[id] == CommandTrackers.IN_FLIGHT) {
                keep(id, slotOf[id]);
            }
            slotOf[id] = -1;
        }
        Arrays.fill(slotOwner, -1);
        sq.fill((byte) 0);
        tail = 0;
        tailRung = 0;
        shadow = shadowPage;
        eventIdx = eventIdxPage;
        if (shadowPage != null) {
            ShadowDoorbell.clear(shadowPage, eventIdxPage, shadowOffset);
        }
    }

    long deviceAddress() {
        return sqBuf.deviceAddress();
    }

    /** MMIO writes of the SQ tail doorbell. */
    long mmioWrites() {
        return mmioWrites;
    }

    /** True when the doorbell values go to the controller's shadow page (MMIO only when EventIdx asks). */
    boolean shadowDoorbells() {
        return shadow != null;
    }

    /** True when SQEs were written since the last doorbell. */
    boolean hasUnrung() {
        return tail != tailRung;
    }

    /**
     * Writes command {@code id}'s SQE at the tail (CID = {@code id}; FUSE = 0, PSDT = 0: PRPs) and keeps a copy in
     * its tracker; the device sees it at the next {@link #ring()}.
     */
    void write(int id, int opcode, int nsid, int cdw2, int cdw3, long prp1, long prp2,
               int cdw10, int cdw11, int cdw12, int cdw13, int cdw14, int cdw15) {
        write(id, opcode, nsid, cdw2, cdw3, 0, prp1, prp2, cdw10, cdw11, cdw12, cdw13, cdw14, cdw15);
    }

    /** As {@link #write(int, int, int, int, int, long, long, int, int, int, int, int, int)} with MPTR {@code mptr}. */
    void write(int id, int opcode, int nsid, int cdw2, int cdw3, long mptr, long prp1, long prp2,
               int cdw10, int cdw11, int cdw12, int cdw13, int cdw14, int cdw15) {
        // CDW0: opcode, FUSE = 0, PSDT = 0 (PRPs), CID = tracker index; the entry is built as 8 little-endian
        // quadwords (SubmissionEntry's dword layout): 8 stores instead of 16
        store(id, ((opcode & 0xFF) | id << 16) & 0xFFFF_FFFFL | (long) nsid << 32,
                cdw2 & 0xFFFF_FFFFL | (long) cdw3 << 32, mptr, prp1, prp2,
                cdw10 & 0xFFFF_FFFFL | (long) cdw11 << 32, cdw12 & 0xFFFF_FFFFL | (long) cdw13 << 32,
                cdw14 & 0xFFFF_FFFFL | (long) cdw15 << 32);
    }

    /** Stores quadwords 0..7 of command {@code id}'s SQE at the tail; advances the tail. */
    private void store(int id, long q0, long q1, long q2, long q3, long q4, long q5, long q6, long q7) {
        long at = claimTail(id);
        MemorySegment s = sq;
        s.set(U64, at + 56, q7);
        s.set(U64, at, q0);
        s.set(U64, at + 8, q1);
        s.set(U64, at + 16, q2);
        s.set(U64, at + 24, q3);
        s.set(U64, at + 32, q4);
        s.set(U64, at + 40, q5);
        s.set(U64, at + 48, q6);
        advanceTail();
    }

    /**
     * Writes a 64-byte SQE {@code template} at the tail as is, except CID = {@code id}, FUSE and PSDT cleared (PRPs)
     * and PRP1/PRP2 replaced; kept for re-submission as {@link #write}'s entries are.
     */
    void writeFromTemplate(int id, MemorySegment template, long prp1, long prp2) {
        long at = claimTail(id);
        MemorySegment.copy(template, 0, sq, at, SubmissionEntry.SIZE);
        int opcode = sq.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
        sq.set(U32, at, opcode | id << 16);
        sq.set(U64, at + SubmissionEntry.PRP1, prp1);
        sq.set(U64, at + SubmissionEntry.PRP2, prp2);
        advanceTail();
    }

    /**
     * Writes command {@code id}'s SQE as submitted at the tail again (re-submission after a reset,
     * {@link QueueRecovery}, after {@link #attach} kept it).
     */
    void writeKept(int id) {
        if (slotOf[id] >= 0) {
            keep(id, slotOf[id]); // still in its slot (the tail may be about to overwrite it)
        }
        long at = claimTail(id);
        long[] copy = sqeCopies;
        for (int q = 0; q < SQE_QWORDS; q++) {
            sq.set(U64, at + 8L * q, copy[id * SQE_QWORDS + q]);
        }
        advanceTail();
    }

    /**
     * Makes the tail slot command {@code id}'s and returns its byte offset. The command whose SQE the slot held is
     * still needed for re-submission if it is in flight: its SQE is copied into its tracker first.
     */
    private long claimTail(int id) {
        int slot = tail;
        int prev = slotOwner[slot];
        if (prev >= 0 && prev != id && slotOf[prev] == slot && state[prev] == CommandTrackers.IN_FLIGHT) {
            keep(prev, slot);
        }
        slotOwner[slot] = id;
        slotOf[id] = slot;
        return (long) slot << SubmissionEntry.SIZE_LOG2;
    }

    /** Copies command {@code id}'s SQE from {@code slot} into its tracker; from now on the copy is its SQE. */
    private void keep(int id, int slot) {
        long at = (long) slot << SubmissionEntry.SIZE_LOG2;
        long[] copy = sqeCopies;
        for (int q = 0; q < SQE_QWORDS; q++) {
            copy[id * SQE_QWORDS + q] = sq.get(U64, at + 8L * q);
        }
        slotOf[id] = -1;
    }

    private void advanceTail() {
        int t = tail + 1;
        tail = t == entries ? 0 : t;
    }

    /**
     * Publishes the SQEs written since the last doorbell: stamps their deadlines, then writes the tail to the
     * shadow doorbell (and MMIO when EventIdx asks for it) or to the MMIO doorbell.
     */
    void ring() {
        stampDeadlines();
        if (shadow != null) {
            if (ShadowDoorbell.updateAndCheckEvent(tail, shadow, eventIdx, shadowOffset)) {
                fn.write32(doorbell, tail);
                mmioWrites++;
            }
        } else {
            // the SQE stores are visible before the device can observe the new tail
            VarHandle.releaseFence();
            fn.write32(doorbell, tail);
            mmioWrites++;
        }
        tailRung = tail;
    }

    /**
     * Starts the timeout clock of every command written since the last doorbell: one clock read per batch
     * instead of one per command (a vDSO clock_gettime costs about as much as the rest of a submission), and the
     * clock starts when the device can see the command.
     */
    private void stampDeadlines() {
        long d = System.nanoTime() + timeoutNanos;
        long[] dl = deadline;
        for (int slot = tailRung; slot != tail; slot = slot + 1 == entries ? 0 : slot + 1) {
            dl[slotOwner[slot]] = d;
        }
    }

    /** Forgets the SQEs written since the last doorbell: the device never sees them (close, before Delete I/O SQ). */
    void dropUnrung() {
        tailRung = tail;
    }

    void free() {
        fn.dma().free(sqBuf);
    }
}
