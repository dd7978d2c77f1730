package io.nvmebridge.emulator;

import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.NvmCommands;

import java.lang.foreign.MemorySegment;

/**
 * NVM command set handlers: one method per opcode, each returning a status. Validation order follows
 * QEMU's {@code nvme_io_cmd}: namespace id, broadcast Flush, namespace presence, opcode support, fused
 * bits; then per command MDTS, LBA range, data pointer.
 */
final class IoHandler {
    /** Opcode-indexed support table (Identify ONCS advertises the optional ones). */
    private static final boolean[] SUPPORTED = new boolean[256];
    /** {@link #mapMetadata}: the command moves no metadata (none in the format, or MPTR 0); not a status. */
    private static final int NO_METADATA = -1;

    static {
        SUPPORTED[NvmOpcode.FLUSH] = true;
        SUPPORTED[NvmOpcode.WRITE] = true;
        SUPPORTED[NvmOpcode.READ] = true;
        SUPPORTED[NvmOpcode.COMPARE] = true;
        SUPPORTED[NvmOpcode.WRITE_ZEROES] = true;
        SUPPORTED[NvmOpcode.DATASET_MANAGEMENT] = true;
    }

    private final EmulatedController ctrl;
    private final PrpTransfer prp;

    IoHandler(EmulatedController ctrl) {
        this.ctrl = ctrl;
        this.prp = ctrl.prp;
    }

    static boolean supported(int opcode) {
        return SUPPORTED[opcode & 0xFF];
    }

    /** Commands whose CDW10-12 carry SLBA and NLB. */
    static boolean hasLbaRange(int opcode) {
        return opcode == NvmOpcode.READ || opcode == NvmOpcode.WRITE || opcode == NvmOpcode.COMPARE
                || opcode == NvmOpcode.WRITE_ZEROES || opcode == NvmOpcode.VERIFY || opcode == NvmOpcode.WRITE_UNCORRECTABLE;
    }

    /** Executes the I/O command at {@code at} of {@code m}, whose quadword 0 is {@code word0}; returns its status. */
    int execute(SubmissionQueue sq, MemorySegment m, long at, long word0) {
        int opcode = SubmissionEntry.opcodeOf(word0);
        int nsid = SubmissionEntry.nsidOf(word0);
        if (nsid == 0 || (nsid != NvmCommands.NSID_ALL && Integer.compareUnsigned(nsid, NamespaceConfig.MAX_NSID) > 0)) {
            return Status.INVALID_NAMESPACE | Status.DNR;
        }
        if (opcode == NvmOpcode.FLUSH && nsid == NvmCommands.NSID_ALL) {
            return flushAll();
        }
        Namespace ns = nsid == NvmCommands.NSID_ALL ? null : ctrl.namespaces[nsid];
        if (ns == null) {
            // QEMU: a valid but inactive namespace id is an invalid field
            return Status.INVALID_FIELD | Status.DNR;
        }
        if (!SUPPORTED[opcode]) {
            return Status.INVALID_OPCODE | Status.DNR;
        }
        int flags = SubmissionEntry.flagsOf(word0);
        if ((flags & SubmissionEntry.FLAGS_FUSE_MASK) != 0) {
            return Status.INVALID_FIELD;
        }
        return switch (opcode) {
            case NvmOpcode.READ -> read(ns, m, at, flags);
            case NvmOpcode.WRITE -> write(ns, m, at, flags);
            case NvmOpcode.FLUSH -> flush(ns);
            case NvmOpcode.COMPARE -> compare(ns, m, at, flags);
            case NvmOpcode.WRITE_ZEROES -> writeZeroes(ns, m, at);
            case NvmOpcode.DATASET_MANAGEMENT -> datasetManagement(ns, m, at, flags);
            default -> Status.INVALID_OPCODE | Status.DNR;
        };
    }

    /** Maps the command's data pointer; PRPs only (SGLs are not supported: PSDT, in {@code flags}, must be 0). */
    private int mapData(MemorySegment m, long at, long length, int flags) {
        if ((flags & SubmissionEntry.FLAGS_PSDT_MASK) != 0) {
            return Status.INVALID_FIELD | Status.DNR;
        }
        return prp.map(SubmissionEntry.prp1(m, at), SubmissionEntry.prp2(m, at), length, ctrl.pageSize);
    }

    /** MDTS, LBA range and data pointer checks shared by Read, Write and Compare. */
    private int prepareTransfer(Namespace ns, MemorySegment m, long at, long slba, int nlb, int flags) {
        long length = (long) nlb << ns.lbaShift;
        if (length > ctrl.mdtsBytesLimit()) {
            return Status.INVALID_FIELD | Status.DNR;
        }
        if (!ns.inRange(slba, nlb)) {
            return Status.LBA_OUT_OF_RANGE | Status.DNR;
        }
        return mapData(m, at, length, flags);
    }

