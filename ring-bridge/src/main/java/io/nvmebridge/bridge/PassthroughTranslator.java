package io.nvmebridge.bridge;

import io.nvmebridge.bridge.RequestTrackers.Request;
import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.abi.NvmeUringCmd;
import io.nvmebridge.bridge.core.CoreRequest;
import io.nvmebridge.bridge.core.ForwardingCore;
import io.nvmebridge.bridge.core.NvmeQueue;
import io.nvmebridge.driver.IoCommand;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.device.DmaBuffer;
import java.lang.foreign.MemorySegment;

import static io.nvmebridge.bridge.RequestTrackers.K_CMD;
import static io.nvmebridge.bridge.RequestTrackers.K_CMD_VEC;

/**
 * The IORING_OP_URING_CMD half of {@link SqeTranslator}: Linux's {@code struct nvme_uring_cmd} in a 128-byte
 * SQE, checked as Linux's {@code nvme_uring_cmd_io} checks it, its data (flat or an iovec array) and metadata
 * buffer resolved in the ring's {@link BufferSpace}: the client's memory itself where the device can reach it
 * and PRPs can describe it, bounce buffers otherwise ({@link BounceBuffers}), as Linux bounces through kernel
 * buffers. The command itself goes into the request's {@link IoCommand} in the {@link ForwardingCore}, which
 * issues it. Owned by the bridge's thread.
 */
final class PassthroughTranslator {
    /** {@link #direct}: the buffer goes through a bounce buffer. */
    private static final long BOUNCE = -1;
    /** {@link #direct}: the fixed path does not serve the buffer (-EFAULT). */
    private static final long FAULT = -2;

    private final RequestTrackers tr;
    private final NamespaceTable namespaces;
    private final BufferSpace space;
    private final DataPath dataPath;
    private final int setupFlags;
    private final ForwardingCore core;
    private final NvmeQueue queue;
    private final IovecRanges ranges;
    private final BounceBuffers bounces;

    PassthroughTranslator(RequestTrackers tr, NamespaceTable namespaces, BufferSpace space, DataPath dataPath,
                          int setupFlags, ForwardingCore core, IovecRanges ranges, BounceBuffers bounces) {
        this.tr = tr;
        this.namespaces = namespaces;
        this.space = space;
        this.dataPath = dataPath;
        this.setupFlags = setupFlags;
        this.core = core;
        this.queue = core.queue();
        this.ranges = ranges;
        this.bounces = bounces;
    }

