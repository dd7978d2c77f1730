package io.nvmebridge.emulator;

import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.AsyncEvent;
import io.nvmebridge.spec.admin.LogPage;
import io.nvmebridge.spec.admin.NvmCommands;
import io.nvmebridge.spec.device.HostMemory;
import io.nvmebridge.spec.device.InterruptHandler;
import io.nvmebridge.spec.regs.Cap;
import io.nvmebridge.spec.regs.ControllerRegisters;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.locks.LockSupport;

/**
 * An NVMe 1.4 controller in the JVM: BAR0 registers and doorbells, admin and I/O queues in host memory
 * reached only through {@link HostMemory}, namespaces in RAM, a file or nowhere (NULL, NULL_NO_DATA).
 *
 * <p>Register writes detect CC.EN edges (0→1 validates and creates the admin queues, 1→0 resets). Commands
 * are fetched from submission queues, dispatched by opcode to one handler each ({@link AdminHandler},
 * {@link IoHandler}) that returns a 16-bit status, and completed with the phase tag. A driver's mistakes give
 * a status, an asynchronous event or a log line — never an exception. Doorbell Buffer Config lives in
 * {@link ShadowDoorbells}, MSI-X delivery in {@link InterruptDelivery}, the trace line format in
 * {@link CommandTrace}.
 *
 * <p>Threading: all device state is guarded by {@code this}' monitor. In {@link EmulatorMode#INLINE} a
 * doorbell write processes the new commands on the caller's thread; in {@link EmulatorMode#THREADED} a worker
 * thread does, polling doorbells and shadow doorbells.
 */
public final class EmulatedController implements AutoCloseable {
    /** The device's one log category (guest errors, invalid accesses), also used by the classes it is split into. */
    static final System.Logger LOG = System.getLogger(EmulatedController.class.getName());
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** A handler's answer meaning "no completion now" (AER parked, fault dropped it). */
    static final int NO_COMPLETION = -1;
    /** Async event info for an error event: write to an invalid doorbell register (spec and QEMU: 00h). */
    static final int AER_INFO_INVALID_DOORBELL_REGISTER = 0x00;
    /** Async event info for an error event: invalid doorbell write value (spec and QEMU: 01h). */
    static final int AER_INFO_INVALID_DOORBELL_VALUE = 0x01;
    /** Composite temperature reported, kelvin (QEMU: 323 K). */
    static final int TEMPERATURE = 323;
    static final int TEMPERATURE_WARNING = 343;
    static final int TEMPERATURE_CRITICAL = 373;

    final EmulatorConfig config;
    final HostDma dma;
    final PrpTransfer prp;
    /** Indexed by nsid (0 unused); null = inactive. */
    final Namespace[] namespaces;
    final FaultInjector faults;
    final TraceSink trace;
    final NanoClock clock;
    final ErrorLog errorLog = new ErrorLog();
    final AsyncEvents events;
    final DelayedCompletions delayed;
    final Features features = new Features();
    private final AdminHandler adminHandler;
    private final IoHandler nvm;
    private final int doorbellStride;
    private final long bar0Size;

    /** CAP..ACQ and the CC.EN/CC.SHN edges. */
    private final RegisterFile registers;

    final SubmissionQueue[] sqs;
    final CompletionQueue[] cqs;
    int pageSize = 4096;
    /**
     * Largest transfer in bytes, fixed when the controller is enabled. MDTS is in units of the minimum page
     * size (CAP.MPSMIN = 0: 4 KiB); QEMU compares against CC's page size.
     */
    int mdtsBytes = Integer.MAX_VALUE;
    /** An I/O queue was created since the last reset (Number of Queues can no longer be set). */
    boolean ioQueuesCreated;

    /** Doorbell Buffer Config state. */
    final ShadowDoorbells shadow;

    /** DW0 of the command being executed, set by handlers. */
    int result;

