package io.nvmebridge.emulator;

import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.AsyncEvent;
import io.nvmebridge.spec.admin.LogPage;
import io.nvmebridge.spec.admin.NvmCommands;
import io.nvmebridge.spec.regs.ControllerRegisters;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

import static io.nvmebridge.emulator.EmulatedController.AER_INFO_INVALID_DOORBELL_REGISTER;
import static io.nvmebridge.emulator.EmulatedController.AER_INFO_INVALID_DOORBELL_VALUE;
import static io.nvmebridge.emulator.EmulatedController.LOG;
import static io.nvmebridge.emulator.EmulatedController.NO_COMPLETION;
import static io.nvmebridge.emulator.EmulatedController.U32;
import static io.nvmebridge.emulator.EmulatedController.U64;

/**
 * The path every command takes through the device: a doorbell write sets an SQ tail or a CQ head
 * ({@link #doorbellWrite}); commands are fetched from a submission queue while its CQ has room
 * ({@link #processSq}), checked against the fault plan and dispatched by opcode to {@link AdminHandler} or
 * {@link IoHandler} ({@link #execute}), and completed with the phase tag ({@link #post}). {@link #processAll}
 * also delivers delayed completions and queued async events, and reads shadow doorbells.
 *
 * <p>Separate from {@link RegisterFile} (touched a few times per controller lifetime) and from the THREADED
 * worker (which only decides when to call {@link #processAll}) because this is the hot path: one class to
 * read when measuring or changing the per-command cost. Its collaborators are final fields of its own, copied
 * from the controller, so each is one load away as it was when this code lived in the controller; only CSTS
 * ({@link RegisterFile#running()}) and the handlers' {@code result} are reached through one more final field.
 * Nothing here allocates per command unless a {@link TraceSink} is set.
 *
 * <p>Every method runs under the controller's lock, taken by the caller: {@link EmulatedController}'s doorbell
 * writes and {@code poll()}, or the worker's loop.
 */
final class QueueProcessor {
    private final EmulatedController ctrl;
    private final RegisterFile registers;
    private final SubmissionQueue[] sqs;
    private final CompletionQueue[] cqs;
    private final ShadowDoorbells shadow;
    private final DelayedCompletions delayed;
    private final AsyncEvents events;
    private final FaultInjector faults;
    private final PrpTransfer prp;
    private final ErrorLog errorLog;
    private final TraceSink trace;
    private final NanoClock clock;
    private final AdminHandler adminHandler;
    private final IoHandler nvm;
    private final int doorbellStride;
    /** INLINE mode: a doorbell write runs the commands it made possible (THREADED: the worker does). */
    private final boolean inline;
    /** A fault plan or a trace is set: commands take {@link #executeInstrumented}. */
    private final boolean instrumented;

    QueueProcessor(EmulatedController ctrl, RegisterFile registers, int doorbellStride) {
        this.ctrl = ctrl;
        this.registers = registers;
        this.sqs = ctrl.sqs;
        this.cqs = ctrl.cqs;
        this.shadow = ctrl.shadow;
        this.delayed = ctrl.delayed;
        this.events = ctrl.events;
        this.faults = ctrl.faults;
        this.prp = ctrl.prp;
        this.errorLog = ctrl.errorLog;
        this.trace = ctrl.trace;
        this.clock = ctrl.clock;
        this.adminHandler = new AdminHandler(ctrl);
        this.nvm = new IoHandler(ctrl);
        this.doorbellStride = doorbellStride;
        this.inline = ctrl.config.mode() != EmulatorMode.THREADED;
        this.instrumented = faults.active || trace != null;
    }

    // ---------------------------------------------------------------- doorbells