    /**
     * NVMe passthrough (struct nvme_uring_cmd in a 128-byte SQE), as Linux's nvme_uring_cmd_io: data at
     * {@code addr} ({@code data_len} bytes) for NVME_URING_CMD_IO, or {@code data_len} iovecs at {@code addr}
     * for NVME_URING_CMD_IO_VEC ({@link #prepareVectoredData}).
     */
    int prepare(int t, MemorySegment s, long at) {
        Request r = tr.at(t);
        if ((setupFlags & (IoUring.SETUP_SQE128 | IoUring.SETUP_CQE32))
                != (IoUring.SETUP_SQE128 | IoUring.SETUP_CQE32)) {
            return -BridgeErrno.EINVAL; // Linux requires big SQEs and CQEs for NVMe passthrough
        }
        int ns = IoUringSqe.fd(s, at);
        if (namespaces.lbaShift(ns) < 0) {
            return -BridgeErrno.EBADF;
        }
        int cmdOp = IoUringSqe.cmdOp(s, at);
        boolean vectored = cmdOp == NvmeUringCmd.NVME_URING_CMD_IO_VEC;
        if (!vectored && cmdOp != NvmeUringCmd.NVME_URING_CMD_IO) {
            return -BridgeErrno.EINVAL;
        }
        int cmdFlags = IoUringSqe.rwFlags(s, at);
        if ((cmdFlags & ~IoUring.URING_CMD_FIXED) != 0) {
            return -BridgeErrno.EINVAL;
        }
        long c = at + IoUringSqe.CMD;
        if (NvmeUringCmd.u8(s, c, NvmeUringCmd.FLAGS) != 0) {
            return -BridgeErrno.EINVAL; // fused commands are not supported
        }
        int opcode = NvmeUringCmd.u8(s, c, NvmeUringCmd.OPCODE);
        int direction = NvmOpcode.transferDirection(opcode);
        if (direction == NvmOpcode.XFER_BIDIRECTIONAL) {
            return -BridgeErrno.EINVAL;
        }
        long meta = NvmeUringCmd.u64(s, c, NvmeUringCmd.METADATA);
        long metaLen = NvmeUringCmd.u32(s, c, NvmeUringCmd.METADATA_LEN) & 0xFFFF_FFFFL;
        long metaDev = 0;
        if (meta != 0 || metaLen != 0) {
            metaDev = prepareMetadata(t, ns, meta, metaLen, direction);
            if (metaDev < 0) {
                return (int) metaDev;
            }
        }
        IoCommand cmd = core.request(t).command();
        cmd.opcode(opcode).nsid(NvmeUringCmd.u32(s, c, NvmeUringCmd.NSID))
                .cdw2(NvmeUringCmd.u32(s, c, NvmeUringCmd.CDW2)).cdw3(NvmeUringCmd.u32(s, c, NvmeUringCmd.CDW3))
                .cdw10to15(NvmeUringCmd.u32(s, c, NvmeUringCmd.CDW10), NvmeUringCmd.u32(s, c, NvmeUringCmd.CDW10 + 4),
                        NvmeUringCmd.u32(s, c, NvmeUringCmd.CDW10 + 8), NvmeUringCmd.u32(s, c, NvmeUringCmd.CDW10 + 12),
                        NvmeUringCmd.u32(s, c, NvmeUringCmd.CDW10 + 16), NvmeUringCmd.u32(s, c, NvmeUringCmd.CDW10 + 20))
                .metadata(metaDev);
        r.cmdOpcode = opcode;
        r.nsid = ns;
        r.kind = K_CMD;
        long a = NvmeUringCmd.u64(s, c, NvmeUringCmd.ADDR);
        long len = NvmeUringCmd.u32(s, c, NvmeUringCmd.DATA_LEN) & 0xFFFF_FFFFL;
        r.addr = a;
        r.bytes = len;
        if (vectored) {
            return prepareVectoredData(t, cmd, a, len, direction, cmdFlags);
        }
        if (len == 0 || direction == NvmOpcode.XFER_NONE) {
            return len == 0 ? 0 : -BridgeErrno.EINVAL;
        }
        if (len > Integer.MAX_VALUE) {
            return -BridgeErrno.EINVAL;
        }
        if ((cmdFlags & IoUring.URING_CMD_FIXED) != 0) {
            int idx = IoUringSqe.bufIndex(s, at);
            long start = space.fixedBufferStart(idx);
            if (start < 0 || Long.compareUnsigned(a - start, space.fixedBufferLength(idx)) > 0
                    || len > space.fixedBufferLength(idx) - (a - start)) {
                return -BridgeErrno.EFAULT;
            }
        }
        if (space.hostOffset(a, len) < 0) {
            return -BridgeErrno.EFAULT;
        }
        long device = direct(a, len);
        if (device == FAULT) {
            return -BridgeErrno.EFAULT;
        }
        if (device == BOUNCE) {
            device = bounces.attach(t, a, len, direction == NvmOpcode.XFER_CONTROLLER_TO_HOST, -1);
            if (device < 0) {
                return (int) device;
            }
        }
        cmd.data(device, (int) len);
        return 0;
    }

    /**
     * Where the device reaches a passthrough buffer {@code [a, a + len)} as it is: its device address on the fixed
     * path when it is dword aligned; {@link #BOUNCE} on the copy path, or when it is not dword aligned (Linux's
     * {@code blk_rq_map_user} and {@code bio_integrity_map_user} copy a buffer that breaks the queue's DMA
     * alignment, 4 bytes for NVMe, instead of failing; READ/WRITE answer -EINVAL, as O_DIRECT does); {@link #FAULT}
     * for memory registered for the copy path, which the fixed path does not serve.
     */
    private long direct(long a, long len) {
        if (dataPath != DataPath.FIXED) {
            return BOUNCE;
        }
        long device = space.deviceAddress(a, len);
        if (device < 0) {
            return FAULT;
        }
        return (device & 3) == 0 ? device : BOUNCE;
    }

