package io.nvmebridge.it.differential;

import java.util.List;
import java.util.Optional;

/**
 * The one list of intentional differences between the emulator and QEMU 7.2 that the differential suite
 * meets, each with its reason. An {@link Entry} names a scenario and one observation label; the suite requires
 * that observation to differ (an entry that no longer differs fails the suite, so this list stays true) and
 * every other observation to be identical. {@code docs/emulator-vs-qemu.md} summarises the same reasons for
 * readers; the suite checks that it names every {@link Reason}.
 */
final class KnownDifferences {

    /** Why the emulator answers differently on purpose. {@code key} is the heading used in the doc file. */
    enum Reason {
        COMMAND_SETS("command-sets", "Only the NVM command set: CAP.CSS reports NVM only (QEMU also sets bit 6, I/O"
                + " command sets, and bit 7, admin only, and so enables with CC.CSS = 7); the I/O command set"
                + " specific Identify CNS 05h-07h and 1Ah-1Ch are INVALID_FIELD."),
        ADDRESS_ZERO("address-zero", "Host memory map, not behaviour: QEMU's guest RAM starts at bus address 0,"
                + " the emulator's host memory at 4 GiB (FlatMemory bus base), so a queue, PRP or doorbell buffer"
                + " at address 0 is memory on QEMU and a DATA_TRANSFER_ERROR (ASQ = 0: CSTS.CFS at enable) here."),
        OUTSIDE_MEMORY("outside-memory", "DMA outside host memory: QEMU 7.2 completes with SUCCESS (reads of"
                + " unassigned addresses, writes dropped, and the pages that were reachable transferred); the"
                + " emulator maps the whole PRP chain first and answers DATA_TRANSFER_ERROR without touching"
                + " memory, which is what that status is for."),
        NAMESPACE_MANAGEMENT("namespace-management", "No Namespace Management/Attachment, Format NVM or"
                + " Virtualization Management: OACS is 0x100 (Doorbell Buffer Config only; QEMU 0x10a), OAES has no"
                + " Namespace Attribute Notices so there is no Changed Namespace List log (LID 04h), CNS 10h/11h"
                + " (allocated namespaces) and 14h/15h (controller capabilities, secondary list) are INVALID_FIELD,"
                + " opcode 1Ch is INVALID_OPCODE (QEMU: INVALID_FIELD without SR-IOV), and the Commands Supported and"
                + " Effects log lists only implemented opcodes."),
        LBA_FORMATS("lba-formats", "One data-only LBA format per size: NLBAF 1 (512 and 4096 bytes, no metadata,"
                + " no protection information, MC = DPC = 0, no extended LBAs in CTRATT); QEMU lists 8 formats with"
                + " metadata and PI, so the 4096-byte namespace is format 4 there (FLBAS 4) and format 1 here. A"
                + " namespace with metadata adds the same two sizes with its metadata size (NLBAF 3, the 512+8 namespace"
                + " is format 2 here and 1 there) and offers only a separate metadata buffer (MC 2; QEMU 3, extended"
                + " LBAs too) and no PI (DPC 0)."),
        MPTR_ZERO_COMPARE("mptr-zero-compare", "On a namespace with metadata, MPTR 0 means no metadata for Read,"
                + " Write and Compare alike; QEMU 7.2 moves none for Read and Write with MPTR 0 but its Compare still"
                + " fetches the metadata from bus address 0 (guest RAM there, see address-zero) and fails."),
        NAMESPACE_FEATURES("namespace-features", "NSFEAT 0: no Deallocated or Unwritten Logical Block error"
                + " (DAE) and no optimal I/O fields (NPWG..NOWS), so Error Recovery with DULBE = 1 is INVALID_FIELD"
                + " (QEMU: NSFEAT 0x14, DULBE accepted)."),
        COPY_VERIFY_SGL("copy-verify-sgl", "Copy (19h) and Verify (0Ch) are not implemented (INVALID_OPCODE; ONCS"
                + " without bit 8) and SGLS is 0 (PRPs only), so I/O commands with PSDT != 0 are INVALID_FIELD;"
                + " QEMU implements all three."),
        ERROR_LOG("error-log", "The Error Information log is a real 16-entry ring (ELPE 15) of the errors this"
                + " controller returned; QEMU reports ELPE 0 and zeroed entries."),
        SUBSYSTEM_NQN("subsystem-nqn", "Subsystem NQN names the implementation (nqn.2026-11.io.nvmebridge:...),"
                + " QEMU's is nqn.2019-08.org.qemu:<serial>; a vendor identity field like VID."),
        SETTABLE_FEATURES("settable-features", "Arbitration, Interrupt Coalescing and Write Atomicity Normal are"
                + " changeable (mandatory and settable in NVMe 1.4; QEMU answers FEATURE_NOT_CHANGEABLE and keeps"
                + " its defaults), so Get Features returns what was set and SEL 3 reports them changeable."),
        WRITE_CACHE_DEFAULT("write-cache-default", "Volatile Write Cache default (SEL 1/2) is 1, the value a reset"
                + " restores; QEMU reports 0 as default although its current value after reset is 1."),
        RESERVED_SELECT("reserved-select", "Get Features SEL 4-7 is reserved: INVALID_FIELD (QEMU treats it as"
                + " current)."),
        SMART_SPARE("smart-spare", "SMART Available Spare is 100% with a 10% threshold (a healthy device); QEMU"
                + " reports 0% and 0%."),
        FIRMWARE_SLOT("firmware-slot", "Firmware Slot log FRS1 is the running firmware revision (= Identify FR);"
                + " QEMU hardcodes \"1.0\" there while its FR is the QEMU version.");