    /**
     * A write to the doorbell at {@code offset}: takes the new SQ tail or CQ head and, in INLINE mode, runs what
     * it made possible. Returns whether the write was accepted (the worker, if any, then has work to look at).
     * Caller holds the controller's lock.
     */
    boolean doorbellWrite(long offset, int written) {
        // SQT/CQH are bits 15:0; bits 31:16 are reserved (QEMU masks them too)
        int value = written & 0xFFFF;
        if (!registers.ready()) {
            ctrl.guestError("doorbell write 0x%x at 0x%x while controller not ready ignored", value, offset);
            return false;
        }
        long rel = offset - ControllerRegisters.DOORBELL_BASE;
        if (rel % doorbellStride != 0) {
            ctrl.guestError("misaligned doorbell write 0x%x at 0x%x ignored", value, offset);
            return false;
        }
        int index = (int) (rel / doorbellStride);
        int qid = index >>> 1;
        if ((index & 1) == 0) {
            SubmissionQueue sq = sqs[qid];
            if (sq == null) {
                invalidDoorbell(AER_INFO_INVALID_DOORBELL_REGISTER, "SQ %d tail doorbell (0x%x): no such queue", qid, value);
                return false;
            }
            if (Integer.compareUnsigned(value, sq.size) >= 0) {
                invalidDoorbell(AER_INFO_INVALID_DOORBELL_VALUE, "SQ %d tail 0x%x beyond queue size", qid, value);
                return false;
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
                return false;
            }
            if (!cq.acceptsHead(value)) {
                invalidDoorbell(AER_INFO_INVALID_DOORBELL_VALUE, "CQ %d head 0x%x beyond posted entries", qid, value);
                return false;
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
        return true;
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

    // ---------------------------------------------------------------- processing

    /**
     * Processes all work: delayed completions that are due, queued async events, then every submission queue
     * (reading shadow doorbells when configured). Returns true when anything happened. Caller holds the lock.
     */
    boolean processAll() {
        boolean progress = false;
        if (delayed.count() > 0) {
            progress |= delayed.deliver(ctrl, clock.nanoTime());
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
        if (instrumented) {
            executeInstrumented(sq, at);
            return;
        }
        // the plain path: no fault plan, no trace (kept under FreqInlineSize so processSq inlines it)
        MemorySegment m = sq.mem;
        long word0 = SubmissionEntry.word0(m, at); // opcode, flags, CID, NSID: one load
        int opcode = SubmissionEntry.opcodeOf(word0);
        int cid = SubmissionEntry.cidOf(word0);
        ctrl.result = 0;
        prp.clear();
        int status = sq.qid == 0 ? adminHandler.execute(sq, m, at, opcode) : nvm.execute(sq, m, at, word0);
        if (status == NO_COMPLETION) {
            return;
        }
        if (status != Status.SUCCESS) {
            recordError(sq, m, at, opcode, cid, status);
        }
        post(sq.cq, sq.qid, sq.head, cid, status, ctrl.result);
    }

    private void recordError(SubmissionQueue sq, MemorySegment m, long at, int opcode, int cid, int status) {
        long lba = sq.qid != 0 && IoHandler.hasLbaRange(opcode)
                ? NvmCommands.slba(SubmissionEntry.cdw(m, at, 10), SubmissionEntry.cdw(m, at, 11)) : 0;
        errorLog.record(sq.qid, cid, status, sq.cq.phase, lba, SubmissionEntry.nsid(m, at));
    }

    /** {@link #execute} with a fault plan or a trace: each command is checked against the plan and timed. */
    private void executeInstrumented(SubmissionQueue sq, long at) {
        MemorySegment m = sq.mem;
        int opcode = SubmissionEntry.opcode(m, at);
        int cid = SubmissionEntry.cid(m, at);
        boolean isAdmin = sq.qid == 0;
        long start = trace != null ? clock.nanoTime() : 0;
        ctrl.result = 0;
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
            status = isAdmin ? adminHandler.execute(sq, m, at, opcode)
                    : nvm.execute(sq, m, at, SubmissionEntry.word0(m, at));
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
            recordError(sq, m, at, opcode, cid, status);
        }
        if (fault != null && fault.action == FaultRule.Action.DELAY) {
            delayed.add(clock.nanoTime() + fault.delayNanos, sq.qid, sq.cq.qid, cid, status, ctrl.result);
            traceCommand(sq, at, status, start, "completion delayed " + fault.delayNanos + " ns by fault plan");
            return;
        }
        post(sq.cq, sq.qid, sq.head, cid, status, ctrl.result);
        if (trace != null) {
            traceCommand(sq, at, status, start, null);
        }
    }

    // ---------------------------------------------------------------- completion

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

    // ---------------------------------------------------------------- tracing

    private void traceCommand(SubmissionQueue sq, long at, int status, long start, String note) {
        if (trace != null) {
            trace.line(CommandTrace.line(sq, at, status, (clock.nanoTime() - start) / 1000.0, note));
        }
    }
}
