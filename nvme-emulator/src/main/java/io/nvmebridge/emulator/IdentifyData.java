package io.nvmebridge.emulator;

import io.nvmebridge.spec.CompletionEntry;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.Ascii;
import io.nvmebridge.spec.admin.IdentifyCns;
import io.nvmebridge.spec.admin.IdentifyController;
import io.nvmebridge.spec.admin.IdentifyNamespace;
import io.nvmebridge.spec.admin.LbaFormat;
import io.nvmebridge.spec.admin.PowerStateDescriptor;
import io.nvmebridge.spec.regs.Vs;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Builds the Identify data structures. Capability fields match QEMU's {@code nvme_init_ctrl} where this
 * controller implements the same thing (SQES 0x66, CQES 0x44, VER 1.4, MDTS, NN 256, VWC, AERL, ACL);
 * OACS and ONCS advertise exactly what is implemented here.
 */
final class IdentifyData {
    /** PCI vendor id reported in Identify VID and config space (QEMU's, so tools see a generic NVMe device). */
    static final int PCI_VENDOR_ID = 0x1b36;
    static final int PCI_DEVICE_ID = 0x0010;
    static final int PCI_SUBSYSTEM_VENDOR_ID = 0x1af4;
    /** Doorbell Buffer Config only (no Format NVM, no namespace management). */
    static final int OACS = IdentifyController.OACS_DBBUF_CONFIG;
    /** Compare, Dataset Management, Write Zeroes, Save/Select in Set/Get Features, Timestamp. */
    static final int ONCS = IdentifyController.ONCS_COMPARE | IdentifyController.ONCS_DSM
            | IdentifyController.ONCS_WRITE_ZEROES | IdentifyController.ONCS_SAVE_FEATURES
            | IdentifyController.ONCS_TIMESTAMP;
    /** SMART per namespace, Commands Supported and Effects log, extended data (NUMDU, offsets): 0x07 as QEMU. */
    static final int LPA = IdentifyController.LPA_SMART_PER_NS | IdentifyController.LPA_CMD_EFFECTS
            | IdentifyController.LPA_EXTENDED_DATA;
    /** Volatile write cache present; Flush with NSID FFFFFFFFh supported (bits 2:1 = 11b), as QEMU. */
    static final int VWC = IdentifyController.VWC_PRESENT | 0x6;

    private static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    private final EmulatedController ctrl;

    IdentifyData(EmulatedController ctrl) {
        this.ctrl = ctrl;
    }

    void controller(MemorySegment s) {
        EmulatorConfig c = ctrl.config;
        s.set(EmulatedController.U16, IdentifyController.VID, (short) PCI_VENDOR_ID);
        s.set(EmulatedController.U16, IdentifyController.SSVID, (short) PCI_SUBSYSTEM_VENDOR_ID);
        Ascii.put(s, IdentifyController.SN, IdentifyController.SN_LENGTH, c.serial());
        Ascii.put(s, IdentifyController.MN, IdentifyController.MN_LENGTH, c.model());
        Ascii.put(s, IdentifyController.FR, IdentifyController.FR_LENGTH, c.firmwareRevision());
        s.set(U8, IdentifyController.RAB, (byte) 6);
        s.set(U8, IdentifyController.IEEE, (byte) 0x00);
        s.set(U8, IdentifyController.IEEE + 1, (byte) 0x54);
        s.set(U8, IdentifyController.IEEE + 2, (byte) 0x52);
        s.set(U8, IdentifyController.MDTS, (byte) c.mdts());
        s.set(EmulatedController.U16, IdentifyController.CNTLID, (short) 0);
        s.set(EmulatedController.U32, IdentifyController.VER, Vs.V1_4);
        s.set(U8, IdentifyController.CNTRLTYPE, (byte) 1); // I/O controller
        s.set(EmulatedController.U16, IdentifyController.OACS, (short) OACS);
        s.set(U8, IdentifyController.ACL, (byte) 3);
        s.set(U8, IdentifyController.AERL, (byte) c.aerl());
        s.set(U8, IdentifyController.FRMW, (byte) ((1 << 1) | 1)); // one slot, slot 1 read-only
        s.set(U8, IdentifyController.LPA, (byte) LPA);
        s.set(U8, IdentifyController.ELPE, (byte) (ErrorLog.ENTRIES - 1));
        s.set(EmulatedController.U16, IdentifyController.WCTEMP, (short) EmulatedController.TEMPERATURE_WARNING);
        s.set(EmulatedController.U16, IdentifyController.CCTEMP, (short) EmulatedController.TEMPERATURE_CRITICAL);
        s.set(U8, IdentifyController.SQES, (byte) (SubmissionEntry.SIZE_LOG2 << 4 | SubmissionEntry.SIZE_LOG2));
        s.set(U8, IdentifyController.CQES, (byte) (CompletionEntry.SIZE_LOG2 << 4 | CompletionEntry.SIZE_LOG2));
        s.set(EmulatedController.U32, IdentifyController.NN, NamespaceConfig.MAX_NSID);
        s.set(EmulatedController.U16, IdentifyController.ONCS, (short) ONCS);
        s.set(U8, IdentifyController.VWC, (byte) VWC);
        s.set(EmulatedController.U32, IdentifyController.SGLS, 0); // PRPs only
        Ascii.put(s, IdentifyController.SUBNQN, IdentifyController.SUBNQN_LENGTH, "nqn.2026-11.io.nvmebridge:" + c.serial());
        // clear the padding Ascii.put wrote after the NQN: SUBNQN is NUL terminated
        byte[] nqn = ("nqn.2026-11.io.nvmebridge:" + c.serial()).getBytes(StandardCharsets.US_ASCII);
        for (int i = nqn.length; i < IdentifyController.SUBNQN_LENGTH; i++) {
            s.set(U8, IdentifyController.SUBNQN + i, (byte) 0);
        }
        int ps0 = IdentifyController.psd(0);
        s.set(EmulatedController.U16, ps0 + PowerStateDescriptor.MP, (short) 0x9c4);
        s.set(EmulatedController.U32, ps0 + PowerStateDescriptor.ENLAT, 0x10);
        s.set(EmulatedController.U32, ps0 + PowerStateDescriptor.EXLAT, 0x4);
    }