        final String key;
        final String text;

        Reason(String key, String text) {
            this.key = key;
            this.text = text;
        }
    }

    /**
     * @param scenario scenario id (group/name)
     * @param label    observation label within it
     * @param reason   why the emulator answers differently on purpose
     */
    record Entry(String scenario, String label, Reason reason) {
    }

    private static Entry e(String scenario, String label, Reason reason) {
        return new Entry(scenario, label, reason);
    }

    static final List<Entry> ALL = List.of(
            e("registers/cap CAP.CSS", "CAP.CSS", Reason.COMMAND_SETS),
            e("registers/enable css 7 admin only", "rdy", Reason.COMMAND_SETS),
            e("registers/enable css 7 admin only", "CSTS", Reason.COMMAND_SETS),
            e("identify/cns 0x5", "identify", Reason.COMMAND_SETS),
            e("identify/cns 0x6", "identify", Reason.COMMAND_SETS),
            e("identify/cns 0x7", "identify", Reason.COMMAND_SETS),
            e("identify/cns 0x1a", "identify", Reason.COMMAND_SETS),
            e("identify/cns 0x1b", "identify", Reason.COMMAND_SETS),
            e("identify/cns 0x1c", "identify", Reason.COMMAND_SETS),

            e("registers/enable with asq 0", "rdy", Reason.ADDRESS_ZERO),
            e("registers/enable with asq 0", "CSTS", Reason.ADDRESS_ZERO),
            e("queues/create cq prp1 0", "create", Reason.ADDRESS_ZERO),
            e("queues/create sq prp1 0", "sq", Reason.ADDRESS_ZERO),
            e("dbbuf/prp1 0", "dbbuf", Reason.ADDRESS_ZERO),
            e("dbbuf/prp2 0", "dbbuf", Reason.ADDRESS_ZERO),

            e("identify/prp1 beyond memory", "identify", Reason.OUTSIDE_MEMORY),
            e("prp/prp1 beyond memory", "read", Reason.OUTSIDE_MEMORY),
            e("prp/list entry beyond memory", "read", Reason.OUTSIDE_MEMORY),
            e("prp/list entry beyond memory", "window 0x10000", Reason.OUTSIDE_MEMORY),
            e("prp/list entry beyond memory", "window 0x30000", Reason.OUTSIDE_MEMORY),

            e("identify/controller fields", "OACS", Reason.NAMESPACE_MANAGEMENT),
            e("identify/controller fields", "OAES", Reason.NAMESPACE_MANAGEMENT),
            e("identify/cns 0x10", "identify", Reason.NAMESPACE_MANAGEMENT),
            e("identify/cns 0x11", "identify", Reason.NAMESPACE_MANAGEMENT),
            e("identify/cns 0x14", "identify", Reason.NAMESPACE_MANAGEMENT),
            e("identify/cns 0x15", "identify", Reason.NAMESPACE_MANAGEMENT),
            e("log/changed namespace list", "get", Reason.NAMESPACE_MANAGEMENT),
            e("log/commands supported and effects", "admin", Reason.NAMESPACE_MANAGEMENT),
            e("log/commands supported and effects", "io", Reason.COPY_VERIFY_SGL),
            e("opcodes/admin 0x1c", "cmd", Reason.NAMESPACE_MANAGEMENT),

            e("identify/controller fields", "CTRATT", Reason.LBA_FORMATS),
            e("identify/namespace 1 fields", "NLBAF", Reason.LBA_FORMATS),
            e("identify/namespace 1 fields", "MC", Reason.LBA_FORMATS),
            e("identify/namespace 1 fields", "DPC", Reason.LBA_FORMATS),
            e("identify/namespace 1 fields", "LBAF0-15", Reason.LBA_FORMATS),
            e("identify/namespace 2 fields", "NLBAF", Reason.LBA_FORMATS),
            e("identify/namespace 2 fields", "FLBAS", Reason.LBA_FORMATS),
            e("identify/namespace 2 fields", "MC", Reason.LBA_FORMATS),
            e("identify/namespace 2 fields", "DPC", Reason.LBA_FORMATS),
            e("identify/namespace 2 fields", "LBAF0-15", Reason.LBA_FORMATS),

            e("identify/namespace 5 fields", "NLBAF", Reason.LBA_FORMATS),
            e("identify/namespace 5 fields", "FLBAS", Reason.LBA_FORMATS),
            e("identify/namespace 5 fields", "MC", Reason.LBA_FORMATS),
            e("identify/namespace 5 fields", "DPC", Reason.LBA_FORMATS),
            e("identify/namespace 5 fields", "LBAF0-15", Reason.LBA_FORMATS),
            e("io/ns5 compare equal", "compare", Reason.MPTR_ZERO_COMPARE),
            e("io/ns5 compare with a prp list", "compare", Reason.MPTR_ZERO_COMPARE),
            e("metadata/compare checks metadata", "compare data only", Reason.MPTR_ZERO_COMPARE),

            e("identify/namespace 1 fields", "NSFEAT", Reason.NAMESPACE_FEATURES),
            e("identify/namespace 5 fields", "NSFEAT", Reason.NAMESPACE_FEATURES),
            e("identify/namespace 5 fields", "NPWG..NOWS", Reason.NAMESPACE_FEATURES),
            e("identify/namespace 1 fields", "NPWG..NOWS", Reason.NAMESPACE_FEATURES),
            e("identify/namespace 2 fields", "NSFEAT", Reason.NAMESPACE_FEATURES),
            e("features/error recovery set", "set dulbe", Reason.NAMESPACE_FEATURES),

            e("identify/controller fields", "ONCS", Reason.COPY_VERIFY_SGL),
            e("identify/controller fields", "SGLS", Reason.COPY_VERIFY_SGL),
            e("opcodes/io 0xc", "cmd", Reason.COPY_VERIFY_SGL),
            e("opcodes/io 0x19", "cmd", Reason.COPY_VERIFY_SGL),
            e("io-flags/read with sgl data block", "read", Reason.COPY_VERIFY_SGL),

            e("identify/controller fields", "ELPE", Reason.ERROR_LOG),
            e("log/error information", "entry 0", Reason.ERROR_LOG),

            e("identify/controller fields", "SUBNQN", Reason.SUBSYSTEM_NQN),

            e("features/get 0x1 sel 3", "get", Reason.SETTABLE_FEATURES),
            e("features/set 0xa", "set", Reason.SETTABLE_FEATURES),
            e("features/arbitration round trip", "set", Reason.SETTABLE_FEATURES),
            e("features/arbitration round trip", "get", Reason.SETTABLE_FEATURES),
            e("features/interrupt coalescing round trip", "set", Reason.SETTABLE_FEATURES),
            e("features/interrupt coalescing round trip", "get", Reason.SETTABLE_FEATURES),
            e("features/interrupt coalescing round trip", "get capabilities", Reason.SETTABLE_FEATURES),

            e("features/get 0x6 sel 1", "get", Reason.WRITE_CACHE_DEFAULT),
            e("features/get 0x6 sel 2", "get", Reason.WRITE_CACHE_DEFAULT),

            e("features/get sel 4", "get", Reason.RESERVED_SELECT),
            e("features/get sel 5", "get", Reason.RESERVED_SELECT),
            e("features/get sel 6", "get", Reason.RESERVED_SELECT),
            e("features/get sel 7", "get", Reason.RESERVED_SELECT),

            e("log/smart health", "critical warning..percentage used", Reason.SMART_SPARE),
            e("log/smart health offset 4", "data", Reason.SMART_SPARE),

            e("log/firmware slot", "log", Reason.FIRMWARE_SLOT));

    private KnownDifferences() {
    }

    static Optional<Entry> find(String scenarioId, String label) {
        return ALL.stream().filter(e -> e.scenario.equals(scenarioId) && e.label.equals(label)).findFirst();
    }
}
