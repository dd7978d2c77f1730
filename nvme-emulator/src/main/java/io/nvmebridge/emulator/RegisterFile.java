package io.nvmebridge.emulator;

import io.nvmebridge.spec.CompletionEntry;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.regs.Aqa;
import io.nvmebridge.spec.regs.Cap;
import io.nvmebridge.spec.regs.Cc;
import io.nvmebridge.spec.regs.ControllerRegisters;
import io.nvmebridge.spec.regs.Csts;
import io.nvmebridge.spec.regs.Vs;

import java.lang.foreign.MemorySegment;

/**
 * BAR0's controller registers (CAP through ACQ, below the doorbells) and what writing them does: CC.EN 0→1
 * starts the controller (validates CC, AQA, ASQ and ACQ and creates the admin queues), CC.EN 1→0 resets it,
 * CC.SHN 0→non-zero shuts it down. CSTS is the state every other part asks: {@link #ready()} gates doorbell
 * writes, {@link #running()} gates command fetch.
 *
 * <p>Separate from {@link QueueProcessor} because this is the slow, host-initialised side of the device: it runs
 * a handful of times per controller lifetime, while queue processing runs per command. The doorbell registers
 * belong to {@link QueueProcessor}; {@link EmulatedController} routes each BAR0 access to one or the other.
 *
 * <p>Touched only under the controller's lock.
 */
final class RegisterFile {
    private final EmulatedController ctrl;
    private final long bar0Size;
    private final long cap;
    private int intms;
    private int cc;
    private int csts;
    private int aqa;
    private long asq;
    private long acq;

    RegisterFile(EmulatedController ctrl, long bar0Size) {
        this.ctrl = ctrl;
        this.bar0Size = bar0Size;
        EmulatorConfig config = ctrl.config;
        this.cap = Cap.MQES.of(config.mqes())
                | Cap.CQR.of(1)
                | Cap.TO.of(config.capTimeout())
                | Cap.DSTRD.of(config.dstrd())
                | Cap.CSS.of(Cap.CSS_NVM)
                | Cap.MPSMIN.of(0)
                | Cap.MPSMAX.of(4);
    }

    long cap() {
        return cap;
    }

    int csts() {
        return csts;
    }

    /** CSTS.RDY: the controller accepts doorbell writes. */
    boolean ready() {
        return Csts.RDY.get(csts) != 0;
    }

    /** True while commands may be fetched: enabled, ready, not failed, not shut down. */
    boolean running() {
        return Csts.RDY.get(csts) != 0 && Csts.CFS.get(csts) == 0;
    }

    /** Controller Fatal Status (a FATAL fault): no further command is fetched until a reset. */
    void setFatal() {
        csts |= (int) Csts.CFS.of(1);
    }

    // ---------------------------------------------------------------- reads

    long read64(long offset) {
        if (offset < 0 || offset >= bar0Size) {
            return (read32(offset) & 0xFFFFFFFFL) | ((long) read32(offset + 4) << 32);
        }
        return switch ((int) offset) {
            case ControllerRegisters.CAP -> cap;
            case ControllerRegisters.ASQ -> asq;
            case ControllerRegisters.ACQ -> acq;
            default -> (read32(offset) & 0xFFFFFFFFL) | ((long) read32(offset + 4) << 32);
        };
    }

    int read32(long offset) {
        if (offset < 0 || offset >= bar0Size || (offset & 3) != 0) {
            EmulatedController.LOG.log(System.Logger.Level.DEBUG, () -> "read of invalid BAR0 offset 0x" + Long.toHexString(offset));
            return 0;
        }
        return switch ((int) offset) {
            case ControllerRegisters.CAP -> (int) cap;
            case ControllerRegisters.CAP + 4 -> (int) (cap >>> 32);
            case ControllerRegisters.VS -> Vs.V1_4;
            case ControllerRegisters.INTMS, ControllerRegisters.INTMC -> intms;
            case ControllerRegisters.CC -> cc;
            case ControllerRegisters.CSTS -> csts;
            case ControllerRegisters.AQA -> aqa;
            case ControllerRegisters.ASQ -> (int) asq;
            case ControllerRegisters.ASQ + 4 -> (int) (asq >>> 32);
            case ControllerRegisters.ACQ -> (int) acq;
            case ControllerRegisters.ACQ + 4 -> (int) (acq >>> 32);
            // NSSR reads as 0; CMBLOC/CMBSZ 0 = no controller memory buffer; doorbells are write-only
            default -> 0;
        };
    }