    private final Thread worker;
    private volatile boolean closed;
    private final InterruptDelivery interrupts;

    public EmulatedController(EmulatorConfig config, HostMemory hostMemory) {
        this.config = config;
        this.dma = new HostDma(hostMemory);
        this.prp = new PrpTransfer(dma);
        this.namespaces = new Namespace[NamespaceConfig.MAX_NSID + 1];
        this.faults = new FaultInjector(config.faultPlan());
        this.trace = config.trace();
        this.clock = config.clock();
        this.events = new AsyncEvents(this);
        this.features.setTimestamp(0, clock.nanoTime());
        this.delayed = new DelayedCompletions();
        this.adminHandler = new AdminHandler(this);
        this.nvm = new IoHandler(this);
        this.doorbellStride = 4 << config.dstrd();
        this.shadow = new ShadowDoorbells(doorbellStride);
        int pairs = config.maxIoQueuePairs() + 1;
        this.bar0Size = ControllerRegisters.bar0Size(pairs, config.dstrd());
        this.sqs = new SubmissionQueue[pairs];
        this.cqs = new CompletionQueue[pairs];
        this.interrupts = new InterruptDelivery(pairs);
        this.registers = new RegisterFile(this, bar0Size);
        try {
            for (NamespaceConfig nc : config.namespaces()) {
                namespaces[nc.nsid()] = Namespace.open(nc);
            }
        } catch (RuntimeException e) {
            closeNamespaces();
            throw e;
        }
        if (config.mode() == EmulatorMode.THREADED) {
            worker = Thread.ofPlatform().daemon().name("nvme-emulator-" + config.serial()).unstarted(this::workerLoop);
            worker.start();
        } else {
            worker = null;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "emulated controller up: " + config + " " + Cap.describe(registers.cap()));
    }

    public EmulatorConfig config() {
        return config;
    }

    public HostMemory hostMemory() {
        return dma.host();
    }

    /** Size of BAR0: registers and the doorbells of every queue pair. */
    public long bar0Size() {
        return bar0Size;
    }

    /** Registers the handler for interrupts (THREADED mode raises a CQ's vector after posting to it). */
    public void setInterruptHandler(InterruptHandler handler) {
        interrupts.setHandler(handler);
    }

    /** Whether a handler is registered: the emulator's "MSI-X enabled", without which only vector 0 exists. */
    boolean hasInterruptHandler() {
        return interrupts.hasHandler();
    }

    // ---------------------------------------------------------------- BAR0

    public int read32(long offset) {
        synchronized (this) {
            return registers.read32(offset);
        }
    }

    public long read64(long offset) {
        synchronized (this) {
            return registers.read64(offset);
        }
    }

    public void write32(long offset, int value) {
        if (offset >= ControllerRegisters.DOORBELL_BASE && offset < bar0Size) {
            doorbellWrite(offset, value);
            return;
        }
        synchronized (this) {
            registers.write32(offset, value);
        }
    }

    public void write64(long offset, long value) {
        if (offset >= ControllerRegisters.DOORBELL_BASE && offset < bar0Size) {
            // as QEMU: an 8-byte doorbell write is one doorbell write of the low dword
            doorbellWrite(offset, (int) value);
            return;
        }
        if (offset == ControllerRegisters.ASQ || offset == ControllerRegisters.ACQ) {
            synchronized (this) {
                registers.writeAdminQueueBase(offset, value);
            }
            return;
        }
        write32(offset, (int) value);
        write32(offset + 4, (int) (value >>> 32));
    }

    /** Firings of each rule of the fault plan so far, in plan order (a racy snapshot; exact once I/O stopped). */
    public long[] faultsFired() {
        return faults.firedCounts();
    }

    // ---------------------------------------------------------------- doorbells

