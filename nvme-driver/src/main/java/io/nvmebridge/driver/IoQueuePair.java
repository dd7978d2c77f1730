package io.nvmebridge.driver;

import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.NvmCommands;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.NvmeFunction;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One I/O submission queue and its completion queue. <b>Single owner thread</b>: every method but
 * {@link #outstanding()}/{@link #mmioWrites()} (racy reads) must be called from the thread that owns the pair;
 * nothing here locks, and the hot path (submit, {@link #flush()}, {@link #poll(int)}) allocates nothing.
 *
 * <p>Command identifier = tracker index: the per-command state is a {@link CommandTrackers} (fixed arrays plus a
 * {@link TrackerStack} of free indices); the pair has {@code entries - 1} trackers, so a full tracker stack is also
 * a full SQ. A CQE whose CID names no in-flight tracker is counted ({@link #unknownCompletions()}) and logged at
 * ERROR (the 1st, 2nd, 4th... such entry), and never completes anyone's request.
 *
 * <p>Submitting only writes SQEs; {@link #flush()} writes the SQ tail doorbell once for the batch
 * ({@link #poll(int)} flushes first too). {@link #poll(int)} reaps a batch of CQEs by phase tag and writes the CQ
 * head doorbell once. With shadow doorbells the doorbell values go to the shadow page and MMIO happens only when
 * the controller's EventIdx asks for it ({@link ShadowDoorbell}). The rings themselves (indices, phase tag, SQE
 * and CQE memory, doorbells and their memory ordering) are a {@link NvmeSqRing} and a {@link NvmeCqRing}.
 *
 * <p>Requests larger than {@link NvmeController#maxTransferBytes()} (or 65536 blocks) are split into child
 * commands, one tracker each, and completed as one: one handler call, first error wins.
 *
 * <p>Errors: a command that outlives {@link DriverOptions#commandTimeout()} gets an Abort; if it is still
 * outstanding one more timeout later, it completes with {@link DriverStatus#TIMED_OUT} and the controller is
 * reset. CSTS.CFS (checked every {@link DriverOptions#healthCheckInterval()} while commands are outstanding)
 * resets the controller; commands outstanding at a reset are submitted again on the re-created
 * queue (up to {@link #MAX_RESET_RETRIES} resets; passthrough ({@code submit}, {@code raw}) commands are not: they complete with
 * {@link DriverStatus#ABORTED_BY_RESET});
 * a vanished device completes everything with {@link DriverStatus#DEVICE_GONE}. Driver-made completions are
 * delivered from {@link #poll(int)} like device ones. The timeout/health checks and the re-creation after a
 * reset are a {@link QueueRecovery} the pair calls only when a check is due or its epoch is stale; this class
 * keeps the public API: building commands (validation, MDTS splitting, PRP list slots, driver-made rejections)
 * and orchestrating poll and wait.
 */
public final class IoQueuePair implements AutoCloseable {
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int MAX_BLOCKS_PER_COMMAND = 65536;
    /** Controller resets a command may live through (re-submitted each time) before it fails with ABORTED_BY_RESET. */
    static final int MAX_RESET_RETRIES = 3;

    private final NvmeController ctrl;
    private final NvmeFunction fn;
    private final int qid;
    private final int entries;
    private final int vector;
    private final DmaBuffer prpBuf;
    private final MemorySegment prp;
    private final long prpBase;
    private final int prpSlotShift;
    private final int pageShift;
    private final long maxTransfer;
    private int[] lbaShiftByNsid;

    private final CommandTrackers trackers;
    private final NvmeSqRing submissions;
    private final NvmeCqRing completions;
    private final QueueRecovery recovery;

    private int pollCount;
    private volatile Thread waiter;
    /** The controller epoch this pair's queues belong to (see {@link NvmeController#epoch()}). */
    private int epoch;
    /** The controller's epoch cell ({@link NvmeController#epochCell()}): checked before every submission. */
    private final AtomicInteger epochCell;
    private boolean dead;
    private boolean closed;

    IoQueuePair(NvmeController ctrl, int qid, int entries, int vector) {
        this.ctrl = ctrl;
        this.fn = ctrl.function();
        this.qid = qid;
        this.entries = entries;
        this.vector = vector;
        this.pageShift = ctrl.pageShift();
        this.maxTransfer = ctrl.maxTransferBytes();
        int page = 1 << pageShift;
        int trackerCount = entries - 1;
        // one PRP list slot per tracker, a power of two so it never crosses a page; also holds a DSM range
        long listBytes = Math.max(NvmCommands.DSM_RANGE_SIZE, (maxTransfer >>> pageShift) * 8);
        this.prpSlotShift = 64 - Long.numberOfLeadingZeros(listBytes - 1);
        this.trackers = new CommandTrackers(trackerCount);
        long timeoutNanos = ctrl.options().commandTimeout().toNanos();
        this.submissions = new NvmeSqRing(fn, qid, entries, ctrl.doorbellStride(), page, trackers, timeoutNanos);
        this.completions = new NvmeCqRing(fn, qid, entries, ctrl.doorbellStride(), page, trackers);
        this.prpBuf = fn.dma().allocate((long) trackerCount << prpSlotShift, page);
        this.prp = prpBuf.segment();
        this.prpBase = prpBuf.deviceAddress();
        this.recovery = new QueueRecovery(this, ctrl, trackers);
        this.epochCell = ctrl.epochCell();
        this.epoch = ctrl.epoch();
        attach();
    }

    int epoch() {
        return epoch;
    }

    void syncedTo(int e) {
        epoch = e;
    }

    /** Commands submitted again after controller resets. */
    public long resubmitted() {
        return recovery.resubmitted();
    }

    /** True when a reset or device loss is waiting for this pair to resynchronise (one volatile read). */
    private boolean stale() {
        return epoch != epochCell.get();
    }

    /** Zeroes the rings and (re)connects shadow doorbells and namespace formats; before Create I/O CQ/SQ. */
    void attach() {
        ShadowDoorbellPages pages = ctrl.shadowDoorbellPages();
        MemorySegment shadow = pages.enabled() ? pages.shadowPage() : null;
        MemorySegment eventIdx = pages.enabled() ? pages.eventIdxPage() : null;
        submissions.attach(shadow, eventIdx);
        completions.attach(shadow, eventIdx);
        lbaShiftByNsid = ctrl.lbaShiftTable();
        recovery.restartHealthClock();
    }

    public int qid() {
        return qid;
    }

    public int entries() {
        return entries;
    }

    int vector() {
        return vector;
    }

    long sqAddress() {
        return submissions.deviceAddress();
    }

    long cqAddress() {
        return completions.deviceAddress();
    }

    /** Commands (trackers) not yet completed to their handler, children of split requests counted singly. */
    public int outstanding() {
        return trackers.inUse();
    }

    /** Trackers free for new commands. */
    public int freeSlots() {
        return trackers.available();
    }

    /** MMIO doorbell writes this pair made. */
    public long mmioWrites() {
        return submissions.mmioWrites() + completions.mmioWrites();
    }

    /** CQEs that named no in-flight command (logged at ERROR, never delivered). */
    public long unknownCompletions() {
        return completions.unknownCompletions();
    }

    /** Commands that passed their timeout (each got an Abort). */
    public long timeouts() {
        return recovery.timeouts();
    }

    /** True when the pair uses shadow doorbells. */
    public boolean shadowDoorbells() {
        return submissions.shadowDoorbells();
    }

    // ================================================================== submission (hot path)

    /** Read {@code blocks} blocks at {@code slba} into device memory at {@code dataDeviceAddress}; false when full. */
    public boolean read(int nsid, long slba, int blocks, long dataDeviceAddress, long userData, IoCompletionHandler handler) {
        return submitRange(NvmOpcode.READ, nsid, slba, blocks, dataDeviceAddress, true, 0, userData, handler);
    }

    public boolean write(int nsid, long slba, int blocks, long dataDeviceAddress, long userData, IoCompletionHandler handler) {
        return submitRange(NvmOpcode.WRITE, nsid, slba, blocks, dataDeviceAddress, true, 0, userData, handler);
    }

    /** Read into a registered buffer at byte {@code offset}. */
    public boolean read(int nsid, long slba, int blocks, RegisteredBuffer buffer, long offset, long userData, IoCompletionHandler handler) {
        return submitRange(NvmOpcode.READ, nsid, slba, blocks, addressIn(buffer, offset, nsid, blocks), true, 0, userData, handler);
    }

    /** Write from a registered buffer at byte {@code offset}. */
    public boolean write(int nsid, long slba, int blocks, RegisteredBuffer buffer, long offset, long userData, IoCompletionHandler handler) {
        return submitRange(NvmOpcode.WRITE, nsid, slba, blocks, addressIn(buffer, offset, nsid, blocks), true, 0, userData, handler);
    }

    /** Compare the blocks with the data at {@code dataDeviceAddress}; a mismatch completes with COMPARE_FAILURE. */
    public boolean compare(int nsid, long slba, int blocks, long dataDeviceAddress, long userData, IoCompletionHandler handler) {
        return submitRange(NvmOpcode.COMPARE, nsid, slba, blocks, dataDeviceAddress, true, 0, userData, handler);
    }

    /** Write Zeroes; {@code deallocate} sets DEAC. */
    public boolean writeZeroes(int nsid, long slba, int blocks, boolean deallocate, long userData, IoCompletionHandler handler) {
        return submitRange(NvmOpcode.WRITE_ZEROES, nsid, slba, blocks, 0, false,
                deallocate ? NvmCommands.CDW12_DEAC : 0, userData, handler);
    }

    /** Flush the volatile write cache of {@code nsid} (or {@link NvmCommands#NSID_ALL}). */
    public boolean flush(int nsid, long userData, IoCompletionHandler handler) {
        int admission = admit(true);
        if (admission != ADMITTED) {
            return admission != FULL && rejectLocally(admission, userData, handler);
        }
        int id = beginSingle(userData, handler);
        submissions.write(id, NvmOpcode.FLUSH, nsid, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        return true;
    }

    /**
     * Dataset Management / deallocate one range (the range descriptor lives in the command's tracker slot, so
     * nothing is allocated).
     */
    public boolean deallocate(int nsid, long slba, int blocks, long userData, IoCompletionHandler handler) {
        return datasetManagement(nsid, slba, blocks, NvmCommands.DSM_ATTR_DEALLOCATE, userData, handler);
    }

    /** Dataset Management with one range and the given CDW11 attributes (IDR/IDW/AD). */
    public boolean datasetManagement(int nsid, long slba, int blocks, int attributes, long userData, IoCompletionHandler handler) {
        int admission = admit(blocks > 0);
        if (admission == ADMITTED && lbaShift(nsid) < 0) {
            admission = DriverStatus.INVALID_REQUEST; // the formats are current only after admit's resync
        }
        if (admission != ADMITTED) {
            return admission != FULL && rejectLocally(admission, userData, handler);
        }
        int id = beginSingle(userData, handler);
        long slot = (long) id << prpSlotShift;
        prp.set(U32, slot + NvmCommands.DSM_RANGE_ATTRIBUTES, 0);
        prp.set(U32, slot + NvmCommands.DSM_RANGE_LENGTH, blocks);
        prp.set(U64, slot + NvmCommands.DSM_RANGE_SLBA, slba);
        submissions.write(id, NvmOpcode.DATASET_MANAGEMENT, nsid, 0, 0, prpBase + slot, 0, 0, attributes, 0, 0, 0, 0);
        return true;
    }

    /**
     * Passthrough of any I/O command: the caller's {@link IoCommand} as it is, with the CID set and its data mapped
     * to PRPs by the driver — one range (at most {@link NvmeController#maxTransferBytes()}, dword aligned), or a
     * list of ranges taken in order as one buffer, without a copy, with the PRP list in the command's own slot.
     * Ranges PRPs cannot describe ({@link #prpDescribable}), more data than {@link #maxTransferBytes()}, or a
     * metadata pointer that is not dword aligned complete with {@link DriverStatus#INVALID_REQUEST}: the caller
     * bounces such data through a contiguous buffer, as Linux does. The stale/full/dead checks run here once for
     * every kind of data. The command (and its range arrays) is read during the call only; false when the queue
     * is full.
     */
    public boolean submit(IoCommand c, long userData, IoCompletionHandler handler) {
        long total = dataBytes(c);
        int admission = admit(total >= 0 && total <= maxTransfer && (c.metadataAddress & 3) == 0);
        if (admission != ADMITTED) {
            return admission != FULL && rejectLocally(admission, userData, handler);
        }
        int id = beginPassthrough(userData, handler);
        long prp1 = 0;
        long prp2 = 0;
        if (total > 0) {
            if (c.rangeAddresses == null) {
                prp1 = c.dataAddress;
                prp2 = prp2For(id, c.dataAddress, total);
            } else {
                long slot = (long) id << prpSlotShift;
                prp1 = ScatterPrpBuilder.prp1(c.rangeAddresses, c.rangeLengths, c.rangeCount);
                prp2 = ScatterPrpBuilder.prp2(c.rangeAddresses, c.rangeLengths, c.rangeCount, pageShift, prp, slot,
                        1L << prpSlotShift, prpBase + slot);
            }
        }
        submissions.write(id, c.opcode, c.nsid, c.cdw2, c.cdw3, c.metadataAddress, prp1, prp2, c.cdw10, c.cdw11,
                c.cdw12, c.cdw13, c.cdw14, c.cdw15);
        return true;
    }

    /** The bytes of a command's data, or -1 when PRPs cannot describe it (a negative or unaligned range). */
    private long dataBytes(IoCommand c) {
        if (c.rangeAddresses != null) {
            return ScatterPrpBuilder.describedLength(c.rangeAddresses, c.rangeLengths, c.rangeCount, pageShift);
        }
        if (c.dataLength < 0 || (c.dataLength > 0 && (c.dataAddress & 3) != 0)) {
            return -1;
        }
        return c.dataLength;
    }

    /** True when {@link #submit} can map ranges these ranges as they are (see {@link ScatterPrpBuilder}). */
    public boolean prpDescribable(long[] addresses, long[] lengths, int count) {
        return ScatterPrpBuilder.describedLength(addresses, lengths, count, pageShift) >= 0;
    }

    /** The most data one command of this pair may carry ({@link NvmeController#maxTransferBytes()}). */
    public int maxTransferBytes() {
        return (int) maxTransfer;
    }

    /**
     * Passthrough from a 64-byte SQE template: copied as is, then CID and PRP1/PRP2 overwritten (PSDT forced to
     * PRP).
     */
    public boolean raw(MemorySegment sqeTemplate, long dataDeviceAddress, int dataLength, long userData, IoCompletionHandler handler) {
        int admission = admit(sqeTemplate.byteSize() >= SubmissionEntry.SIZE && dataLength >= 0
                && dataLength <= maxTransfer && (dataLength == 0 || (dataDeviceAddress & 3) == 0));
        if (admission != ADMITTED) {
            return admission != FULL && rejectLocally(admission, userData, handler);
        }
        int id = beginPassthrough(userData, handler);
        long prp1 = 0;
        long prp2 = 0;
        if (dataLength > 0) {
            prp1 = dataDeviceAddress;
            prp2 = prp2For(id, dataDeviceAddress, dataLength);
        }
        submissions.writeFromTemplate(id, sqeTemplate, prp1, prp2);
        return true;
    }

    /** Writes the SQ tail doorbell if anything was submitted since the last one (one MMIO write per batch). */
    public void flush() {
        NvmeSqRing s = submissions;
        if (s.hasUnrung()) {
            s.ring();
        }
    }

    /** Same as {@link #flush()}. */
    public void ringDoorbell() {
        flush();
    }

    private long addressIn(RegisteredBuffer buffer, long offset, int nsid, int blocks) {
        int shift = lbaShift(nsid);
        long bytes = shift < 0 || blocks <= 0 ? 0 : (long) blocks << shift;
        return buffer.deviceAddress(offset, bytes);
    }

    private boolean submitRange(int opcode, int nsid, long slba, int blocks, long address, boolean data,
                                int cdw12Flags, long ud, IoCompletionHandler handler) {
        if (stale()) {
            recovery.resync();
        }
        int shift = lbaShift(nsid);
        if (dead || shift < 0 || blocks <= 0 || (data && (address & 3) != 0)) {
            return rejectLocally(dead ? DriverStatus.DEVICE_GONE : DriverStatus.INVALID_REQUEST, ud, handler);
        }
        int chunk = data ? (int) Math.min(maxTransfer >>> shift, MAX_BLOCKS_PER_COMMAND) : MAX_BLOCKS_PER_COMMAND;
        if (blocks > chunk) {
            return submitSplit(opcode, nsid, slba, blocks, address, data, cdw12Flags, ud, handler, shift, chunk);
        }
        // one command: the common case, kept small enough for the JIT to inline into the caller
        if (trackers.available() == 0) {
            return false;
        }
        int id = trackers.begin(ud, handler, 1); // deadline stamped by the doorbell that publishes it (NvmeSqRing.ring)
        long prp2 = 0;
        if (data) {
            long bytes = (long) blocks << shift;
            if (bytes > (1L << pageShift) - (address & ((1L << pageShift) - 1))) {
                prp2 = prp2For(id, address, bytes); // past PRP1's page: a second page or a PRP list
            }
        }
        submissions.write(id, opcode, nsid, 0, 0, data ? address : 0, prp2, (int) slba, (int) (slba >>> 32),
                (blocks - 1) | cdw12Flags, 0, 0, 0);
        return true;
    }

    /** A request larger than one command may carry: child commands of {@code chunk} blocks, one tracker each. */
    private boolean submitSplit(int opcode, int nsid, long slba, int blocks, long address, boolean data,
                                int cdw12Flags, long ud, IoCompletionHandler handler, int shift, int chunk) {
        CommandTrackers t = trackers;
        int children = (int) (((long) blocks + chunk - 1) / chunk);
        if (t.available() < children) {
            if (children > t.capacity()) {
                // can never fit: tell the caller instead of returning "full" forever
                return t.available() > 0 && rejectLocally(DriverStatus.INVALID_REQUEST, ud, handler);
            }
            return false;
        }
        int p = t.begin(ud, handler, children); // deadline stamped by the doorbell that publishes it (NvmeSqRing.ring)
        NvmeSqRing s = submissions;
        long lba = slba;
        long addr = address;
        int left = blocks;
        for (int i = 0; i < children; i++) {
            int id = i == 0 ? p : t.beginPart(p);
            int n = Math.min(chunk, left);
            long prp1 = 0;
            long prp2 = 0;
            if (data) {
                long bytes = (long) n << shift;
                prp1 = addr;
                prp2 = prp2For(id, addr, bytes);
                addr += bytes;
            }
            s.write(id, opcode, nsid, 0, 0, prp1, prp2, (int) lba, (int) (lba >>> 32), (n - 1) | cdw12Flags, 0, 0, 0);
            lba += n;
            left -= n;
        }
        return true;
    }

    /** {@link #admit}: the command may go on the queue. */
    private static final int ADMITTED = 0;
    /** {@link #admit}: no tracker free, the caller is told "full" and tries again later. */
    private static final int FULL = -1;

    /**
     * The checks every single-command submission makes first, in one place: resynchronise a pair a reset or device
     * loss left stale, then {@link #FULL} when no tracker is free, the status to reject it with when the device is
     * gone or the command is not {@code valid}, else {@link #ADMITTED}. (Contiguous reads and writes,
     * {@code submitRange}, inline the same checks: they are the hot path, and split at MDTS.)
     */
    private int admit(boolean valid) {
        if (stale()) {
            recovery.resync();
        }
        if (trackers.available() == 0) {
            return FULL;
        }
        if (dead) {
            return DriverStatus.DEVICE_GONE;
        }
        return valid ? ADMITTED : DriverStatus.INVALID_REQUEST;
    }

    /** Takes a tracker (caller checked one is free) and makes it a parent of one command. */
    private int beginSingle(long ud, IoCompletionHandler handler) {
        return trackers.begin(ud, handler, 1); // deadline stamped by the doorbell that publishes it (NvmeSqRing.ring)
    }

    /**
     * {@link #beginSingle} for a passthrough command, which is never re-submitted after a reset (as Linux fails
     * passthrough canceled by a reset instead of requeueing it: the driver cannot know it is idempotent).
     */
    private int beginPassthrough(long ud, IoCompletionHandler handler) {
        int id = beginSingle(ud, handler);
        trackers.at(id).noRetry = true;
        return id;
    }

    /** Completes a request without the device (delivered by the next poll); false when no tracker is free. */
    private boolean rejectLocally(int status, long ud, IoCompletionHandler handler) {
        if (trackers.available() == 0) {
            return false;
        }
        int id = beginSingle(ud, handler);
        trackers.queueLocal(id, status);
        return true;
    }

    private long prp2For(int id, long address, long bytes) {
        long slot = (long) id << prpSlotShift;
        return PrpBuilder.prp2(address, bytes, pageShift, prp, slot, 1L << prpSlotShift, prpBase + slot);
    }

    /** Writes command {@code id}'s kept SQE at the tail again (re-submission after a reset, {@link QueueRecovery}). */
    void writeKeptSqe(int id) {
        submissions.writeKept(id);
    }

    private int lbaShift(int nsid) {
        int[] table = lbaShiftByNsid;
        return nsid > 0 && nsid < table.length ? table[nsid] : -1;
    }

    // ================================================================== completion (hot path)

    /**
     * Flushes pending submissions, delivers driver-made completions, reaps up to {@code maxCompletions} CQEs and
     * calls their handlers; returns the number of handler calls. Also runs the periodic health/timeout check.
     */
    public int poll(int maxCompletions) {
        if (stale()) {
            recovery.resync();
        }
        flush();
        CommandTrackers t = trackers;
        int delivered = 0;
        if (t.hasLocal()) {
            delivered += t.drainLocal();
        }
        NvmeCqRing c = completions;
        delivered += c.reap(maxCompletions); // writes the CQ head doorbell when it reaped any
        int reaped = c.lastReaped();
        if (reaped == 0 && t.inUse() > 0) {
            fn.kick(); // nothing yet: a device that defers work until spoken to gets its turn
        }
        if (t.inUse() > 0 && (reaped == 0 || (++pollCount & 63) == 0)) {
            long now = System.nanoTime();
            if (recovery.checkDue(now)) {
                recovery.healthCheck(now);
                if (stale()) {
                    recovery.resync(); // the check reset the controller or found it gone
                }
                if (t.hasLocal()) {
                    delivered += t.drainLocal();
                }
            }
        }
        return delivered;
    }

    /** True when a CQE (or a driver-made completion) is waiting to be reaped. */
    public boolean hasCompletions() {
        return completions.hasEntry() || trackers.hasLocal() || stale(); // stale: poll() resynchronises and delivers
    }

    /**
     * Waits until completions are available or {@code timeout} passes, sleeping on the queue's interrupt when the
     * device delivers interrupts, else polling with short spins and parks. Flushes pending submissions first.
     * Returns whether completions are available; call {@link #poll(int)} next.
     */
    public boolean awaitCompletions(Duration timeout) {
        flush();
        long end = System.nanoTime() + timeout.toNanos();
        int spins = 0;
        while (true) {
            if (hasCompletions()) {
                return true;
            }
            long now = System.nanoTime();
            long left = end - now;
            if (left <= 0) {
                return false;
            }
            if (trackers.inUse() > 0 && recovery.checkDue(now)) {
                recovery.healthCheck(now);
                continue;
            }
            if (ctrl.interruptsEnabled()) {
                waiter = Thread.currentThread();
                if (hasCompletions()) {
                    waiter = null;
                    return true;
                }
                LockSupport.parkNanos(this, Math.min(left, recovery.healthNanos()));
                waiter = null;
            } else if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(Math.min(left, 20_000));
            }
        }
    }

    /** Called from the device's interrupt delivery. */
    void onInterrupt() {
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    // ================================================================== errors and close (timeouts, resets: QueueRecovery)

    /** Fails every in-flight command with {@code status}; delivered by the next poll. */
    void failOutstanding(int status) {
        trackers.failInFlight(status);
    }

    /** The device is gone or the controller cannot be recovered: everything fails with DEVICE_GONE from now on. */
    void markDead() {
        dead = true;
        failOutstanding(DriverStatus.DEVICE_GONE);
    }

    boolean isDead() {
        return dead;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Deletes the queues on the device (outstanding commands complete with ABORT_SQ_DELETED or, if the device
     * does not answer them, ABORTED_BY_RESET — delivered here), frees the DMA memory and releases the QID.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // from here on submissions are refused (their queue memory is about to be freed)
            boolean deviceWasGone = dead;
            dead = true;
            if (deviceWasGone) {
                return;
            }
            if (ctrl.isOperational() && !stale()) { // stale: a reset already deleted our queues on the device
                // unflushed submissions never reach the device: they complete as ABORTED_BY_RESET below
                submissions.dropUnrung();
                ctrl.admin().deleteIoSq(qid);
                pollAll();
                ctrl.admin().deleteIoCq(qid);
            }
        } finally {
            failOutstanding(DriverStatus.ABORTED_BY_RESET);
            trackers.drainLocal();
            ctrl.released(this);
            submissions.free();
            completions.free();
            fn.dma().free(prpBuf);
        }
    }

    private void pollAll() {
        while (poll(entries) > 0) {
            // keep reaping
        }
    }

    @Override
    public String toString() {
        return "IoQueuePair[qid=" + qid + " entries=" + entries + " outstanding=" + outstanding()
                + " shadow=" + shadowDoorbells() + "]";
    }
}