    /**
     * A passthrough's metadata buffer ({@code metadata}, {@code metadata_len}): only for a namespace whose format has
     * metadata, in a separate buffer, and only with a data direction (-EINVAL otherwise). On the fixed path a dword
     * aligned buffer is the MPTR itself; any other (and every one on the copy path) goes through a one-off bounce
     * buffer, copied in for a write and back after a read — as Linux's {@code bio_integrity_map_user} copies a
     * buffer that breaks the queue's DMA alignment instead of failing. Returns the MPTR, or a negative errno.
     */
    private long prepareMetadata(int t, int ns, long meta, long metaLen, int direction) {
        Request r = tr.at(t);
        if (namespaces.metadataSize(ns) == 0 || meta == 0 || metaLen == 0 || direction == NvmOpcode.XFER_NONE
                || metaLen > queue.maxTransferBytes()) {
            return -BridgeErrno.EINVAL;
        }
        long host = space.hostOffset(meta, metaLen);
        if (host < 0) {
            return -BridgeErrno.EFAULT;
        }
        r.metaAddr = meta;
        long device = direct(meta, metaLen);
        if (device == FAULT) {
            return -BridgeErrno.EFAULT;
        }
        if (device != BOUNCE) {
            r.metaLen = (int) metaLen;
            return device;
        }
        DmaBuffer bounce = core.metadataBounce(t, metaLen);
        if (bounce == null) {
            return -BridgeErrno.ENOMEM;
        }
        if (direction == NvmOpcode.XFER_HOST_TO_CONTROLLER) {
            MemorySegment.copy(space.whole(), host, bounce.segment(), 0, metaLen);
        }
        r.metaLen = (int) metaLen;
        return bounce.deviceAddress();
    }

    /**
     * After a passthrough read that succeeded: copies a bounced metadata buffer back to the client's; returns
     * {@code r}, or -EFAULT when the client's buffer has left registered memory meanwhile.
     */
    int copyBackMetadata(int t, int r) {
        Request q = tr.at(t);
        DmaBuffer bounce = core.metadataBounced(t);
        if (bounce == null) {
            return r;
        }
        long host = space.hostOffset(q.metaAddr, q.metaLen);
        if (host < 0) {
            return -BridgeErrno.EFAULT;
        }
        MemorySegment.copy(bounce.segment(), 0, space.whole(), host, q.metaLen);
        return r;
    }

    /**
     * The data of a vectored passthrough: {@code count} iovecs at {@code a}, concatenated into the command's one
     * buffer (Linux's nvme_map_user_request with vec). On the fixed path, iovecs PRPs can describe are the
     * command's PRPs as they are; others go through a bounce buffer, as Linux's bio_copy_user_iov bounces
     * through a kernel buffer instead of failing; an iovec in memory the device cannot address is -EFAULT, as
     * for every other opcode on the fixed path. On the copy path every vector is bounced.
     */
    private int prepareVectoredData(int t, IoCommand cmd, long a, long count, int direction, int cmdFlags) {
        Request r = tr.at(t);
        r.bytes = 0;
        if (count == 0) {
            return 0; // no iovecs, no data: as data_len 0 for NVME_URING_CMD_IO
        }
        if ((cmdFlags & IoUring.URING_CMD_FIXED) != 0) {
            return -BridgeErrno.EINVAL; // registered buffers carry flat data only (Linux before 6.15)
        }
        if (count > SqeTranslator.MAX_IOVECS) {
            return -BridgeErrno.EINVAL;
        }
        long vecOff = space.hostOffset(a, count * SqeTranslator.IOVEC_SIZE);
        if (vecOff < 0) {
            return -BridgeErrno.EFAULT;
        }
        long total = ranges.read(space, vecOff, (int) count);
        if (total < 0) {
            return (int) total;
        }
        if (total > queue.maxTransferBytes()) {
            return -BridgeErrno.EINVAL; // one command, no splitting: as Linux, more than the device takes is an error
        }
        r.iovCount = (int) count;
        r.bytes = total;
        if (total == 0) {
            return 0; // only empty iovecs
        }
        if (direction == NvmOpcode.XFER_NONE) {
            return -BridgeErrno.EINVAL;
        }
        if (dataPath == DataPath.FIXED) {
            if (!ranges.deviceReachable) {
                return -BridgeErrno.EFAULT; // as flat data: memory registered for the copy path is not served here
            }
            if (queue.prpDescribable(ranges.addresses, ranges.lengths, ranges.count)) {
                // the iovecs themselves are the command's PRPs, read again when it is issued (supplyRanges)
                r.kind = K_CMD_VEC;
                CoreRequest c = core.request(t);
                c.commandDataInRanges();
                c.rangesAtIssue();
                return 0;
            }
        }
        long device = bounces.attach(t, a, total, direction == NvmOpcode.XFER_CONTROLLER_TO_HOST, vecOff);
        if (device < 0) {
            return (int) device;
        }
        cmd.data(device, (int) total);
        return 0;
    }
}