    private void doorbellWrite(long offset, int written) {
        boolean inline = worker == null;
        // SQT/CQH are bits 15:0; bits 31:16 are reserved (QEMU masks them too)
        int value = written & 0xFFFF;
        synchronized (this) {
            if (!registers.ready()) {
                guestError("doorbell write 0x%x at 0x%x while controller not ready ignored", value, offset);
                return;
            }
            long rel = offset - ControllerRegisters.DOORBELL_BASE;
            if (rel % doorbellStride != 0) {
                guestError("misaligned doorbell write 0x%x at 0x%x ignored", value, offset);
                return;
            }
            int index = (int) (rel / doorbellStride);
            int qid = index >>> 1;
            if ((index & 1) == 0) {
                SubmissionQueue sq = sqs[qid];
                if (sq == null) {
                    invalidDoorbell(AER_INFO_INVALID_DOORBELL_REGISTER, "SQ %d tail doorbell (0x%x): no such queue", qid, value);
                    return;
                }
                if (Integer.compareUnsigned(value, sq.size) >= 0) {
                    invalidDoorbell(AER_INFO_INVALID_DOORBELL_VALUE, "SQ %d tail 0x%x beyond queue size", qid, value);
                    return;
                }
                sq.tail = value;
                if (qid == 0) {
                    shadow.mirrorAdmin(false, value);
                }
                if (inline) {
                    if (shadow.enabled || delayed.count() > 0 || events.pending()) {
                        processAll();
                    } else {
                        processSq(sq);
                    }
                }
            } else {
                CompletionQueue cq = cqs[qid];
                if (cq == null) {
                    invalidDoorbell(AER_INFO_INVALID_DOORBELL_REGISTER, "CQ %d head doorbell (0x%x): no such queue", qid, value);
                    return;
                }
                if (!cq.acceptsHead(value)) {
                    invalidDoorbell(AER_INFO_INVALID_DOORBELL_VALUE, "CQ %d head 0x%x beyond posted entries", qid, value);
                    return;
                }
                cq.head = value;
                if (qid == 0) {
                    shadow.mirrorAdmin(true, value);
                }
                if (inline) {
                    if (shadow.enabled || delayed.count() > 0 || events.pending()) {
                        processAll();
                    } else {
                        processWaitersOf(cq);
                    }
                }
            }
        }
        if (!inline) {
            LockSupport.unpark(worker);
        }
    }