    void namespace(MemorySegment s, Namespace ns) {
        s.set(EmulatedController.U64, IdentifyNamespace.NSZE, ns.blocks);
        s.set(EmulatedController.U64, IdentifyNamespace.NCAP, ns.blocks);
        s.set(EmulatedController.U64, IdentifyNamespace.NUSE, ns.blocks);
        // formats 0 and 1: 512 and 4096 bytes without metadata; a namespace with metadata adds the same two with
        // its metadata size (formats 2 and 3) and uses one of those, metadata in a separate buffer (MC bit 1)
        int ms = ns.metadataSize;
        s.set(U8, IdentifyNamespace.NLBAF, (byte) (ms == 0 ? 1 : 3)); // zero-based count
        s.set(U8, IdentifyNamespace.FLBAS, (byte) ((ns.lbaShift == 12 ? 1 : 0) + (ms == 0 ? 0 : 2)));
        s.set(U8, IdentifyNamespace.MC, (byte) (ms == 0 ? 0 : IdentifyNamespace.MC_SEPARATE));
        s.set(U8, IdentifyNamespace.DLFEAT, (byte) IdentifyNamespace.DLFEAT_READ_ZEROES);
        s.set(EmulatedController.U32, IdentifyNamespace.lbaf(0), LbaFormat.of(0, 9, 0));
        s.set(EmulatedController.U32, IdentifyNamespace.lbaf(1), LbaFormat.of(0, 12, 0));
        if (ms != 0) {
            s.set(EmulatedController.U32, IdentifyNamespace.lbaf(2), LbaFormat.of(ms, 9, 0));
            s.set(EmulatedController.U32, IdentifyNamespace.lbaf(3), LbaFormat.of(ms, 12, 0));
        }
        UUID u = uuid(ns);
        s.set(EmulatedController.U64, IdentifyNamespace.NGUID, Long.reverseBytes(u.getMostSignificantBits()));
        s.set(EmulatedController.U64, IdentifyNamespace.NGUID + 8, Long.reverseBytes(u.getLeastSignificantBits()));
    }

    void activeNamespaces(MemorySegment s, int after) {
        int n = 0;
        for (int id = 1; id < ctrl.namespaces.length && n < IdentifyCns.NAMESPACE_LIST_ENTRIES; id++) {
            if (ctrl.namespaces[id] != null && Integer.compareUnsigned(id, after) > 0) {
                s.set(EmulatedController.U32, 4L * n++, id);
            }
        }
    }

    void descriptors(MemorySegment s, Namespace ns) {
        UUID u = uuid(ns);
        s.set(U8, 0, (byte) IdentifyCns.NIDT_UUID);
        s.set(U8, 1, (byte) IdentifyCns.NIDL_UUID);
        // UUIDs are stored big-endian (RFC 4122 byte order)
        s.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 4, u.getMostSignificantBits());
        s.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 12, u.getLeastSignificantBits());
        int csi = IdentifyCns.NID_HEADER_SIZE + IdentifyCns.NIDL_UUID;
        s.set(U8, csi, (byte) IdentifyCns.NIDT_CSI);
        s.set(U8, csi + 1, (byte) IdentifyCns.NIDL_CSI);
        s.set(U8, csi + 4, (byte) 0); // NVM command set
    }

    /** A stable UUID per (serial, nsid), so a namespace keeps its identity across restarts. */
    private UUID uuid(Namespace ns) {
        return UUID.nameUUIDFromBytes((ctrl.config.serial() + "/" + ns.nsid).getBytes(StandardCharsets.US_ASCII));
    }
}
