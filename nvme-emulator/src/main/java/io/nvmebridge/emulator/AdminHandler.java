package io.nvmebridge.emulator;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.IdentifyCns;
import io.nvmebridge.spec.admin.NvmCommands;
import io.nvmebridge.spec.admin.QueueCommands;

import java.lang.foreign.MemorySegment;

/**
 * Admin command dispatch: the opcode-indexed support table and a flat switch to one handler per opcode, each
 * returning a status (QEMU's statuses where the spec leaves a choice). Identify, queue creation and deletion,
 * Abort and Doorbell Buffer Config are here; Get/Set Features in {@link FeatureCommands}, Get Log Page in
 * {@link LogPageCommands}. Data for the host is built in a reused scratch page and copied out through the PRPs.
 */
final class AdminHandler {
    /** Opcode-indexed support table (also what the Commands Supported and Effects log reports). */
    private static final boolean[] SUPPORTED = new boolean[256];

    static {
        SUPPORTED[AdminOpcode.DELETE_IO_SQ] = true;
        SUPPORTED[AdminOpcode.CREATE_IO_SQ] = true;
        SUPPORTED[AdminOpcode.GET_LOG_PAGE] = true;
        SUPPORTED[AdminOpcode.DELETE_IO_CQ] = true;
        SUPPORTED[AdminOpcode.CREATE_IO_CQ] = true;
        SUPPORTED[AdminOpcode.IDENTIFY] = true;
        SUPPORTED[AdminOpcode.ABORT] = true;
        SUPPORTED[AdminOpcode.SET_FEATURES] = true;
        SUPPORTED[AdminOpcode.GET_FEATURES] = true;
        SUPPORTED[AdminOpcode.ASYNC_EVENT_REQUEST] = true;
        SUPPORTED[AdminOpcode.DOORBELL_BUFFER_CONFIG] = true;
    }

    private final EmulatedController ctrl;
    private final PrpTransfer prp;
    private final MemorySegment scratch = MemorySegment.ofArray(new byte[4096]);
    private final IdentifyData identify;
    private final FeatureCommands features;
    private final LogPageCommands logPages;

    AdminHandler(EmulatedController ctrl) {
        this.ctrl = ctrl;
        this.prp = ctrl.prp;
        this.identify = new IdentifyData(ctrl);
        this.features = new FeatureCommands(ctrl);
        this.logPages = new LogPageCommands(ctrl);
    }

    /** Whether the admin command set has {@code opcode}. */
    static boolean supported(int opcode) {
        return SUPPORTED[opcode & 0xFF];
    }

    int execute(SubmissionQueue sq, MemorySegment m, long at, int opcode) {
        if (!SUPPORTED[opcode]) {
            return Status.INVALID_OPCODE | Status.DNR;
        }
        int flags = SubmissionEntry.flags(m, at);
        // SGLs shall not be used for admin commands over PCIe; fused admin commands do not exist
        if ((flags & SubmissionEntry.FLAGS_PSDT_MASK) != 0) {
            return Status.INVALID_FIELD | Status.DNR;
        }
        if ((flags & SubmissionEntry.FLAGS_FUSE_MASK) != 0) {
            return Status.INVALID_FIELD;
        }
        return switch (opcode) {
            case AdminOpcode.IDENTIFY -> identify(m, at);
            case AdminOpcode.CREATE_IO_CQ -> createCq(m, at);
            case AdminOpcode.CREATE_IO_SQ -> createSq(m, at);
            case AdminOpcode.DELETE_IO_SQ -> deleteSq(m, at);
            case AdminOpcode.DELETE_IO_CQ -> deleteCq(m, at);
            case AdminOpcode.GET_LOG_PAGE -> logPages.get(m, at);
            case AdminOpcode.GET_FEATURES -> features.get(m, at);
            case AdminOpcode.SET_FEATURES -> features.set(m, at);
            case AdminOpcode.ABORT -> abort(m, at);
            case AdminOpcode.ASYNC_EVENT_REQUEST -> ctrl.events.request(SubmissionEntry.cid(m, at));
            case AdminOpcode.DOORBELL_BUFFER_CONFIG -> doorbellBufferConfig(m, at);
            default -> Status.INVALID_OPCODE | Status.DNR;
        };
    }

