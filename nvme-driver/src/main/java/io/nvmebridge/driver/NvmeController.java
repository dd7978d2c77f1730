package io.nvmebridge.driver;

import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.NvmeFunction;
import io.nvmebridge.spec.regs.Cap;
import io.nvmebridge.spec.regs.Cc;
import io.nvmebridge.spec.regs.ControllerRegisters;
import io.nvmebridge.spec.regs.Csts;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A userspace NVMe controller driver over one {@link NvmeFunction}: brings the controller up
 * ({@link ControllerInit}), owns the {@link AdminQueue}, creates {@link IoQueuePair}s, and handles resets,
 * fatal status and device loss.
 *
 * <p>Threading: the admin queue is thread-safe; each I/O queue pair has one owner thread. A reset (explicit, or
 * recovery from a timeout/CFS detected by any pair's poll) and device loss never touch another thread's queue
 * pair: they change the controller and bump the {@linkplain #epoch() epoch}. Each pair compares the epoch on its
 * owner's next call and resynchronises itself there ({@link IoQueuePair} re-creates its queues and re-submits
 * its outstanding commands, or fails them with DEVICE_GONE), so a reset triggered under several
 * rings — each driven by its own thread — never races with their submit/poll.
 */
public final class NvmeController implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NvmeController.class.getName());

    private final NvmeFunction fn;
    private final DriverOptions options;
    private final AtomicLong controllerMmioWrites = new AtomicLong();
    private final ReentrantLock resetLock = new ReentrantLock();
    private final IoQueueTable queues = new IoQueueTable();
    private long cap;
    private int vs;
    private int pageShift = 12;
    private int dstrd;
    private AdminQueue admin;
    private volatile IdentifyControllerData identify;
    private volatile Map<Integer, NamespaceInfo> namespaces = Map.of();
    private volatile int[] lbaShiftByNsid = new int[0];
    private final ShadowDoorbellPages shadowPages;
    private boolean interrupts;
    private volatile boolean operational;
    private volatile boolean gone;
    private volatile boolean closed;
    /**
     * Bumped after every reset, failed recovery and device loss (atomically: device loss is noticed outside the
     * reset lock); the state change is written first, so a pair reading the new value (volatile) sees it.
     */
    private final AtomicInteger epoch = new AtomicInteger();
    /** The last reset failed: pairs fail their commands with DEVICE_GONE instead of re-creating queues. */
    private volatile boolean failed;
    private volatile long resets;
    private long lastAliveCheck;

    NvmeController(NvmeFunction fn, DriverOptions options) {
        this.fn = fn;
        this.options = options;
        this.shadowPages = new ShadowDoorbellPages(fn.dma());
    }

    /**
     * Brings up the controller (the polled init state machine, driven to completion within
     * {@link DriverOptions#initTimeout()}).
     *
     * @throws NvmeException naming the failed step and register values
     */
    public static NvmeController open(NvmeFunction fn, DriverOptions options) {
        ControllerInit init = ControllerInit.start(fn, options);
        NvmeController c = init.ctrl();
        try {
            c.runInit(init);
        } catch (NvmeException e) {
            c.releaseAfterFailedInit();
            throw e;
        }
        c.setUpInterrupts();
        c.operational = true;
        return c;
    }

    private void runInit(ControllerInit init) {
        long end = System.nanoTime() + options.initTimeout().toNanos();
        while (true) {
            InitState s = init.process();
            if (s == InitState.READY) {
                return;
            }
            if (s == InitState.FAILED) {
                throw new NvmeException(init.failure());
            }
            if (System.nanoTime() - end > 0) {
                throw new NvmeException("controller init did not finish within " + options.initTimeout().toMillis()
                        + " ms (stuck in " + s + "); " + describeStatusRegisters());
            }
            if (init.waitingForRegisters()) {
                LockSupport.parkNanos(50_000);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private void setUpInterrupts() {
        if (options.interrupts()) {
            interrupts = fn.setInterruptHandler(queues::dispatchInterrupt);
        }
    }

    // ------------------------------------------------------------------ accessors

    public NvmeFunction function() {
        return fn;
    }

    public DriverOptions options() {
        return options;
    }

    /** Identify Controller data (read during init). */
    public IdentifyControllerData identify() {
        return identify;
    }

    IdentifyControllerData identifyOrNull() {
        return identify;
    }

    /** Active namespaces with non-zero size, by NSID. */
    public List<NamespaceInfo> namespaces() {
        return List.copyOf(namespaces.values());
    }

    /** The namespace, or an {@link NvmeException} naming the NSID. */
    public NamespaceInfo namespace(int nsid) {
        NamespaceInfo ns = namespaces.get(nsid);
        if (ns == null) {
            throw new NvmeException("namespace " + nsid + " is not active (active: " + namespaces.keySet() + ")",
                    io.nvmebridge.spec.Status.INVALID_NAMESPACE | io.nvmebridge.spec.Status.DNR);
        }
        return ns;
    }

    public AdminQueue admin() {
        return admin;
    }

    /** CAP as read during init. */
    public long capabilities() {
        return cap;
    }

    /** VS as read during init. */
    public int version() {
        return vs;
    }

    /** The controller memory page size (CC.MPS = CAP.MPSMIN). */
    public int pageSize() {
        return 1 << pageShift;
    }

    int pageShift() {
        return pageShift;
    }

    int doorbellStride() {
        return dstrd;
    }

    /** I/O queue pairs the controller granted (Set Features / Number of Queues). */
    public int ioQueuesGranted() {
        return queues.granted();
    }

    /** Largest single command transfer: 2^MDTS × 2^(12 + CAP.MPSMIN), capped by a one-page PRP list. */
    public int maxTransferBytes() {
        long prpCap = PrpBuilder.maxTransfer(pageShift);
        IdentifyControllerData id = identify;
        int mdts = id == null ? 0 : id.mdts();
        long mdtsBytes = mdts == 0 ? Long.MAX_VALUE : (1L << mdts) << (12 + Cap.MPSMIN.getInt(cap));
        return (int) Math.min(Math.min(prpCap, mdtsBytes), 1 << 30);
    }

    /** MMIO register and doorbell writes so far (controller + admin + every I/O queue pair). */
    public long mmioWrites() {
        long n = controllerMmioWrites.get();
        for (IoQueuePair p : queues.snapshot()) {
            n += p.mmioWrites();
        }
        return n;
    }

    /** True when Doorbell Buffer Config succeeded and I/O queues use shadow doorbells. */
    public boolean shadowDoorbellsEnabled() {
        return shadowPages.enabled();
    }

    /** True when the device delivers interrupts (so {@link IoQueuePair#awaitCompletions} sleeps). */
    public boolean interruptsEnabled() {
        return interrupts;
    }

    /** Controller resets performed (explicit and recovery). */
    public long resets() {
        return resets;
    }

    /** False once closed, failed, or the device is gone. */
    public boolean isOperational() {
        return operational && !gone && !closed;
    }

    // ------------------------------------------------------------------ queue pairs and buffers

    /**
     * Creates an I/O CQ and SQ of {@code entries} entries (clamped to 2..CAP.MQES+1) with the lowest free QID.
     * The returned pair is owned by the calling thread from now on.
     */
    public synchronized IoQueuePair createIoQueuePair(int entries) {
        checkUsable();
        int qid = queues.lowestFreeQid();
        if (qid < 0) {
            throw new NvmeException("no free I/O queue: the controller granted " + queues.granted()
                    + " and all are in use");
        }
        int n = Math.max(2, Math.min(entries, Cap.MQES.getInt(cap) + 1));
        IoQueuePair pair = new IoQueuePair(this, qid, n, interrupts ? qid : 0);
        try {
            createOnDevice(pair);
        } catch (RuntimeException e) {
            pair.close();
            throw e;
        }
        queues.add(pair);
        return pair;
    }

    private void createOnDevice(IoQueuePair pair) {
        AdminCompletion c = admin.createIoCq(pair.qid(), pair.entries(), pair.cqAddress(), interrupts, pair.vector());
        if (!c.isSuccess()) {
            throw new NvmeException("Create I/O CQ " + pair.qid() + " (" + pair.entries() + " entries) failed: "
                    + DriverStatus.describe(c.status()), c.status());
        }
        c = admin.createIoSq(pair.qid(), pair.entries(), pair.sqAddress(), pair.qid());
        if (!c.isSuccess()) {
            admin.deleteIoCq(pair.qid());
            throw new NvmeException("Create I/O SQ " + pair.qid() + " (" + pair.entries() + " entries) failed: "
                    + DriverStatus.describe(c.status()), c.status());
        }
    }

    synchronized void released(IoQueuePair pair) {
        if (queues.remove(pair)) {
            // keep the closed pair's doorbell writes in the total, so mmioWrites() never goes backwards
            controllerMmioWrites.addAndGet(pair.mmioWrites());
        }
    }

    /** Checks a DMA buffer once so I/O on it needs only offset arithmetic. */
    public RegisteredBuffer registerBuffer(DmaBuffer buffer) {
        return new RegisteredBuffer(buffer);
    }

    // ------------------------------------------------------------------ health, reset, recovery

    /**
     * Reads CSTS: a fatal status resets the controller, a vanished device fails everything. Returns true when
     * the controller is usable afterwards.
     */
    public boolean checkHealth() {
        return checkHealthFromQueue(null);
    }

    boolean checkHealthFromQueue(IoQueuePair caller) {
        if (gone || closed) {
            if (caller != null) {
                caller.markDead();
            }
            return false;
        }
        int csts = fn.isAlive() ? fn.read32(ControllerRegisters.CSTS) : -1;
        if (csts == -1) {
            deviceGone("CSTS reads all ones");
            return false;
        }
        if (Csts.CFS.get(csts) == 1) {
            LOG.log(System.Logger.Level.ERROR, "{0}: controller fatal status ({1}); resetting", fn.description(),
                    Csts.describe(csts));
            recover("CSTS.CFS=1", caller == null ? epoch.get() : caller.epoch());
            return false;
        }
        return true;
    }

    /** Changes whenever queue pairs must resynchronise (reset, failed recovery, device loss). */
    int epoch() {
        return epoch.get();
    }

    /**
     * The epoch's cell itself, for a pair's per-submission check: one load fewer than {@link #epoch()} through the
     * controller. Read only (volatile get); only the controller changes it.
     */
    AtomicInteger epochCell() {
        return epoch;
    }

    /** True when the pairs can no longer be re-created (device gone, recovery failed, closed). */
    boolean unrecoverable() {
        return gone || failed || closed;
    }

    /**
     * A pair whose epoch is stale re-creates its queues on the device, serialised with resets; false when the
     * controller cannot take them any more.
     */
    boolean recreate(IoQueuePair pair) {
        resetLock.lock();
        try {
            if (unrecoverable() || !operational) {
                return false;
            }
            pair.attach();
            createOnDevice(pair);
            pair.syncedTo(epoch.get());
            return true;
        } catch (NvmeException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}: re-creating queue {1} after reset failed: {2}",
                    fn.description(), pair.qid(), e.getMessage());
            return false;
        } finally {
            resetLock.unlock();
        }
    }

    /** From admin waits: a device that vanished must not leave callers spinning forever. */
    void checkAliveFromAdmin() {
        long now = System.nanoTime();
        if (now - lastAliveCheck < options.healthCheckInterval().toNanos()) {
            return;
        }
        lastAliveCheck = now;
        if (!gone && (!fn.isAlive() || fn.read32(ControllerRegisters.CSTS) == -1)) {
            deviceGone("device not alive while waiting for an admin command");
        }
    }

    private void deviceGone(String why) {
        if (gone) {
            return;
        }
        gone = true;
        operational = false;
        LOG.log(System.Logger.Level.ERROR, "{0}: device gone ({1}); failing all outstanding commands", fn.description(), why);
        epoch.incrementAndGet(); // each pair fails its own commands with DEVICE_GONE on its owner's next call
        admin.markDead();
    }

    /**
     * Recovery reset, unless another thread already reset since the caller saw {@code seenEpoch}; failures leave
     * the controller non-operational (and are logged), never thrown to poll().
     */
    void recover(String why, int seenEpoch) {
        resetLock.lock();
        try {
            if (epoch.get() != seenEpoch || unrecoverable()) {
                return; // someone else recovered (or gave up) meanwhile: the caller resynchronises
            }
            LOG.log(System.Logger.Level.WARNING, "{0}: recovering by controller reset ({1})", fn.description(), why);
            reset();
        } catch (NvmeException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}: reset after {1} failed: {2}", fn.description(), why, e.getMessage());
        } finally {
            resetLock.unlock();
        }
    }

    /**
     * Controller reset: the controller is disabled and brought up again; each existing queue pair, on its owner's
     * next call, is re-created with the same QID and memory and submits its outstanding commands again
     * (passthrough ones, and ones that lived through too many resets, complete with
     * {@link DriverStatus#ABORTED_BY_RESET}). If bring-up fails, the controller is left failed (pairs then fail everything
     * with {@link DriverStatus#DEVICE_GONE}) and the failure is thrown.
     */
    public void reset() {
        resetLock.lock();
        try {
            checkUsable();
            operational = false;
            admin.resetRings(DriverStatus.ABORTED_BY_RESET);
            try {
                ControllerInit init = new ControllerInit(this);
                runInit(init);
            } catch (RuntimeException e) {
                failed = true;
                throw e;
            }
            resets++;
            operational = true;
            admin.afterReset();
        } finally {
            epoch.incrementAndGet(); // the state above is visible to a pair that reads the new epoch
            resetLock.unlock();
        }
    }

    private void checkUsable() {
        if (closed) {
            throw new NvmeException("controller is closed");
        }
        if (gone || failed) {
            throw new NvmeException("device is gone", DriverStatus.DEVICE_GONE);
        }
    }

    /**
     * Normal shutdown: closes (deletes) the I/O queue pairs, sets CC.SHN = normal and waits for CSTS.SHST =
     * complete (bounded by CAP.TO), then frees the admin queue and shadow doorbell memory. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            for (IoQueuePair p : queues.snapshot()) {
                try {
                    p.close();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "closing queue {0}: {1}", p.qid(), e.getMessage());
                }
            }
            if (!gone && fn.isAlive()) {
                int cc = fn.read32(ControllerRegisters.CC);
                mmioWrite32(ControllerRegisters.CC, (int) Cc.SHN.set(cc, Cc.SHN_NORMAL));
                long end = System.nanoTime() + Math.max(1, Cap.timeoutMillis(cap)) * 1_000_000;
                while (true) {
                    int csts = fn.read32(ControllerRegisters.CSTS);
                    if (csts == -1 || Csts.SHST.get(csts) == Csts.SHST_COMPLETE) {
                        break;
                    }
                    if (System.nanoTime() - end > 0) {
                        LOG.log(System.Logger.Level.WARNING, "{0}: shutdown not complete after CAP.TO; {1}",
                                fn.description(), Csts.describe(csts));
                        break;
                    }
                    LockSupport.parkNanos(50_000);
                }
            }
        } finally {
            closed = true;
            operational = false;
            if (admin != null) {
                admin.resetRings(DriverStatus.ABORTED_BY_RESET);
                admin.free();
            }
            shadowPages.free();
            if (interrupts) {
                fn.setInterruptHandler(null);
            }
        }
    }

    /** A failed bring-up: disable the controller (best effort) and give back the DMA memory init took. */
    private void releaseAfterFailedInit() {
        closed = true;
        try {
            if (fn.isAlive()) {
                int cc = fn.read32(ControllerRegisters.CC);
                if (cc != -1 && Cc.EN.get(cc) == 1) {
                    mmioWrite32(ControllerRegisters.CC, (int) Cc.EN.set(cc, 0));
                }
            }
        } finally {
            if (admin != null) {
                admin.resetRings(DriverStatus.ABORTED_BY_RESET);
                admin.free();
                admin = null;
            }
            shadowPages.free();
        }
    }

    // ------------------------------------------------------------------ used by init and the queues

    void mmioWrite32(long offset, int value) {
        fn.write32(offset, value);
        controllerMmioWrites.incrementAndGet();
    }

    void mmioWrite64(long offset, long value) {
        fn.write64(offset, value);
        controllerMmioWrites.incrementAndGet();
    }

    void setCapabilities(long cap, int vs) {
        this.cap = cap;
        this.vs = vs;
        this.pageShift = 12 + Cap.MPSMIN.getInt(cap);
        this.dstrd = Cap.DSTRD.getInt(cap);
    }

    AdminQueue adminQueueForInit() {
        if (admin == null) {
            int entries = Math.min(options.adminQueueEntries(), Cap.MQES.getInt(cap) + 1);
            admin = new AdminQueue(this, entries);
        } else {
            admin.resetRings(DriverStatus.ABORTED_BY_RESET);
        }
        return admin;
    }

    void setIdentify(IdentifyControllerData id) {
        this.identify = id;
    }

    synchronized void setIoQueuesGranted(int n) {
        queues.setGranted(n);
    }

    void setNamespaces(TreeMap<Integer, NamespaceInfo> ns) {
        int max = ns.isEmpty() ? 0 : ns.lastKey();
        int[] shifts = new int[max + 1];
        java.util.Arrays.fill(shifts, -1);
        for (NamespaceInfo n : ns.values()) {
            shifts[n.nsid()] = n.lbaShift();
        }
        this.lbaShiftByNsid = shifts;
        this.namespaces = java.util.Collections.unmodifiableMap(new TreeMap<>(ns));
    }

    int[] lbaShiftTable() {
        return lbaShiftByNsid;
    }

    /** Doorbell Buffer Config's pages: prepared and enabled by init, read by the queue pairs. */
    ShadowDoorbellPages shadowDoorbellPages() {
        return shadowPages;
    }

    /** CC and CSTS, for error messages. */
    String describeStatusRegisters() {
        if (!fn.isAlive()) {
            return "device not alive";
        }
        return Cc.describe(fn.read32(ControllerRegisters.CC)) + " " + Csts.describe(fn.read32(ControllerRegisters.CSTS));
    }

    @Override
    public String toString() {
        IdentifyControllerData id = identify;
        return "NvmeController[" + fn.description() + (id != null ? " " + id.mn() + " sn=" + id.sn() : "") + "]";
    }
}