    /**
     * Resolves the command's metadata buffer into {@code ctrl.dma} when the namespace has metadata and MPTR is set:
     * one contiguous buffer of {@code nlb × metadata size} bytes. Returns false (and resolves nothing) when there
     * is no metadata to move — as QEMU, which moves none when MPTR is 0 — and a status when MPTR names memory the
     * device cannot reach.
     */
    private int mapMetadata(Namespace ns, MemorySegment m, long at, int nlb) {
        if (ns.metadataSize == 0) {
            return NO_METADATA;
        }
        long mptr = SubmissionEntry.mptr(m, at);
        if (mptr == 0) {
            return NO_METADATA;
        }
        return ctrl.dma.resolve(mptr, (long) nlb * ns.metadataSize) ? Status.SUCCESS : Status.DATA_TRANSFER_ERROR;
    }

    private int read(Namespace ns, MemorySegment m, long at, int flags) {
        long slba = SubmissionEntry.cdw10And11(m, at);
        int nlb = NvmCommands.blocks(SubmissionEntry.cdw(m, at, 12));
        int st = prepareTransfer(ns, m, at, slba, nlb, flags);
        if (st != Status.SUCCESS) {
            return st;
        }
        int md = mapMetadata(ns, m, at, nlb);
        if (md == Status.SUCCESS) {
            ns.readMetadata(slba, nlb, ctrl.dma.seg, ctrl.dma.off);
        } else if (md != NO_METADATA) {
            return md;
        }
        ns.read(prp, slba);
        ns.readCommands++;
        ns.sectorsRead += ((long) nlb << ns.lbaShift) >>> 9;
        return Status.SUCCESS;
    }

    private int write(Namespace ns, MemorySegment m, long at, int flags) {
        long slba = SubmissionEntry.cdw10And11(m, at);
        int nlb = NvmCommands.blocks(SubmissionEntry.cdw(m, at, 12));
        int st = prepareTransfer(ns, m, at, slba, nlb, flags);
        if (st != Status.SUCCESS) {
            return st;
        }
        int md = mapMetadata(ns, m, at, nlb);
        if (md == Status.SUCCESS) {
            ns.writeMetadata(slba, nlb, ctrl.dma.seg, ctrl.dma.off);
        } else if (md != NO_METADATA) {
            return md;
        }
        ns.write(prp, slba);
        ns.writeCommands++;
        ns.sectorsWritten += ((long) nlb << ns.lbaShift) >>> 9;
        return Status.SUCCESS;
    }

    private int compare(Namespace ns, MemorySegment m, long at, int flags) {
        long slba = SubmissionEntry.cdw10And11(m, at);
        int nlb = NvmCommands.blocks(SubmissionEntry.cdw(m, at, 12));
        int st = prepareTransfer(ns, m, at, slba, nlb, flags);
        if (st != Status.SUCCESS) {
            return st;
        }
        int md = mapMetadata(ns, m, at, nlb);
        if (md != Status.SUCCESS && md != NO_METADATA) {
            return md;
        }
        ns.readCommands++;
        ns.sectorsRead += ((long) nlb << ns.lbaShift) >>> 9;
        boolean same = (md == NO_METADATA || ns.metadataEquals(slba, nlb, ctrl.dma.seg, ctrl.dma.off))
                && ns.compare(prp, slba);
        return same ? Status.SUCCESS : Status.COMPARE_FAILURE; // QEMU 7.2: no DNR
    }

    private int writeZeroes(Namespace ns, MemorySegment m, long at) {
        long slba = NvmCommands.slba(SubmissionEntry.cdw(m, at, 10), SubmissionEntry.cdw(m, at, 11));
        int nlb = NvmCommands.blocks(SubmissionEntry.cdw(m, at, 12));
        if (!ns.inRange(slba, nlb)) {
            return Status.LBA_OUT_OF_RANGE | Status.DNR;
        }
        ns.zero(slba, nlb);
        return Status.SUCCESS;
    }

    private int datasetManagement(Namespace ns, MemorySegment m, long at, int flags) {
        int ranges = (SubmissionEntry.cdw(m, at, 10) & 0xFF) + 1;
        int attributes = SubmissionEntry.cdw(m, at, 11);
        int st = mapData(m, at, (long) ranges * NvmCommands.DSM_RANGE_SIZE, flags);
        if (st != Status.SUCCESS) {
            return st;
        }
        if ((attributes & NvmCommands.DSM_ATTR_DEALLOCATE) == 0) {
            return Status.SUCCESS; // integral read/write hints only: nothing to do
        }
        // as QEMU's nvme_dsm_cb: a range outside the namespace is skipped (and logged), the rest deallocated
        for (int r = 0; r < ranges; r++) {
            long base = (long) r * NvmCommands.DSM_RANGE_SIZE;
            long nlb = (prp.readLong(base) >>> 32) & 0xFFFFFFFFL;
            long slba = prp.readLong(base + NvmCommands.DSM_RANGE_SLBA);
            if (!ns.inRange(slba, nlb)) {
                ctrl.guestError("DSM range %s outside namespace %s skipped", slba + "+" + nlb, ns.nsid);
                continue;
            }
            ns.zero(slba, nlb); // deallocated blocks read as zeroes (DLFEAT 001b)
        }
        return Status.SUCCESS;
    }

    private int flush(Namespace ns) {
        ns.flush();
        return Status.SUCCESS;
    }

    private int flushAll() {
        for (Namespace ns : ctrl.namespaces) {
            if (ns != null) {
                ns.flush();
            }
        }
        return Status.SUCCESS;
    }
}
