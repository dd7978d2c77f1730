package io.nvmebridge.driver;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.CompletionEntry;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.AsyncEvent;
import io.nvmebridge.spec.admin.QueueCommands;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.NvmeFunction;
import io.nvmebridge.spec.regs.ControllerRegisters;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The admin submission/completion queue pair (queue 0). Thread-safe: one lock guards the rings and trackers
 * (admin commands are rare; the I/O path never takes it). Completions are reaped by whoever calls
 * {@link #poll()} — {@link #execute}, the futures returned by {@link #submit} when waited on
 * ({@code get}/{@code join} drive the queue), the controller's health checks, or the application.
 */
public final class AdminQueue {
    private static final System.Logger LOG = System.getLogger(AdminQueue.class.getName());
    private static final VarHandle CQE_STATUS = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final NvmeController ctrl;
    private final NvmeFunction fn;
    private final ReentrantLock lock = new ReentrantLock();
    private final int entries;
    private final DmaBuffer sqBuf;
    private final DmaBuffer cqBuf;
    private final DmaBuffer prpBuf;
    private final int prpSlot;
    private final long sqDoorbell;
    private final long cqDoorbell;
    private final TrackerStack trackers;
    private final AdminFuture[] futures;
    private final long[] deadlines;
    private final boolean[] isAer;
    private int sqTail;
    private int cqHead;
    private int phase = 1;
    private long unknownCompletions;
    private AsyncEventListener listener;
    private int aerWanted;
    private int aerOutstanding;
    private volatile boolean dead;

    AdminQueue(NvmeController ctrl, int entries) {
        this.ctrl = ctrl;
        this.fn = ctrl.function();
        this.entries = entries;
        int page = ctrl.pageSize();
        this.sqBuf = fn.dma().allocate((long) entries * SubmissionEntry.SIZE, page);
        this.cqBuf = fn.dma().allocate((long) entries * CompletionEntry.SIZE, page);
        this.prpSlot = page;
        this.trackers = new TrackerStack(entries - 1);
        this.prpBuf = fn.dma().allocate((long) prpSlot * (entries - 1), page);
        this.sqDoorbell = ControllerRegisters.sqTailDoorbell(0, ctrl.doorbellStride());
        this.cqDoorbell = ControllerRegisters.cqHeadDoorbell(0, ctrl.doorbellStride());
        this.futures = new AdminFuture[entries - 1];
        this.deadlines = new long[entries - 1];
        this.isAer = new boolean[entries - 1];
    }

    int entries() {
        return entries;
    }

    long sqAddress() {
        return sqBuf.deviceAddress();
    }

    long cqAddress() {
        return cqBuf.deviceAddress();
    }

    /** CQEs whose CID named no outstanding admin command (each logged at ERROR). */
    public long unknownCompletions() {
        return unknownCompletions;
    }

    // ------------------------------------------------------------------ submission

    /** Submits a command with the driver's default admin timeout; the future completes when the queue is polled. */
    public CompletableFuture<AdminCompletion> submit(AdminCommand cmd, DmaBuffer data) {
        return submit(cmd, data, ctrl.options().adminTimeout());
    }

    /**
     * Submits a command asynchronously. Waiting on the returned future ({@code get}/{@code join}) polls this
     * queue; a command whose timeout passes completes with {@link DriverStatus#TIMED_OUT}.
     */
    public CompletableFuture<AdminCompletion> submit(AdminCommand cmd, DmaBuffer data, Duration timeout) {
        long prp1 = 0;
        if (cmd.dataLength() > 0) {
            if (data == null || data.size() < cmd.dataLength()) {
                throw new IllegalArgumentException(cmd + ": data buffer of " + (data == null ? 0 : data.size())
                        + " bytes is smaller than the command's data length");
            }
            prp1 = data.deviceAddress();
        }
        return submitRaw(cmd, prp1, -1, timeout, false);
    }

    /** Submits with explicit PRP1 and PRP2 (prp2 &lt; 0: build from prp1 and the data length). */
    AdminFuture submitRaw(AdminCommand cmd, long prp1, long prp2, Duration timeout, boolean aer) {
        AdminFuture f = new AdminFuture(this, cmd);
        long deadline = aer ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            if (dead) {
                f.complete(new AdminCompletion(DriverStatus.DEVICE_GONE, 0, 0));
                return f;
            }
            int id;
            while ((id = trackers.pop()) < 0) {
                // queue full: reap and wait for a free tracker, within the command's own timeout
                if (pollLocked() == 0) {
                    if (System.nanoTime() - deadline > 0) {
                        f.complete(new AdminCompletion(DriverStatus.TIMED_OUT, 0, 0));
                        return f;
                    }
                    Thread.onSpinWait();
                }
            }
            futures[id] = f;
            deadlines[id] = deadline;
            isAer[id] = aer;
            f.cid = id;
            MemorySegment sq = sqBuf.segment();
            long at = (long) sqTail * SubmissionEntry.SIZE;
            SubmissionEntry.setCdw0(sq, at, cmd.opcode(), 0, id);
            SubmissionEntry.setNsid(sq, at, cmd.nsid());
            SubmissionEntry.setCdw(sq, at, 2, cmd.cdw2());
            SubmissionEntry.setCdw(sq, at, 3, cmd.cdw3());
            SubmissionEntry.setMptr(sq, at, 0);
            long p2 = prp2;
            if (p2 < 0) {
                p2 = cmd.dataLength() == 0 ? 0 : PrpBuilder.prp2(prp1, cmd.dataLength(), ctrl.pageShift(),
                        prpBuf.segment().asSlice((long) id * prpSlot, prpSlot), prpBuf.deviceAddress((long) id * prpSlot));
            }
            SubmissionEntry.setPrp1(sq, at, prp1);
            SubmissionEntry.setPrp2(sq, at, p2);
            SubmissionEntry.setCdw(sq, at, 10, cmd.cdw10());
            SubmissionEntry.setCdw(sq, at, 11, cmd.cdw11());
            SubmissionEntry.setCdw(sq, at, 12, cmd.cdw12());
            SubmissionEntry.setCdw(sq, at, 13, cmd.cdw13());
            SubmissionEntry.setCdw(sq, at, 14, cmd.cdw14());
            SubmissionEntry.setCdw(sq, at, 15, cmd.cdw15());
            sqTail = (sqTail + 1) % entries;
            // the SQE stores above become visible before the device can see the new tail
            VarHandle.releaseFence();
            ctrl.mmioWrite32(sqDoorbell, sqTail);
            if (aer) {
                aerOutstanding++;
            }
        } finally {
            lock.unlock();
        }
        return f;
    }

    /** Submits and waits (polling) for the completion; a timeout gives {@link DriverStatus#TIMED_OUT}. */
    public AdminCompletion execute(AdminCommand cmd, DmaBuffer data, Duration timeout) {
        AdminFuture f = (AdminFuture) submit(cmd, data, timeout);
        return f.await();
    }

    /** {@link #execute(AdminCommand, DmaBuffer, Duration)} with the default admin timeout. */
    public AdminCompletion execute(AdminCommand cmd, DmaBuffer data) {
        return execute(cmd, data, ctrl.options().adminTimeout());
    }

    // ------------------------------------------------------------------ completion

    /** Reaps admin completions; returns how many. Safe from any thread. */
    public int poll() {
        lock.lock();
        try {
            return pollLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Polls only if no other thread holds the queue (for health checks on the I/O path). */
    int tryPoll() {
        if (!lock.tryLock()) {
            return 0;
        }
        try {
            return pollLocked();
        } finally {
            lock.unlock();
        }
    }

    private int pollLocked() {
        MemorySegment cq = cqBuf.segment();
        int reaped = 0;
        while (true) {
            long at = (long) cqHead * CompletionEntry.SIZE;
            // acquire: the device writes DW0..CID before the status word; reading it first orders the rest
            int word = (short) CQE_STATUS.getAcquire(cq, at + CompletionEntry.STATUS) & 0xFFFF;
            if (CompletionEntry.phase(word) != phase) {
                break;
            }
            int cid = CompletionEntry.cid(cq, at);
            int dw0 = CompletionEntry.dw0(cq, at);
            int dw1 = CompletionEntry.dw1(cq, at);
            int status = CompletionEntry.status(word);
            cqHead++;
            if (cqHead == entries) {
                cqHead = 0;
                phase ^= 1;
            }
            reaped++;
            complete(cid, status, dw0, dw1);
        }
        long now = System.nanoTime();
        for (int id = 0; id < futures.length; id++) {
            if (trackers.isInUse(id) && now - deadlines[id] > 0) {
                AdminFuture f = futures[id];
                LOG.log(System.Logger.Level.WARNING, "admin command {0} (cid {1}) timed out; {2}", f.command, id,
                        ctrl.describeStatusRegisters());
                // the tracker stays reserved until a reset: a late completion must not meet a reused CID
                deadlines[id] = Long.MAX_VALUE;
                futures[id] = null;
                f.complete(new AdminCompletion(DriverStatus.TIMED_OUT, 0, 0));
            }
        }
        if (reaped > 0) {
            // all CQEs read before the head moves past them
            VarHandle.releaseFence();
            ctrl.mmioWrite32(cqDoorbell, cqHead);
        }
        return reaped;
    }

    private void complete(int cid, int status, int dw0, int dw1) {
        if (!trackers.isInUse(cid)) {
            long n = ++unknownCompletions;
            if ((n & (n - 1)) == 0) { // the 1st, 2nd, 4th...: a flooding device cannot flood the log
                LOG.log(System.Logger.Level.ERROR, "admin completion for unknown cid {0} ({1}); ignored ({2} so far)",
                        cid, Status.describe(status), n);
            }
            return;
        }
        AdminFuture f = futures[cid];
        boolean aer = isAer[cid];
        futures[cid] = null;
        isAer[cid] = false;
        trackers.push(cid);
        if (f == null) {
            LOG.log(System.Logger.Level.WARNING, "late admin completion for timed-out cid {0} ({1})", cid,
                    Status.describe(status));
            return;
        }
        if (aer) {
            aerOutstanding--;
            if (Status.isSuccess(status) && listener != null) {
                try {
                    listener.event(AsyncEvent.type(dw0), AsyncEvent.info(dw0), AsyncEvent.logPage(dw0), dw0);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "async event listener failed", e);
                }
            }
            f.complete(new AdminCompletion(status, dw0, dw1));
            if (Status.isSuccess(status)) {
                rearmAsyncEvents();
            }
            return;
        }
        f.complete(new AdminCompletion(status, dw0, dw1));
    }

    // ------------------------------------------------------------------ async events

    /**
     * Keeps {@code min(options.asyncEventRequests, AERL + 1)} Asynchronous Event Requests outstanding and
     * delivers each event to {@code listener} (re-arming after each). Events arrive when the admin queue is polled.
     */
    public void asyncEvents(AsyncEventListener listener) {
        lock.lock();
        try {
            this.listener = listener;
            int limit = ctrl.identifyOrNull() == null ? 1 : ctrl.identifyOrNull().aerl() + 1;
            aerWanted = Math.max(1, Math.min(ctrl.options().asyncEventRequests(), Math.min(limit, entries / 2)));
            rearmAsyncEvents();
        } finally {
            lock.unlock();
        }
    }

    private void rearmAsyncEvents() {
        while (listener != null && aerOutstanding < aerWanted && trackers.available() > 1 && !dead) {
            submitRaw(AdminCommand.of(AdminOpcode.ASYNC_EVENT_REQUEST), 0, 0, Duration.ZERO, true);
        }
    }

    // ------------------------------------------------------------------ convenience commands

    /** Identify with the given CNS; returns a heap copy of the 4096 bytes or throws with the status. */
    public MemorySegment identify(int cns, int nsid) {
        return readData(AdminCommand.identify(cns, nsid));
    }

    public AdminCompletion getFeatures(int fid, int sel, int cdw11) {
        return execute(AdminCommand.getFeatures(fid, sel, cdw11), null);
    }

    public AdminCompletion setFeatures(int fid, int cdw11, boolean save) {
        return execute(AdminCommand.setFeatures(fid, cdw11, save), null);
    }

    /** Reads {@code bytes} (a multiple of 4) of log page {@code lid}; throws with the status on failure. */
    public MemorySegment getLogPage(int lid, int nsid, int bytes) {
        return readData(AdminCommand.getLogPage(lid, nsid, bytes));
    }

    public AdminCompletion createIoCq(int qid, int entries, long ringAddress, boolean interrupts, int vector) {
        AdminCommand c = AdminCommand.of(AdminOpcode.CREATE_IO_CQ).withCdw10(QueueCommands.createCdw10(qid, entries))
                .withCdw11(QueueCommands.createCqCdw11(interrupts, vector));
        return submitRaw(c, ringAddress, 0, ctrl.options().adminTimeout(), false).await();
    }

    public AdminCompletion createIoSq(int qid, int entries, long ringAddress, int cqid) {
        AdminCommand c = AdminCommand.of(AdminOpcode.CREATE_IO_SQ).withCdw10(QueueCommands.createCdw10(qid, entries))
                .withCdw11(QueueCommands.createSqCdw11(cqid, 0));
        return submitRaw(c, ringAddress, 0, ctrl.options().adminTimeout(), false).await();
    }

    public AdminCompletion deleteIoSq(int qid) {
        return execute(AdminCommand.of(AdminOpcode.DELETE_IO_SQ).withCdw10(qid & 0xFFFF), null);
    }

    public AdminCompletion deleteIoCq(int qid) {
        return execute(AdminCommand.of(AdminOpcode.DELETE_IO_CQ).withCdw10(qid & 0xFFFF), null);
    }

    /** Abort command {@code cid} on submission queue {@code sqid}; DW0 bit 0 = 1 means "not aborted". */
    public AdminCompletion abort(int sqid, int cid) {
        return execute(AdminCommand.abort(sqid, cid), null);
    }

    /** Asynchronous Abort (used by the I/O timeout path, which must not block on the admin queue). */
    CompletableFuture<AdminCompletion> abortAsync(int sqid, int cid) {
        return submit(AdminCommand.abort(sqid, cid), null);
    }

    private MemorySegment readData(AdminCommand cmd) {
        DmaBuffer buf = fn.dma().allocate(cmd.dataLength(), ctrl.pageSize());
        try {
            AdminCompletion c = execute(cmd, buf);
            if (!c.isSuccess()) {
                throw new NvmeException(cmd + " failed: " + DriverStatus.describe(c.status()), c.status());
            }
            MemorySegment copy = MemorySegment.ofArray(new byte[cmd.dataLength()]);
            copy.copyFrom(buf.segment().asSlice(0, cmd.dataLength()));
            return copy;
        } finally {
            fn.dma().free(buf);
        }
    }

    // ------------------------------------------------------------------ reset / teardown

    /**
     * Forgets every outstanding command (completing them with {@code status}) and zeroes the rings, for a
     * controller reset (the controller was disabled, so it holds no admin state either).
     */
    void resetRings(int status) {
        lock.lock();
        try {
            for (int id = 0; id < futures.length; id++) {
                AdminFuture f = futures[id];
                futures[id] = null;
                isAer[id] = false;
                if (f != null) {
                    f.complete(new AdminCompletion(status, 0, 0));
                }
            }
            trackers.reset();
            aerOutstanding = 0;
            sqTail = 0;
            cqHead = 0;
            phase = 1;
            sqBuf.segment().fill((byte) 0);
            cqBuf.segment().fill((byte) 0);
        } finally {
            lock.unlock();
        }
    }

    /** Re-arms AERs after a reset if a listener was registered. */
    void afterReset() {
        lock.lock();
        try {
            rearmAsyncEvents();
        } finally {
            lock.unlock();
        }
    }

    /** Marks the device gone: every outstanding and future command completes with DEVICE_GONE. */
    void markDead() {
        dead = true;
        resetRings(DriverStatus.DEVICE_GONE);
    }

    void free() {
        lock.lock();
        try {
            fn.dma().free(sqBuf);
            fn.dma().free(cqBuf);
            fn.dma().free(prpBuf);
        } finally {
            lock.unlock();
        }
    }

    /** A future that drives the admin queue while someone waits on it. */
    static final class AdminFuture extends CompletableFuture<AdminCompletion> {
        private final AdminQueue queue;
        final AdminCommand command;
        int cid;

        AdminFuture(AdminQueue queue, AdminCommand command) {
            this.queue = queue;
            this.command = command;
        }

        AdminCompletion await() {
            int idle = 0;
            while (!isDone()) {
                if (queue.poll() == 0 && !isDone()) {
                    // spin briefly (inline devices answer at once), then back off so a device thread gets the core
                    if (++idle < 200) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.parkNanos(20_000);
                        queue.ctrl.checkAliveFromAdmin();
                    }
                }
            }
            return getNow(null);
        }

        @Override
        public AdminCompletion get() {
            return await();
        }

        @Override
        public AdminCompletion join() {
            return await();
        }

        @Override
        public AdminCompletion get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            long end = System.nanoTime() + unit.toNanos(timeout);
            while (!isDone()) {
                if (queue.poll() == 0 && !isDone()) {
                    if (System.nanoTime() - end > 0) {
                        throw new TimeoutException("admin command " + command + " not complete");
                    }
                    LockSupport.parkNanos(20_000);
                }
            }
            return super.get();
        }
    }
}