    private void invalidDoorbell(int info, String format, int qid, int value) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "invalid doorbell write: " + format.formatted(qid, value));
        }
        if (trace != null) {
            trace.line("invalid doorbell write: " + format.formatted(qid, value));
        }
        // NVMe 1.4 section 4.1: reported as an asynchronous event, when the host has asked for events
        if (events.outstandingRequests() > 0) {
            events.enqueue(AsyncEvent.TYPE_ERROR, info, LogPage.ERROR_INFORMATION);
        }
    }

    /**
     * Processes everything due: delayed completions, queued events, and every submission queue (reading
     * shadow doorbells when configured). INLINE callers use it after enabling shadow doorbells or to collect
     * delayed completions; THREADED mode does it continuously.
     */
    public void poll() {
        synchronized (this) {
            processAll();
        }
        if (worker != null) {
            LockSupport.unpark(worker);
        }
    }

    /** Processes all work; returns true when anything happened. Caller holds the lock. */
    boolean processAll() {
        boolean progress = false;
        if (delayed.count() > 0) {
            progress |= delayed.deliver(this, clock.nanoTime());
        }
        if (events.pending()) {
            progress |= events.process();
        }
        if (!registers.running()) {
            return progress;
        }
        for (SubmissionQueue sq : sqs) {
            if (sq != null) {
                progress |= processSq(sq);
            }
        }
        return progress;
    }

    private void processWaitersOf(CompletionQueue cq) {
        for (SubmissionQueue sq : sqs) {
            if (sq != null && sq.cq == cq && sq.hasWork()) {
                processSq(sq);
            }
        }
    }

    /** Fetches and executes commands of {@code sq} while its CQ has room; true when any was fetched. */
    boolean processSq(SubmissionQueue sq) {
        if (shadow.enabled) {
            shadow.refreshTail(sq);
        }
        CompletionQueue cq = sq.cq;
        boolean progress = false;
        while (sq.head != sq.tail && registers.running()) {
            if (cq.full()) {
                if (shadow.enabled) {
                    shadow.refreshHead(cq);
                }
                if (cq.full()) {
                    break; // resumes when the host advances the CQ head
                }
            }
            long at = sq.slot(sq.head);
            sq.head = sq.next(sq.head);
            execute(sq, at);
            progress = true;
            if (shadow.enabled && sqs[sq.qid] == sq) {
                shadow.publishSqEvent(sq);
                shadow.refreshTail(sq);
            }
            if (sqs[sq.qid] != sq) {
                break; // the command deleted this queue (or reset the controller)
            }
        }
        return progress;
    }

    private void execute(SubmissionQueue sq, long at) {
        MemorySegment m = sq.mem;
        int opcode = SubmissionEntry.opcode(m, at);
        int cid = SubmissionEntry.cid(m, at);
        boolean isAdmin = sq.qid == 0;
        long start = trace != null ? clock.nanoTime() : 0;
        result = 0;
        prp.clear();
        FaultRule fault = null;
        if (faults.active) {
            long lba = -1;
            long nlb = 0;
            if (!isAdmin && IoHandler.hasLbaRange(opcode)) {
                lba = NvmCommands.slba(SubmissionEntry.cdw(m, at, 10), SubmissionEntry.cdw(m, at, 11));
                nlb = NvmCommands.blocks(SubmissionEntry.cdw(m, at, 12));
            }
            fault = faults.check(isAdmin, opcode, SubmissionEntry.nsid(m, at), lba, nlb);
        }
        int status;
        if (fault != null && fault.action == FaultRule.Action.COMPLETE_WITH_STATUS) {
            status = fault.status;
        } else if (fault != null && fault.action == FaultRule.Action.NEVER_COMPLETE) {
            traceCommand(sq, at, NO_COMPLETION, start, "dropped by fault plan");
            return;
        } else if (fault != null && fault.action == FaultRule.Action.FATAL) {
            registers.setFatal();
            traceCommand(sq, at, NO_COMPLETION, start, "controller fatal status set by fault plan");
            return;
        } else {
            status = isAdmin ? adminHandler.execute(sq, m, at, opcode) : nvm.execute(sq, m, at, opcode);
        }
        if (status == NO_COMPLETION) {
            traceCommand(sq, at, status, start, null);
            return;
        }
        if (fault != null && fault.action == FaultRule.Action.CORRUPT_DATA && status == Status.SUCCESS
                && prp.length() > 0 && NvmOpcode.transferDirection(opcode) == NvmOpcode.XFER_CONTROLLER_TO_HOST) {
            prp.flipByte(faults.corruptionOffset(prp.length()));
        }
        if (status != Status.SUCCESS) {
            long lba = !isAdmin && IoHandler.hasLbaRange(opcode)
                    ? NvmCommands.slba(SubmissionEntry.cdw(m, at, 10), SubmissionEntry.cdw(m, at, 11)) : 0;
            errorLog.record(sq.qid, cid, status, sq.cq.phase, lba, SubmissionEntry.nsid(m, at));
        }
        if (fault != null && fault.action == FaultRule.Action.DELAY) {
            delayed.add(clock.nanoTime() + fault.delayNanos, sq.qid, sq.cq.qid, cid, status, result);
            traceCommand(sq, at, status, start, "completion delayed " + fault.delayNanos + " ns by fault plan");
            return;
        }
        post(sq.cq, sq.qid, sq.head, cid, status, result);
        if (trace != null) {
            traceCommand(sq, at, status, start, null);
        }
    }

    /**
     * Writes one completion entry and advances the CQ tail. DW0..CID are stored first, then a release fence,
     * then the status word with the phase tag: a host that reads the phase word with acquire order sees the
     * whole entry. Caller checked that the CQ has room.
     */
    void post(CompletionQueue cq, int sqid, int sqhd, int cid, int status, int dw0) {
        MemorySegment m = cq.mem;
        long at = cq.slot(cq.tail);
        m.set(U64, at, dw0 & 0xFFFF_FFFFL); // DW0, DW1 = 0
        m.set(U32, at + 8, (sqhd & 0xFFFF) | sqid << 16);
        // orders the entry's body before the dword that publishes it: CID and the status word with the phase
        // tag go in one aligned 32-bit store, so a host that sees the new phase sees the new CID too
        VarHandle.releaseFence();
        m.set(U32, at + 12, (cid & 0xFFFF) | ((status << 1) | cq.phase) << 16);
        cq.tail = cq.next(cq.tail);
        if (cq.tail == 0) {
            cq.phase ^= 1;
        }
        if (cq.interruptsEnabled) {
            cq.interruptPending = true;
        }
        if (shadow.enabled) {
            shadow.publishCqEvent(cq);
        }
    }

    // ---------------------------------------------------------------- shadow doorbells

    /** Doorbell Buffer Config (see {@link ShadowDoorbells}); returns a status. */
    int configureShadowDoorbells(long dbs, long eis) {
        int st = shadow.configure(dma, dbs, eis, sqs, cqs);
        if (st == Status.SUCCESS) {
            traceEvent("shadow doorbells at 0x" + Long.toHexString(dbs) + ", EventIdx at 0x" + Long.toHexString(eis));
        }
        return st;
    }

    /** Called when a queue is created: while shadow doorbells are on, its entries start at 0. */
    void shadowQueueCreated(int qid, boolean cq) {
        shadow.queueCreated(qid, cq);
    }

    // ---------------------------------------------------------------- threaded mode

    private void workerLoop() {
        int idle = 0;
        while (!closed) {
            boolean progress;
            synchronized (this) {
                progress = processAll();
                interrupts.collect(cqs);
            }
            interrupts.fire(); // outside the lock: a handler may submit more work
            if (progress) {
                idle = 0;
            } else if (++idle < 64) {
                Thread.onSpinWait();
            } else {
                // shadow doorbells and delayed completions need polling; plain doorbells unpark us
                long park = shadow.enabled ? 20_000 : delayed.count() > 0 ? 50_000 : 1_000_000;
                LockSupport.parkNanos(this, park);
            }
        }
    }

    // ---------------------------------------------------------------- tracing and logging

    void guestError(String format, Object a, Object b) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG) || trace != null) {
            String msg = format.formatted(a, b);
            LOG.log(System.Logger.Level.DEBUG, "guest error: " + msg);
            if (trace != null) {
                trace.line("guest error: " + msg);
            }
        }
    }

    void traceEvent(String line) {
        if (trace != null) {
            trace.line(line);
        }
    }

    private void traceCommand(SubmissionQueue sq, long at, int status, long start, String note) {
        if (trace != null) {
            trace.line(CommandTrace.line(sq, at, status, (clock.nanoTime() - start) / 1000.0, note));
        }
    }

    // ---------------------------------------------------------------- state for handlers and tests

    long cap() {
        return registers.cap();
    }

    int mdtsBytesLimit() {
        return mdtsBytes;
    }

    /** CSTS, for tests and the function wrapper. */
    public int csts() {
        synchronized (this) {
            return registers.csts();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (worker != null) {
            LockSupport.unpark(worker);
            try {
                worker.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            registers.powerOff(); // late doorbell writes from a racing host are now ignored
            closeNamespaces();
        }
    }

    private void closeNamespaces() {
        for (int i = 0; i < namespaces.length; i++) {
            if (namespaces[i] != null) {
                namespaces[i].close();
                namespaces[i] = null;
            }
        }
    }
}