    // ---------------------------------------------------------------- writes

    /** A 64-bit write of ASQ or ACQ (the only 64-bit registers the host writes as one). */
    void writeAdminQueueBase(long offset, long value) {
        if (offset == ControllerRegisters.ASQ) {
            asq = value;
        } else {
            acq = value;
        }
    }

    void write32(long offset, int value) {
        if (offset < 0 || offset >= bar0Size || (offset & 3) != 0) {
            ctrl.guestError("write of 0x%08x to invalid BAR0 offset 0x%x ignored", value, offset);
            return;
        }
        switch ((int) offset) {
            case ControllerRegisters.INTMS -> intms |= value;
            case ControllerRegisters.INTMC -> intms &= ~value;
            case ControllerRegisters.CC -> writeCc(value);
            case ControllerRegisters.CSTS -> {
                // only NSSRO is RW1C, and this controller never sets it (CAP.NSSRS = 0)
                if ((value & ~(int) Csts.NSSRO.of(1)) != 0) {
                    ctrl.guestError("write of 0x%08x to read-only CSTS ignored", value, offset);
                }
            }
            case ControllerRegisters.NSSR -> ctrl.guestError("NVM subsystem reset (0x%08x) not supported, ignored", value, offset);
            case ControllerRegisters.AQA -> aqa = value;
            case ControllerRegisters.ASQ -> asq = (asq & 0xFFFFFFFF00000000L) | (value & 0xFFFFFFFFL);
            case ControllerRegisters.ASQ + 4 -> asq = (asq & 0xFFFFFFFFL) | ((long) value << 32);
            case ControllerRegisters.ACQ -> acq = (acq & 0xFFFFFFFF00000000L) | (value & 0xFFFFFFFFL);
            case ControllerRegisters.ACQ + 4 -> acq = (acq & 0xFFFFFFFFL) | ((long) value << 32);
            default -> ctrl.guestError("write of 0x%08x to read-only or reserved register at 0x%x ignored", value, offset);
        }
    }

    // ---------------------------------------------------------------- CC.EN and CC.SHN edges

    private void writeCc(int value) {
        int old = cc;
        cc = value;
        boolean wasEnabled = Cc.EN.get(old) != 0;
        boolean enable = Cc.EN.get(value) != 0;
        if (enable && !wasEnabled) {
            String failure = start();
            if (failure == null) {
                csts = (int) Csts.RDY.of(1);
                ctrl.traceEvent("controller enabled: " + Cc.describe(value));
            } else {
                // as QEMU's nvme_write_bar: a failed start reports Controller Fatal Status, RDY stays 0
                csts = (int) Csts.CFS.of(1);
                ctrl.guestError("controller enable failed (%s), %s", failure, Csts.describe(csts));
            }
        } else if (!enable && wasEnabled) {
            reset();
            csts &= ~(int) Csts.RDY.of(1);
            ctrl.traceEvent("controller reset (CC.EN 1->0)");
        }
        int shn = Cc.SHN.getInt(value);
        int oldShn = Cc.SHN.getInt(old);
        if (shn != Cc.SHN_NONE && oldShn == Cc.SHN_NONE) {
            shutdown();
            csts = (int) Csts.SHST.set(csts & 0xFFFFFFFFL, Csts.SHST_COMPLETE);
            ctrl.traceEvent("shutdown complete (CC.SHN=" + shn + ")");
        } else if (shn == Cc.SHN_NONE && oldShn != Cc.SHN_NONE) {
            csts = (int) Csts.SHST.set(csts & 0xFFFFFFFFL, Csts.SHST_NORMAL);
        }
    }

