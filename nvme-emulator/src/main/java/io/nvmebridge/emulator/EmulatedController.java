package io.nvmebridge.emulator;

import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.device.HostMemory;
import io.nvmebridge.spec.device.InterruptHandler;
import io.nvmebridge.spec.regs.Cap;
import io.nvmebridge.spec.regs.ControllerRegisters;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * An NVMe 1.4 controller in the JVM: BAR0 registers and doorbells, admin and I/O queues in host memory
 * reached only through {@link HostMemory}, namespaces in RAM, a file or nowhere (NULL, NULL_NO_DATA).
 *
 * <p>This class is the device's public face and the state its parts share. It routes each BAR0 access to the
 * {@link RegisterFile} (CAP..ACQ; CC.EN 0→1 validates and creates the admin queues, 1→0 resets, CC.SHN shuts
 * down) or, for a doorbell, to the {@link QueueProcessor}, where commands are fetched from submission queues,
 * dispatched by opcode to one handler each ({@link AdminHandler}, {@link IoHandler}) that returns a 16-bit
 * status, and completed with the phase tag. A driver's mistakes give a status, an asynchronous event or a log
 * line — never an exception. THREADED mode's device thread is {@link PollingWorker}; Doorbell Buffer Config
 * lives in {@link ShadowDoorbells}, MSI-X delivery in {@link InterruptDelivery}, the trace line format in
 * {@link CommandTrace}.
 *
 * <p>Threading: all device state is guarded by {@code this}' monitor. The parts above do not lock on their
 * own: this class takes the monitor around every BAR0 access, {@link #poll()} and {@link #close()}, and the
 * worker around each pass. In {@link EmulatorMode#INLINE} a doorbell write processes the new commands on the
 * caller's thread; in {@link EmulatorMode#THREADED} a worker thread does, polling doorbells and shadow doorbells.
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
    private final long bar0Size;

    /** CAP..ACQ and the CC.EN/CC.SHN edges. */
    private final RegisterFile registers;
    /** Doorbells, command fetch and execution, completion posting: the per-command path. */
    private final QueueProcessor queues;

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

    /** THREADED mode's device thread; null in INLINE mode. */
    private final PollingWorker worker;
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
        int doorbellStride = 4 << config.dstrd();
        this.shadow = new ShadowDoorbells(doorbellStride);
        int pairs = config.maxIoQueuePairs() + 1;
        this.bar0Size = ControllerRegisters.bar0Size(pairs, config.dstrd());
        this.sqs = new SubmissionQueue[pairs];
        this.cqs = new CompletionQueue[pairs];
        this.interrupts = new InterruptDelivery(pairs);
        this.registers = new RegisterFile(this, bar0Size);
        this.queues = new QueueProcessor(this, registers, doorbellStride);
        try {
            for (NamespaceConfig nc : config.namespaces()) {
                namespaces[nc.nsid()] = Namespace.open(nc);
            }
        } catch (RuntimeException e) {
            closeNamespaces();
            throw e;
        }
        if (config.mode() == EmulatorMode.THREADED) {
            worker = new PollingWorker(this, queues, interrupts);
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

    /** A doorbell register write: {@link QueueProcessor#doorbellWrite} under the lock, then wakes the worker. */
    private void doorbellWrite(long offset, int written) {
        boolean accepted;
        synchronized (this) {
            accepted = queues.doorbellWrite(offset, written);
        }
        if (accepted && worker != null) {
            worker.wake();
        }
    }

    /**
     * Processes everything due: delayed completions, queued events, and every submission queue (reading
     * shadow doorbells when configured). INLINE callers use it after enabling shadow doorbells or to collect
     * delayed completions; THREADED mode does it continuously.
     */
    public void poll() {
        synchronized (this) {
            queues.processAll();
        }
        if (worker != null) {
            worker.wake();
        }
    }

    /** {@link QueueProcessor#post}, for completions posted outside a command's execution (events, delayed ones). */
    void post(CompletionQueue cq, int sqid, int sqhd, int cid, int status, int dw0) {
        queues.post(cq, sqid, sqhd, cid, status, dw0);
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
            worker.close();
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