    /** An NSID a command may name: 1 to the largest the controller supports, or all namespaces (FFFFFFFFh). */
    static boolean validNsid(int nsid) {
        return nsid != 0 && (nsid == NvmCommands.NSID_ALL || Integer.compareUnsigned(nsid, NamespaceConfig.MAX_NSID) <= 0);
    }

    // ------------------------------------------------------------------ Identify

    private int identify(MemorySegment m, long at) {
        int cns = SubmissionEntry.cdw(m, at, 10) & 0xFF;
        int nsid = SubmissionEntry.nsid(m, at);
        scratch.fill((byte) 0);
        switch (cns) {
            case IdentifyCns.NAMESPACE -> {
                if (!validNsid(nsid) || nsid == NvmCommands.NSID_ALL) {
                    return Status.INVALID_NAMESPACE | Status.DNR;
                }
                Namespace ns = ctrl.namespaces[nsid];
                if (ns != null) {
                    identify.namespace(scratch, ns);
                } // an inactive namespace reads as zeroes
            }
            case IdentifyCns.CONTROLLER -> identify.controller(scratch);
            case IdentifyCns.ACTIVE_NAMESPACE_LIST -> {
                if (Integer.compareUnsigned(nsid, NvmCommands.NSID_ALL - 1) >= 0) {
                    return Status.INVALID_NAMESPACE | Status.DNR;
                }
                identify.activeNamespaces(scratch, nsid);
            }
            case IdentifyCns.NAMESPACE_DESCRIPTOR_LIST -> {
                if (!validNsid(nsid) || nsid == NvmCommands.NSID_ALL) {
                    return Status.INVALID_NAMESPACE | Status.DNR;
                }
                Namespace ns = ctrl.namespaces[nsid];
                if (ns == null) {
                    return Status.INVALID_FIELD | Status.DNR;
                }
                identify.descriptors(scratch, ns);
            }
            default -> {
                return Status.INVALID_FIELD | Status.DNR;
            }
        }
        return prp.copyToHost(m, at, scratch, 0, 4096, ctrl.pageSize);
    }

    // ------------------------------------------------------------------ queues

    private int createCq(MemorySegment m, long at) {
        int cdw10 = SubmissionEntry.cdw(m, at, 10);
        int cdw11 = SubmissionEntry.cdw(m, at, 11);
        int qid = QueueCommands.qid(cdw10);
        int qsize = cdw10 >>> 16; // zero-based
        long base = SubmissionEntry.prp1(m, at);
        int vector = QueueCommands.vector(cdw11);
        if (qid == 0 || qid >= ctrl.cqs.length || ctrl.cqs[qid] != null) {
            return Status.INVALID_QUEUE_IDENTIFIER | Status.DNR;
        }
        if (qsize == 0 || qsize > ctrl.config.mqes()) {
            return Status.INVALID_QUEUE_SIZE | Status.DNR;
        }
        if ((base & (ctrl.pageSize - 1)) != 0) {
            return Status.PRP_INVALID_OFFSET | Status.DNR;
        }
        if (vector >= ctrl.cqs.length || (vector != 0 && !ctrl.hasInterruptHandler())) {
            // without a registered handler (the emulator's MSI-X enable) only vector 0 exists, as in QEMU
            return Status.INVALID_INTERRUPT_VECTOR | Status.DNR;
        }
        if ((cdw11 & QueueCommands.CDW11_PC) == 0) {
            return Status.INVALID_FIELD | Status.DNR; // CAP.CQR = 1: queues must be physically contiguous
        }
        int entries = qsize + 1;
        MemorySegment mem = ctrl.dma.slice(base, (long) entries * io.nvmebridge.spec.CompletionEntry.SIZE);
        if (mem == null) {
            return Status.DATA_TRANSFER_ERROR | Status.DNR;
        }
        ctrl.cqs[qid] = new CompletionQueue(qid, entries, base, mem, (cdw11 & QueueCommands.CDW11_IEN) != 0, vector);
        ctrl.ioQueuesCreated = true;
        ctrl.shadowQueueCreated(qid, true);
        return Status.SUCCESS;
    }

