package io.nvmebridge.emulator;

import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.AsyncEvent;
import io.nvmebridge.spec.admin.FeatureId;
import io.nvmebridge.spec.admin.LogPage;
import io.nvmebridge.spec.admin.NvmCommands;
import io.nvmebridge.spec.admin.SmartHealthLog;
import java.lang.foreign.MemorySegment;

/**
 * Get Features and Set Features (NVMe 1.4 5.21): which features exist and which the host may change, their
 * current and default values (kept in {@link Features}), and their side effects — a temperature threshold
 * crossed raises a SMART event, write cache off flushes. Nothing is saveable, as in QEMU.
 */
final class FeatureCommands {
    /** Get Features SEL 011b answer bits: saveable, namespace specific, changeable. */
    static final int FEATURE_CAP_CHANGEABLE = 1 << 2;
    /** Get Features SEL 3 bit 1: the feature is namespace specific. */
    static final int FEATURE_CAP_NAMESPACE_SPECIFIC = 1 << 1;
    /** Error Recovery CDW11 bit 16: Deallocated or Unwritten Logical Block Error Enable. */
    static final int ERROR_RECOVERY_DULBE = 1 << 16;

    private final EmulatedController ctrl;
    /** The Timestamp feature's 8 bytes of data. */
    private final MemorySegment scratch = MemorySegment.ofArray(new byte[8]);

    FeatureCommands(EmulatedController ctrl) {
        this.ctrl = ctrl;
    }

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

    /** Get Features. */
    int get(MemorySegment m, long at) {
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
                return ctrl.prp.copyToHost(m, at, scratch, 0, 8, ctrl.pageSize);
            }
            default -> {
                return Status.INVALID_FIELD | Status.DNR;
            }
        }
        return Status.SUCCESS;
    }

    /** Set Features. */
    int set(MemorySegment m, long at) {
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
            return AdminHandler.validNsid(nsid) ? Status.FEATURE_NOT_PER_NAMESPACE | Status.DNR : Status.INVALID_NAMESPACE | Status.DNR;
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
                int st = ctrl.prp.map(SubmissionEntry.prp1(m, at), SubmissionEntry.prp2(m, at), 8, ctrl.pageSize);
                if (st != Status.SUCCESS) {
                    return st;
                }
                ctrl.prp.fromHost(scratch, 0);
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
        if (!AdminHandler.validNsid(nsid) || nsid == NvmCommands.NSID_ALL) {
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
}
