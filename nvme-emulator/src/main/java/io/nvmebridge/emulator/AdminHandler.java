package io.nvmebridge.emulator;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.AsyncEvent;
import io.nvmebridge.spec.admin.FeatureId;
import io.nvmebridge.spec.admin.FirmwareSlotLog;
import io.nvmebridge.spec.admin.IdentifyCns;
import io.nvmebridge.spec.admin.LogPage;
import io.nvmebridge.spec.admin.NvmCommands;
import io.nvmebridge.spec.admin.QueueCommands;
import io.nvmebridge.spec.admin.SmartHealthLog;

import java.lang.foreign.MemorySegment;

/**
 * Admin command handlers: one method per opcode, each returning a status (QEMU's statuses where the spec
 * leaves a choice). Data for the host is built in a reused scratch page and copied out through the PRPs.
 */
final class AdminHandler {
    /** Opcode-indexed support table. */
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

    /** Get Features SEL 011b answer bits: saveable, namespace specific, changeable. */
    static final int FEATURE_CAP_CHANGEABLE = 1 << 2;
    /** Get Features SEL 3 bit 1: the feature is namespace specific. */
    static final int FEATURE_CAP_NAMESPACE_SPECIFIC = 1 << 1;
    /** Error Recovery CDW11 bit 16: Deallocated or Unwritten Logical Block Error Enable. */
    static final int ERROR_RECOVERY_DULBE = 1 << 16;

    private final EmulatedController ctrl;
    private final PrpTransfer prp;
    private final MemorySegment scratch = MemorySegment.ofArray(new byte[4096]);
    private final IdentifyData identify;

