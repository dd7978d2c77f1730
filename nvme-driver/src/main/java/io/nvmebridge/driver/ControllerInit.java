package io.nvmebridge.driver;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.CompletionEntry;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.IdentifyCns;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.NvmeFunction;
import io.nvmebridge.spec.regs.Aqa;
import io.nvmebridge.spec.regs.Cap;
import io.nvmebridge.spec.regs.Cc;
import io.nvmebridge.spec.regs.ControllerRegisters;
import io.nvmebridge.spec.regs.Csts;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The polled controller bring-up (SPDK {@code nvme_ctrlr_process_init} style): {@link #process()} does what the
 * current {@link InitState} allows without blocking and returns the new state; every transition goes through
 * {@link #setState(InitState, long)}, which logs it and arms the state's deadline. A deadline that passes, a
 * failed command or a fatal register value ends in {@link InitState#FAILED} with a one-line {@link #failure()}.
 *
 * <p>Used for the first bring-up ({@link #start}) and by {@link NvmeController#reset()} (same controller object,
 * same admin queue memory).
 */
public final class ControllerInit {
    private static final System.Logger LOG = System.getLogger(ControllerInit.class.getName());
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final NvmeController ctrl;
    private final NvmeFunction fn;
    private final DriverOptions options;
    private InitState state = InitState.DISABLE;
    private long deadline = Long.MAX_VALUE;
    private long stateTimeoutMillis;
    private String failure;
    private DmaBuffer scratch;
    private CompletableFuture<AdminCompletion> pendingCommand;
    private final List<Integer> activeNsids = new ArrayList<>();
    private int nsIndex;
    private final TreeMap<Integer, NamespaceInfo> namespaces = new TreeMap<>();

    ControllerInit(NvmeController ctrl) {
        this.ctrl = ctrl;
        this.fn = ctrl.function();
        this.options = ctrl.options();
    }

    /** Starts bringing up the controller behind {@code fn}; drive it with {@link #process()}. */
    public static ControllerInit start(NvmeFunction fn, DriverOptions options) {
        return new ControllerInit(new NvmeController(fn, options));
    }

    NvmeController ctrl() {
        return ctrl;
    }

    public InitState state() {
        return state;
    }

    /** Why init failed (one line naming the step and register values), or null. */
    public String failure() {
        return failure;
    }

    /** The controller, once {@link InitState#READY}. */
    public NvmeController controller() {
        if (state != InitState.READY) {
            throw new IllegalStateException("controller not ready: " + state + (failure != null ? " (" + failure + ")" : ""));
        }
        return ctrl;
    }

    /** True in the states that wait for a register change (a caller may sleep a little between calls). */
    public boolean waitingForRegisters() {
        return state == InitState.DISABLE_WAIT_FOR_READY_0 || state == InitState.ENABLE_WAIT_FOR_READY_1;
    }

    private void setState(InitState next, long timeoutMillis) {
        LOG.log(System.Logger.Level.DEBUG, "{0}: init {1} -> {2} (timeout {3} ms)", fn.description(), state, next,
                timeoutMillis);
        state = next;
        stateTimeoutMillis = timeoutMillis;
        deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000 : Long.MAX_VALUE;
    }

    private InitState fail(String why) {
        failure = "controller init failed in " + state + ": " + why;
        LOG.log(System.Logger.Level.ERROR, "{0}: {1}", fn.description(), failure);
        freeScratch();
        setState(InitState.FAILED, 0);
        return state;
    }

    private boolean expired() {
        return System.nanoTime() - deadline > 0;
    }

    /** Advances the state machine as far as it can without blocking; returns the current state. */
    public InitState process() {
        try {
            return step();
        } catch (NvmeException | IllegalArgumentException | IllegalStateException e) {
            return fail(e.getMessage());
        } catch (RuntimeException e) {
            return fail(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private InitState step() {
        switch (state) {
            case DISABLE -> {
                if (!fn.isAlive()) {
                    return fail("device is not alive");
                }
                long cap = fn.read64(ControllerRegisters.CAP);
                if (cap == -1L) {
                    return fail("CAP reads all ones (device gone)");
                }
                ctrl.setCapabilities(cap, fn.read32(ControllerRegisters.VS));
                if ((Cap.CSS.get(cap) & Cap.CSS_NVM) == 0) {
                    return fail("controller does not support the NVM command set; " + Cap.describe(cap));
                }
                int cc = fn.read32(ControllerRegisters.CC);
                if (Cc.EN.get(cc) == 1) {
                    ctrl.mmioWrite32(ControllerRegisters.CC, (int) Cc.EN.set(cc, 0));
                }
                setState(InitState.DISABLE_WAIT_FOR_READY_0, Cap.timeoutMillis(cap));
            }
            case DISABLE_WAIT_FOR_READY_0 -> {
                int csts = fn.read32(ControllerRegisters.CSTS);
                if (csts == -1) {
                    return fail("CSTS reads all ones (device gone)");
                }
                if (Csts.RDY.get(csts) == 0) {
                    setState(InitState.CONFIGURE_ADMIN_QUEUE, 0);
                } else if (expired()) {
                    return fail("CSTS.RDY still 1 " + stateTimeoutMillis + " ms after CC.EN=0; "
                            + Cc.describe(fn.read32(ControllerRegisters.CC)) + " " + Csts.describe(csts));
                }
            }
            case CONFIGURE_ADMIN_QUEUE -> {
                AdminQueue admin = ctrl.adminQueueForInit();
                ctrl.mmioWrite32(ControllerRegisters.AQA, Aqa.of(admin.entries(), admin.entries()));
                ctrl.mmioWrite64(ControllerRegisters.ASQ, admin.sqAddress());
                ctrl.mmioWrite64(ControllerRegisters.ACQ, admin.cqAddress());
                setState(InitState.ENABLE, 0);
            }
            case ENABLE -> {
                int cc = Cc.enable(ctrl.pageShift() - 12, SubmissionEntry.SIZE_LOG2, CompletionEntry.SIZE_LOG2);
                ctrl.mmioWrite32(ControllerRegisters.CC, cc);
                setState(InitState.ENABLE_WAIT_FOR_READY_1, Cap.timeoutMillis(ctrl.capabilities()));
            }
            case ENABLE_WAIT_FOR_READY_1 -> {
                int csts = fn.read32(ControllerRegisters.CSTS);
                if (csts == -1) {
                    return fail("CSTS reads all ones (device gone)");
                }
                if (Csts.CFS.get(csts) == 1) {
                    return fail("controller fatal status after CC.EN=1; " + Csts.describe(csts) + " "
                            + Cc.describe(fn.read32(ControllerRegisters.CC)));
                }
                if (Csts.RDY.get(csts) == 1) {
                    setState(InitState.IDENTIFY_CONTROLLER, 0);
                } else if (expired()) {
                    return fail("CSTS.RDY still 0 " + stateTimeoutMillis + " ms after CC.EN=1; "
                            + Cc.describe(fn.read32(ControllerRegisters.CC)) + " " + Csts.describe(csts));
                }
            }
            case IDENTIFY_CONTROLLER -> {
                if (scratch == null) {
                    scratch = fn.dma().allocate(4096, ctrl.pageSize());
                }
                pendingCommand = ctrl.admin().submit(AdminCommand.identify(IdentifyCns.CONTROLLER, 0), scratch);
                setState(InitState.WAIT_FOR_IDENTIFY_CONTROLLER, options.adminTimeout().toMillis());
            }
            case WAIT_FOR_IDENTIFY_CONTROLLER -> {
                AdminCompletion c = awaitCommand();
                if (c != null) {
                    ctrl.setIdentify(IdentifyControllerData.parse(scratch.segment()));
                    setState(InitState.SET_NUMBER_OF_QUEUES, 0);
                }
            }
            case SET_NUMBER_OF_QUEUES -> {
                pendingCommand = ctrl.admin().submit(AdminCommand.numberOfQueues(options.ioQueues()), null);
                setState(InitState.WAIT_FOR_SET_NUMBER_OF_QUEUES, options.adminTimeout().toMillis());
            }
            case WAIT_FOR_SET_NUMBER_OF_QUEUES -> {
                AdminCompletion c = awaitCommand();
                if (c != null) {
                    int sqs = (c.dw0() & 0xFFFF) + 1;
                    int cqs = (c.dw0() >>> 16) + 1;
                    ctrl.setIoQueuesGranted(Math.min(options.ioQueues(), Math.min(sqs, cqs)));
                    boolean dbbuf = options.shadowDoorbells() && ctrl.identify().supportsDoorbellBufferConfig();
                    if (!dbbuf) {
                        ctrl.shadowDoorbellPages().setEnabled(false);
                    }
                    setState(dbbuf ? InitState.DOORBELL_BUFFER_CONFIG : InitState.IDENTIFY_ACTIVE_NS, 0);
                }
            }
            case DOORBELL_BUFFER_CONFIG -> {
                ShadowDoorbellPages pages = ctrl.shadowDoorbellPages();
                pages.prepare(ctrl.pageSize());
                pendingCommand = ctrl.admin().submitRaw(AdminCommand.of(AdminOpcode.DOORBELL_BUFFER_CONFIG),
                        pages.shadowAddress(), pages.eventIdxAddress(), options.adminTimeout(), false);
                setState(InitState.WAIT_FOR_DOORBELL_BUFFER_CONFIG, options.adminTimeout().toMillis());
            }
            case WAIT_FOR_DOORBELL_BUFFER_CONFIG -> {
                ctrl.admin().poll();
                if (pendingCommand.isDone()) {
                    AdminCompletion c = pendingCommand.getNow(null);
                    // a controller that rejects it just runs without shadow doorbells
                    ctrl.shadowDoorbellPages().setEnabled(c.isSuccess());
                    if (!c.isSuccess()) {
                        LOG.log(System.Logger.Level.WARNING, "{0}: Doorbell Buffer Config failed ({1}); using MMIO doorbells",
                                fn.description(), DriverStatus.describe(c.status()));
                    }
                    setState(InitState.IDENTIFY_ACTIVE_NS, 0);
                } else if (expired()) {
                    return fail("Doorbell Buffer Config not completed in " + stateTimeoutMillis + " ms");
                }
            }
            case IDENTIFY_ACTIVE_NS -> {
                scratch.segment().fill((byte) 0);
                pendingCommand = ctrl.admin().submit(AdminCommand.identify(IdentifyCns.ACTIVE_NAMESPACE_LIST, 0), scratch);
                setState(InitState.WAIT_FOR_IDENTIFY_ACTIVE_NS, options.adminTimeout().toMillis());
            }
            case WAIT_FOR_IDENTIFY_ACTIVE_NS -> {
                AdminCompletion c = awaitCommand();
                if (c != null) {
                    activeNsids.clear();
                    MemorySegment list = scratch.segment();
                    for (int i = 0; i < IdentifyCns.NAMESPACE_LIST_ENTRIES; i++) {
                        int nsid = list.get(U32, 4L * i);
                        if (nsid == 0) {
                            break;
                        }
                        activeNsids.add(nsid);
                    }
                    nsIndex = 0;
                    namespaces.clear();
                    setState(activeNsids.isEmpty() ? InitState.READY : InitState.IDENTIFY_NS, 0);
                    if (state == InitState.READY) {
                        finish();
                    }
                }
            }
            case IDENTIFY_NS -> {
                scratch.segment().fill((byte) 0);
                pendingCommand = ctrl.admin().submit(AdminCommand.identify(IdentifyCns.NAMESPACE, activeNsids.get(nsIndex)), scratch);
                setState(InitState.WAIT_FOR_IDENTIFY_NS, options.adminTimeout().toMillis());
            }
            case WAIT_FOR_IDENTIFY_NS -> {
                AdminCompletion c = awaitCommand();
                if (c != null) {
                    int nsid = activeNsids.get(nsIndex);
                    NamespaceInfo ns = NamespaceInfo.parse(nsid, scratch.segment());
                    if (ns.size() > 0) {
                        namespaces.put(nsid, ns);
                    }
                    nsIndex++;
                    if (nsIndex < activeNsids.size()) {
                        setState(InitState.IDENTIFY_NS, 0);
                    } else {
                        setState(InitState.READY, 0);
                        finish();
                    }
                }
            }
            case READY, FAILED -> {
                // terminal
            }
        }
        return state;
    }

    /** Polls the admin queue; returns the completion when the pending command succeeded, null while waiting. */
    private AdminCompletion awaitCommand() {
        ctrl.admin().poll();
        if (!pendingCommand.isDone()) {
            if (expired()) {
                throw new NvmeException("admin command not completed in " + stateTimeoutMillis + " ms; "
                        + ctrl.describeStatusRegisters());
            }
            return null;
        }
        AdminCompletion c = pendingCommand.getNow(null);
        if (!c.isSuccess()) {
            String cmd = pendingCommand instanceof AdminQueue.AdminFuture af ? af.command.toString() : "admin command";
            throw new NvmeException(cmd + " failed: " + DriverStatus.describe(c.status()) + "; "
                    + ctrl.describeStatusRegisters(), c.status());
        }
        return c;
    }

    private void finish() {
        ctrl.setNamespaces(namespaces);
        freeScratch();
    }

    private void freeScratch() {
        if (scratch != null) {
            fn.dma().free(scratch);
            scratch = null;
        }
    }
}