    private int createSq(MemorySegment m, long at) {
        int cdw10 = SubmissionEntry.cdw(m, at, 10);
        int cdw11 = SubmissionEntry.cdw(m, at, 11);
        int qid = QueueCommands.qid(cdw10);
        int qsize = cdw10 >>> 16;
        int cqid = QueueCommands.cqid(cdw11);
        long base = SubmissionEntry.prp1(m, at);
        if (cqid == 0 || cqid >= ctrl.cqs.length || ctrl.cqs[cqid] == null) {
            return Status.COMPLETION_QUEUE_INVALID | Status.DNR;
        }
        if (qid == 0 || qid >= ctrl.sqs.length || ctrl.sqs[qid] != null) {
            return Status.INVALID_QUEUE_IDENTIFIER | Status.DNR;
        }
        if (qsize == 0 || qsize > ctrl.config.mqes()) {
            return Status.INVALID_QUEUE_SIZE | Status.DNR;
        }
        if ((base & (ctrl.pageSize - 1)) != 0) {
            return Status.PRP_INVALID_OFFSET | Status.DNR;
        }
        if ((cdw11 & QueueCommands.CDW11_PC) == 0) {
            return Status.INVALID_FIELD | Status.DNR;
        }
        int entries = qsize + 1;
        MemorySegment mem = ctrl.dma.slice(base, (long) entries * SubmissionEntry.SIZE);
        if (mem == null) {
            return Status.DATA_TRANSFER_ERROR | Status.DNR;
        }
        CompletionQueue cq = ctrl.cqs[cqid];
        ctrl.sqs[qid] = new SubmissionQueue(qid, entries, base, mem, cq);
        cq.submissionQueues++;
        ctrl.ioQueuesCreated = true;
        ctrl.shadowQueueCreated(qid, false);
        return Status.SUCCESS;
    }

    private int deleteSq(MemorySegment m, long at) {
        int qid = QueueCommands.qid(SubmissionEntry.cdw(m, at, 10));
        if (qid == 0 || qid >= ctrl.sqs.length || ctrl.sqs[qid] == null) {
            return Status.INVALID_QUEUE_IDENTIFIER | Status.DNR;
        }
        SubmissionQueue sq = ctrl.sqs[qid];
        // commands still held (delayed faults) complete as aborted, as QEMU's nvme_del_sq does
        ctrl.delayed.abortQueue(ctrl, sq);
        ctrl.sqs[qid] = null;
        sq.cq.submissionQueues--;
        return Status.SUCCESS;
    }

    private int deleteCq(MemorySegment m, long at) {
        int qid = QueueCommands.qid(SubmissionEntry.cdw(m, at, 10));
        if (qid == 0 || qid >= ctrl.cqs.length || ctrl.cqs[qid] == null) {
            return Status.COMPLETION_QUEUE_INVALID | Status.DNR;
        }
        if (ctrl.cqs[qid].submissionQueues > 0) {
            return Status.INVALID_QUEUE_DELETION; // QEMU: no DNR, the host may delete the SQs and retry
        }
        ctrl.cqs[qid] = null;
        return Status.SUCCESS;
    }

    // ------------------------------------------------------------------ logs

    // ------------------------------------------------------------------ misc

    private int abort(MemorySegment m, long at) {
        ctrl.result = 1; // as QEMU: "command not aborted", also when the SQID is invalid
        int sqid = QueueCommands.qid(SubmissionEntry.cdw(m, at, 10));
        if (sqid >= ctrl.sqs.length || ctrl.sqs[sqid] == null) {
            return Status.INVALID_FIELD | Status.DNR; // no such submission queue (as QEMU)
        }
        return Status.SUCCESS;
    }

    private int doorbellBufferConfig(MemorySegment m, long at) {
        long dbs = SubmissionEntry.prp1(m, at);
        long eis = SubmissionEntry.prp2(m, at);
        if ((dbs & (ctrl.pageSize - 1)) != 0 || (eis & (ctrl.pageSize - 1)) != 0) {
            return Status.INVALID_FIELD | Status.DNR;
        }
        return ctrl.configureShadowDoorbells(dbs, eis);
    }
}
