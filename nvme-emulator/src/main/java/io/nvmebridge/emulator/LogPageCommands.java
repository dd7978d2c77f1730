package io.nvmebridge.emulator;

import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.Ascii;
import io.nvmebridge.spec.admin.AsyncEvent;
import io.nvmebridge.spec.admin.ErrorInformationEntry;
import io.nvmebridge.spec.admin.FirmwareSlotLog;
import io.nvmebridge.spec.admin.LogPage;
import io.nvmebridge.spec.admin.NvmCommands;
import io.nvmebridge.spec.admin.SmartHealthLog;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Get Log Page (NVMe 1.4 5.14): Error Information, SMART / Health Information, Firmware Slot Information and
 * Commands Supported and Effects, built in a scratch page and copied out from the requested offset; reading
 * the error or SMART page without RAE clears its asynchronous event.
 */
final class LogPageCommands {
    private final EmulatedController ctrl;
    private final PrpTransfer prp;
    private final MemorySegment scratch = MemorySegment.ofArray(new byte[4096]);

    LogPageCommands(EmulatedController ctrl) {
        this.ctrl = ctrl;
        this.prp = ctrl.prp;
    }

    /** Get Log Page. */
    int get(MemorySegment m, long at) {
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
                size = ErrorLog.ENTRIES * ErrorInformationEntry.SIZE;
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
                scratch.set(ValueLayout.JAVA_BYTE, FirmwareSlotLog.AFI, (byte) 1);
                Ascii.put(scratch, FirmwareSlotLog.frs(1), FirmwareSlotLog.FRS_LENGTH,
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
        int st = prp.copyToHost(m, at, scratch, offset, transfer, ctrl.pageSize);
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
            if (AdminHandler.supported(opc)) {
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
        scratch.set(ValueLayout.JAVA_BYTE, SmartHealthLog.CRITICAL_WARNING, (byte) warning);
        scratch.set(EmulatedController.U16, SmartHealthLog.COMPOSITE_TEMPERATURE, (short) EmulatedController.TEMPERATURE);
        scratch.set(ValueLayout.JAVA_BYTE, SmartHealthLog.AVAILABLE_SPARE, (byte) 100);
        scratch.set(ValueLayout.JAVA_BYTE, SmartHealthLog.AVAILABLE_SPARE_THRESHOLD, (byte) 10);
        scratch.set(EmulatedController.U64, SmartHealthLog.DATA_UNITS_READ, SmartHealthLog.dataUnits(sectorsRead));
        scratch.set(EmulatedController.U64, SmartHealthLog.DATA_UNITS_WRITTEN, SmartHealthLog.dataUnits(sectorsWritten));
        scratch.set(EmulatedController.U64, SmartHealthLog.HOST_READ_COMMANDS, reads);
        scratch.set(EmulatedController.U64, SmartHealthLog.HOST_WRITE_COMMANDS, writes);
        scratch.set(EmulatedController.U64, SmartHealthLog.POWER_CYCLES, 1);
        scratch.set(EmulatedController.U64, SmartHealthLog.ERROR_LOG_ENTRIES, ctrl.errorLog.errors());
        scratch.set(EmulatedController.U16, SmartHealthLog.TEMPERATURE_SENSOR1, (short) EmulatedController.TEMPERATURE);
        return Status.SUCCESS;
    }
}