    /** CC.EN 0→1: validates the configuration and creates the admin queues; returns why it failed, or null. */
    private String start() {
        int mps = Cc.MPS.getInt(cc);
        if (mps < Cap.MPSMIN.getInt(cap) || mps > Cap.MPSMAX.getInt(cap)) {
            return "CC.MPS " + mps + " outside CAP.MPSMIN..MPSMAX";
        }
        int ps = 1 << (12 + mps);
        if (Cc.CSS.getInt(cc) != Cc.CSS_NVM) {
            return "CC.CSS " + Cc.CSS.getInt(cc) + " not supported";
        }
        if (Cc.IOSQES.getInt(cc) != SubmissionEntry.SIZE_LOG2) {
            return "CC.IOSQES " + Cc.IOSQES.getInt(cc) + " (only 6 supported)";
        }
        if (Cc.IOCQES.getInt(cc) != CompletionEntry.SIZE_LOG2) {
            return "CC.IOCQES " + Cc.IOCQES.getInt(cc) + " (only 4 supported)";
        }
        if (asq == 0 || (asq & (ps - 1)) != 0) {
            return "ASQ 0x" + Long.toHexString(asq) + " zero or not page aligned";
        }
        if (acq == 0 || (acq & (ps - 1)) != 0) {
            return "ACQ 0x" + Long.toHexString(acq) + " zero or not page aligned";
        }
        int asqs = Aqa.ASQS.getInt(aqa);
        int acqs = Aqa.ACQS.getInt(aqa);
        if (asqs == 0 || acqs == 0) {
            return "AQA 0x" + Integer.toHexString(aqa) + ": admin queues need at least 2 entries";
        }
        MemorySegment cqMem = ctrl.dma.slice(acq, (long) (acqs + 1) * CompletionEntry.SIZE);
        MemorySegment sqMem = ctrl.dma.slice(asq, (long) (asqs + 1) * SubmissionEntry.SIZE);
        if (cqMem == null || sqMem == null) {
            return "admin queue memory not mapped (ASQ 0x" + Long.toHexString(asq) + ", ACQ 0x" + Long.toHexString(acq) + ")";
        }
        ctrl.pageSize = ps;
        int mdts = ctrl.config.mdts();
        ctrl.mdtsBytes = mdts == 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, (long) ps << mdts);
        ctrl.features.setTimestamp(0, ctrl.clock.nanoTime()); // as QEMU's nvme_start_ctrl
        CompletionQueue cq = new CompletionQueue(0, acqs + 1, acq, cqMem, true, 0);
        ctrl.cqs[0] = cq;
        ctrl.sqs[0] = new SubmissionQueue(0, asqs + 1, asq, sqMem, cq);
        cq.submissionQueues = 1;
        return null;
    }

    /** Controller reset: queues deleted, outstanding work and events dropped, features back to defaults. */
    private void reset() {
        SubmissionQueue[] sqs = ctrl.sqs;
        CompletionQueue[] cqs = ctrl.cqs;
        for (int i = 0; i < sqs.length; i++) {
            sqs[i] = null;
            cqs[i] = null;
        }
        ctrl.delayed.clear();
        ctrl.events.reset();
        ctrl.features.reset();
        ctrl.ioQueuesCreated = false;
        ctrl.shadow.disable();
    }

    private void shutdown() {
        for (Namespace ns : ctrl.namespaces) {
            if (ns != null) {
                ns.flush();
            }
        }
    }

    /** The controller is closed: a reset, and CSTS = 0 so late doorbell writes from a racing host are ignored. */
    void powerOff() {
        reset();
        csts = 0;
    }
}