    AdminHandler(EmulatedController ctrl) {
        this.ctrl = ctrl;
        this.prp = ctrl.prp;
        this.identify = new IdentifyData(ctrl);
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
            case AdminOpcode.GET_LOG_PAGE -> getLogPage(m, at);
            case AdminOpcode.GET_FEATURES -> getFeatures(m, at);
            case AdminOpcode.SET_FEATURES -> setFeatures(m, at);
            case AdminOpcode.ABORT -> abort(m, at);
            case AdminOpcode.ASYNC_EVENT_REQUEST -> ctrl.events.request(SubmissionEntry.cid(m, at));
            case AdminOpcode.DOORBELL_BUFFER_CONFIG -> doorbellBufferConfig(m, at);
            default -> Status.INVALID_OPCODE | Status.DNR;
        };
    }

    /** Copies {@code length} bytes of the scratch page from {@code offset} to the host buffer. */
    private int toHost(MemorySegment m, long at, long offset, long length) {
        int st = prp.map(SubmissionEntry.prp1(m, at), SubmissionEntry.prp2(m, at), length, ctrl.pageSize);
        if (st != Status.SUCCESS) {
            return st;
        }
        prp.toHost(scratch, offset);
        return Status.SUCCESS;
    }

    private static boolean validNsid(int nsid) {
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
        return toHost(m, at, 0, 4096);
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

    private int getLogPage(MemorySegment m, long at) {
        int cdw10 = SubmissionEntry.cdw(m, at, 10);
        int lid = cdw10 & 0xFF;
        boolean rae = (cdw10 & (1 << 15)) != 0;
        long length = LogPage.length(cdw10, SubmissionEntry.cdw(m, at, 11));
        long offset = LogPage.offset(SubmissionEntry.cdw(m, at, 12), SubmissionEntry.cdw(m, at, 13));
        if ((offset & 3) != 0) {
            return Status.INVALID_FIELD | Status.DNR;
        }
        if (length > ctrl.mdtsBytesLimit()) {
            return Status.INVALID_FIELD | Status.DNR;
        }
        int size;
        scratch.fill((byte) 0);
        switch (lid) {
            case LogPage.ERROR_INFORMATION -> {
                size = ErrorLog.ENTRIES * io.nvmebridge.spec.admin.ErrorInformationEntry.SIZE;
                ctrl.errorLog.render(scratch);
            }
            case LogPage.SMART_HEALTH -> {
                size = SmartHealthLog.SIZE;
                int st = smart(SubmissionEntry.nsid(m, at));
                if (st != Status.SUCCESS) {
                    return st;
                }
            }
            case LogPage.FIRMWARE_SLOT -> {
                size = FirmwareSlotLog.SIZE;
                scratch.set(java.lang.foreign.ValueLayout.JAVA_BYTE, FirmwareSlotLog.AFI, (byte) 1);
                io.nvmebridge.spec.admin.Ascii.put(scratch, FirmwareSlotLog.frs(1), FirmwareSlotLog.FRS_LENGTH,
                        ctrl.config.firmwareRevision());
            }
            case LogPage.COMMANDS_SUPPORTED_AND_EFFECTS -> {
                size = COMMAND_EFFECTS_SIZE;
                commandEffects();
            }
            default -> {
                return Status.INVALID_FIELD | Status.DNR; // QEMU answers unknown log pages so, not INVALID_LOG_PAGE
            }
        }
        if (Long.compareUnsigned(offset, size) >= 0) { // unsigned: LPOU's top bit must not make it negative
            return Status.INVALID_FIELD | Status.DNR;
        }
        long transfer = Math.min(size - offset, length);
        int st = toHost(m, at, offset, transfer);
        if (st != Status.SUCCESS) {
            return st;
        }
        if (!rae) {
            if (lid == LogPage.ERROR_INFORMATION) {
                ctrl.events.clear(AsyncEvent.TYPE_ERROR);
            } else if (lid == LogPage.SMART_HEALTH) {
                ctrl.events.clear(AsyncEvent.TYPE_SMART);
            }
        }
        return Status.SUCCESS;
    }

    /** Commands Supported and Effects log (page 05h): ACS[256] u32 at 0, IOCS[256] u32 at 1024. */
    static final int COMMAND_EFFECTS_SIZE = 4096;
    private static final int EFFECT_CSUPP = 1;
    private static final int EFFECT_LBCC = 1 << 1;

    private void commandEffects() {
        for (int opc = 0; opc < 256; opc++) {
            if (SUPPORTED[opc]) {
                scratch.set(EmulatedController.U32, 4L * opc, EFFECT_CSUPP);
            }
            if (IoHandler.supported(opc)) {
                boolean changesData = opc == io.nvmebridge.spec.NvmOpcode.WRITE || opc == io.nvmebridge.spec.NvmOpcode.WRITE_ZEROES
                        || opc == io.nvmebridge.spec.NvmOpcode.DATASET_MANAGEMENT || opc == io.nvmebridge.spec.NvmOpcode.FLUSH;
                scratch.set(EmulatedController.U32, 1024 + 4L * opc, EFFECT_CSUPP | (changesData ? EFFECT_LBCC : 0));
            }
        }
    }

    private int smart(int nsid) {
        long sectorsRead = 0;
        long sectorsWritten = 0;
        long reads = 0;
        long writes = 0;
        if (nsid == NvmCommands.NSID_ALL) {
            for (Namespace ns : ctrl.namespaces) {
                if (ns != null) {
                    sectorsRead += ns.sectorsRead;
                    sectorsWritten += ns.sectorsWritten;
                    reads += ns.readCommands;
                    writes += ns.writeCommands;
                }
            }
        } else {
            Namespace ns = nsid != 0 && Integer.compareUnsigned(nsid, NamespaceConfig.MAX_NSID) <= 0 ? ctrl.namespaces[nsid] : null;
            if (ns == null) {
                return Status.INVALID_NAMESPACE | Status.DNR;
            }
            sectorsRead = ns.sectorsRead;
            sectorsWritten = ns.sectorsWritten;
            reads = ns.readCommands;
            writes = ns.writeCommands;
        }
        int warning = 0;
        Features f = ctrl.features;
        if (EmulatedController.TEMPERATURE >= f.temperatureOver || EmulatedController.TEMPERATURE <= f.temperatureUnder) {
            warning |= SmartHealthLog.WARNING_TEMPERATURE;
        }
        scratch.set(java.lang.foreign.ValueLayout.JAVA_BYTE, SmartHealthLog.CRITICAL_WARNING, (byte) warning);
        scratch.set(EmulatedController.U16, SmartHealthLog.COMPOSITE_TEMPERATURE, (short) EmulatedController.TEMPERATURE);
        scratch.set(java.lang.foreign.ValueLayout.JAVA_BYTE, SmartHealthLog.AVAILABLE_SPARE, (byte) 100);
        scratch.set(java.lang.foreign.ValueLayout.JAVA_BYTE, SmartHealthLog.AVAILABLE_SPARE_THRESHOLD, (byte) 10);
        scratch.set(EmulatedController.U64, SmartHealthLog.DATA_UNITS_READ, SmartHealthLog.dataUnits(sectorsRead));
        scratch.set(EmulatedController.U64, SmartHealthLog.DATA_UNITS_WRITTEN, SmartHealthLog.dataUnits(sectorsWritten));
        scratch.set(EmulatedController.U64, SmartHealthLog.HOST_READ_COMMANDS, reads);
        scratch.set(EmulatedController.U64, SmartHealthLog.HOST_WRITE_COMMANDS, writes);
        scratch.set(EmulatedController.U64, SmartHealthLog.POWER_CYCLES, 1);
        scratch.set(EmulatedController.U64, SmartHealthLog.ERROR_LOG_ENTRIES, ctrl.errorLog.errors());
        scratch.set(EmulatedController.U16, SmartHealthLog.TEMPERATURE_SENSOR1, (short) EmulatedController.TEMPERATURE);
        return Status.SUCCESS;
    }

    // ------------------------------------------------------------------ features

    private static boolean featureSupported(int fid) {
        return switch (fid) {
            case FeatureId.ARBITRATION, FeatureId.POWER_MANAGEMENT, FeatureId.TEMPERATURE_THRESHOLD,
                 FeatureId.ERROR_RECOVERY, FeatureId.VOLATILE_WRITE_CACHE, FeatureId.NUMBER_OF_QUEUES, FeatureId.INTERRUPT_COALESCING,
                 FeatureId.INTERRUPT_VECTOR_CONFIGURATION, FeatureId.WRITE_ATOMICITY_NORMAL,
                 FeatureId.ASYNC_EVENT_CONFIGURATION, FeatureId.TIMESTAMP -> true;
            default -> false;
        };
    }

    private static boolean featureChangeable(int fid) {
        return switch (fid) {
            case FeatureId.ARBITRATION, FeatureId.TEMPERATURE_THRESHOLD, FeatureId.ERROR_RECOVERY,
                 FeatureId.VOLATILE_WRITE_CACHE,
                 FeatureId.NUMBER_OF_QUEUES, FeatureId.INTERRUPT_COALESCING, FeatureId.WRITE_ATOMICITY_NORMAL,
                 FeatureId.ASYNC_EVENT_CONFIGURATION, FeatureId.TIMESTAMP -> true;
            default -> false;
        };
    }

    private int numberOfQueues() {
        int n = ctrl.config.maxIoQueuePairs();
        return FeatureId.numberOfQueues(n, n);
    }

    private int getFeatures(MemorySegment m, long at) {
        int cdw10 = SubmissionEntry.cdw(m, at, 10);
        int dw11 = SubmissionEntry.cdw(m, at, 11);
        int fid = FeatureId.fid(cdw10);
        int sel = FeatureId.select(cdw10);
        int nsid = SubmissionEntry.nsid(m, at);
        if (!featureSupported(fid) || sel > FeatureId.SEL_SUPPORTED_CAPABILITIES) {
            return Status.INVALID_FIELD | Status.DNR;
        }
        if (fid == FeatureId.ERROR_RECOVERY) {
            int st = featureNamespace(nsid);
            if (st != Status.SUCCESS) {
                return st;
            }
        }
        if (sel == FeatureId.SEL_SUPPORTED_CAPABILITIES) {
            ctrl.result = (featureChangeable(fid) ? FEATURE_CAP_CHANGEABLE : 0)
                    | (fid == FeatureId.ERROR_RECOVERY ? FEATURE_CAP_NAMESPACE_SPECIFIC : 0);
            return Status.SUCCESS;
        }
        // nothing is saveable, so SEL saved reports the defaults (as QEMU)
        boolean current = sel == FeatureId.SEL_CURRENT;
        Features f = ctrl.features;
        switch (fid) {
            case FeatureId.ARBITRATION -> ctrl.result = current ? f.arbitration : Features.ARBITRATION_DEFAULT;
            case FeatureId.POWER_MANAGEMENT -> ctrl.result = 0;
            case FeatureId.ERROR_RECOVERY -> ctrl.result = current ? f.errorRecovery[nsid] : 0;
            case FeatureId.TEMPERATURE_THRESHOLD -> {
                int tmpsel = (dw11 >>> 16) & 0xF;
                int thsel = (dw11 >>> 20) & 0x3;
                if (tmpsel != 0) {
                    ctrl.result = 0; // only the composite temperature has thresholds
                    return Status.SUCCESS;
                }
                if (thsel == 0) {
                    ctrl.result = current ? f.temperatureOver : EmulatedController.TEMPERATURE_WARNING;
                } else if (thsel == 1) {
                    ctrl.result = current ? f.temperatureUnder : 0;
                } else {
                    return Status.INVALID_FIELD | Status.DNR;
                }
            }
            case FeatureId.VOLATILE_WRITE_CACHE -> ctrl.result = current ? f.volatileWriteCache : Features.VWC_DEFAULT;
            case FeatureId.NUMBER_OF_QUEUES -> ctrl.result = numberOfQueues();
            case FeatureId.INTERRUPT_COALESCING -> ctrl.result = current ? f.interruptCoalescing : 0;
            case FeatureId.INTERRUPT_VECTOR_CONFIGURATION -> {
                int iv = dw11 & 0xFFFF;
                if (iv >= ctrl.cqs.length) {
                    return Status.INVALID_FIELD | Status.DNR;
                }
                ctrl.result = iv | (iv == 0 ? 1 << 16 : 0); // the admin vector is never coalesced
            }
            case FeatureId.WRITE_ATOMICITY_NORMAL -> ctrl.result = current ? f.writeAtomicity : 0;
            case FeatureId.ASYNC_EVENT_CONFIGURATION -> ctrl.result = current ? f.asyncEventConfig : 0;
            case FeatureId.TIMESTAMP -> {
                // 8 bytes of data: timestamp in ms (bits 47:0), synch bit 48, origin bits 51:49 (1 = set by host)
                scratch.set(EmulatedController.U64, 0, f.timestamp(ctrl.clock.nanoTime()));
                return toHost(m, at, 0, 8);
            }
            default -> {
                return Status.INVALID_FIELD | Status.DNR;
            }
        }
        return Status.SUCCESS;
    }

    private int setFeatures(MemorySegment m, long at) {
        int cdw10 = SubmissionEntry.cdw(m, at, 10);
        int dw11 = SubmissionEntry.cdw(m, at, 11);
        int fid = FeatureId.fid(cdw10);
        boolean save = (cdw10 & (1 << 31)) != 0;
        int nsid = SubmissionEntry.nsid(m, at);
        if (!featureSupported(fid)) {
            return Status.INVALID_FIELD | Status.DNR;
        }
        if (fid == FeatureId.ERROR_RECOVERY) {
            return setErrorRecovery(nsid, dw11, save);
        }
        if (nsid != 0 && nsid != NvmCommands.NSID_ALL) {
            // Error Recovery (above) is the only namespace-specific feature
            return validNsid(nsid) ? Status.FEATURE_NOT_PER_NAMESPACE | Status.DNR : Status.INVALID_NAMESPACE | Status.DNR;
        }
        if (!featureChangeable(fid)) {
            return Status.FEATURE_NOT_CHANGEABLE | Status.DNR;
        }
        if (save) {
            return Status.FEATURE_NOT_SAVEABLE | Status.DNR;
        }
        Features f = ctrl.features;
        switch (fid) {
            case FeatureId.ARBITRATION -> f.arbitration = dw11;
            case FeatureId.TEMPERATURE_THRESHOLD -> {
                int tmpsel = (dw11 >>> 16) & 0xF;
                int thsel = (dw11 >>> 20) & 0x3;
                if (tmpsel != 0) {
                    return Status.SUCCESS;
                }
                if (thsel == 0) {
                    f.temperatureOver = dw11 & 0xFFFF;
                } else if (thsel == 1) {
                    f.temperatureUnder = dw11 & 0xFFFF;
                } else {
                    return Status.INVALID_FIELD | Status.DNR;
                }
                if (EmulatedController.TEMPERATURE >= f.temperatureOver || EmulatedController.TEMPERATURE <= f.temperatureUnder) {
                    smartEvent(SmartHealthLog.WARNING_TEMPERATURE);
                }
            }
            case FeatureId.VOLATILE_WRITE_CACHE -> {
                if ((dw11 & 1) == 0 && f.volatileWriteCache != 0) {
                    for (Namespace ns : ctrl.namespaces) {
                        if (ns != null) {
                            ns.flush();
                        }
                    }
                }
                f.volatileWriteCache = dw11 & 1;
            }
            case FeatureId.NUMBER_OF_QUEUES -> {
                if (ctrl.ioQueuesCreated) {
                    return Status.COMMAND_SEQUENCE_ERROR | Status.DNR;
                }
                if ((dw11 & 0xFFFF) == 0xFFFF || (dw11 >>> 16) == 0xFFFF) {
                    return Status.INVALID_FIELD | Status.DNR;
                }
                ctrl.result = numberOfQueues();
            }
            case FeatureId.INTERRUPT_COALESCING -> f.interruptCoalescing = dw11 & 0xFFFF;
            case FeatureId.WRITE_ATOMICITY_NORMAL -> f.writeAtomicity = dw11 & 1;
            case FeatureId.ASYNC_EVENT_CONFIGURATION -> f.asyncEventConfig = dw11;
            case FeatureId.TIMESTAMP -> {
                int st = prp.map(SubmissionEntry.prp1(m, at), SubmissionEntry.prp2(m, at), 8, ctrl.pageSize);
                if (st != Status.SUCCESS) {
                    return st;
                }
                prp.fromHost(scratch, 0);
                f.setTimestamp(scratch.get(EmulatedController.U64, 0), ctrl.clock.nanoTime());
            }
            default -> {
                return Status.INVALID_FIELD | Status.DNR;
            }
        }
        return Status.SUCCESS;
    }

    /**
     * Error Recovery (NVMe 1.4 5.21.1.5, mandatory): namespace specific, as QEMU. TLER is kept; DULBE must stay
     * 0 because the namespaces report no Deallocated or Unwritten Logical Block error support (NSFEAT.DAE = 0).
     */
    private int setErrorRecovery(int nsid, int dw11, boolean save) {
        if (nsid != NvmCommands.NSID_ALL) {
            int st = featureNamespace(nsid);
            if (st != Status.SUCCESS) {
                return st;
            }
        }
        if (save) {
            return Status.FEATURE_NOT_SAVEABLE | Status.DNR;
        }
        if ((dw11 & ERROR_RECOVERY_DULBE) != 0) {
            return Status.INVALID_FIELD | Status.DNR;
        }
        for (int n = 1; n < ctrl.namespaces.length; n++) {
            if (ctrl.namespaces[n] != null && (n == nsid || nsid == NvmCommands.NSID_ALL)) {
                ctrl.features.errorRecovery[n] = dw11 & 0xFFFF;
            }
        }
        return Status.SUCCESS;
    }

    /** NSID checks of a namespace-specific feature (QEMU order): invalid NSID, then inactive namespace. */
    private int featureNamespace(int nsid) {
        if (!validNsid(nsid) || nsid == NvmCommands.NSID_ALL) {
            return Status.INVALID_NAMESPACE | Status.DNR;
        }
        return nsid < ctrl.namespaces.length && ctrl.namespaces[nsid] != null ? Status.SUCCESS
                : Status.INVALID_FIELD | Status.DNR;
    }

    /** A SMART critical warning condition: an event when the host enabled it in Async Event Configuration. */
    private void smartEvent(int warningBit) {
        if ((ctrl.features.asyncEventConfig & warningBit) == 0) {
            return;
        }
        int info = warningBit == SmartHealthLog.WARNING_TEMPERATURE ? 0x01 : warningBit == SmartHealthLog.WARNING_SPARE ? 0x02 : 0x00;
        ctrl.events.enqueue(AsyncEvent.TYPE_SMART, info, LogPage.SMART_HEALTH);
    }

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
