package io.nvmebridge.bridge;

import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.abi.NvmeUringCmd;
import io.nvmebridge.spec.device.DmaAllocator;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.DmaExhaustedException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static io.nvmebridge.bridge.RequestTrackers.K_FAILED;
import static io.nvmebridge.bridge.RequestTrackers.K_IMMEDIATE;
import static io.nvmebridge.bridge.RequestTrackers.K_FLAT;
import static io.nvmebridge.bridge.RequestTrackers.K_VEC;
import static io.nvmebridge.bridge.RequestTrackers.K_FLUSH;
import static io.nvmebridge.bridge.RequestTrackers.K_CMD;
import static io.nvmebridge.bridge.RequestTrackers.K_CMD_VEC;

/**
 * Turns one io_uring SQE into a {@link RequestTrackers tracker} of a {@link RingBridge}: checks every field
 * the way Linux's io_uring and NVMe driver do (an error becomes the request's -errno, answered in its CQE),
 * resolves the buffer in the ring's {@link BufferSpace}, and sets the data pointer — the buffer itself on the
 * {@link DataPath#FIXED fixed} path, a bounce buffer on the {@link DataPath#COPY copy} path, which it also
 * fills for writes and copies back for reads ({@link #copyBackRead}). Owned by the bridge's thread.
 *
 * <p>Vectored passthrough ({@code NVME_URING_CMD_IO_VEC}) is mapped the way Linux maps it: iovecs the device
 * reaches and PRPs can describe become the command's PRPs as they are (fixed path, {@link IovecRanges});
 * any others are gathered into and scattered from a bounce buffer, as Linux bounces through a kernel buffer.
 */
final class SqeTranslator {
    private static final System.Logger LOG = System.getLogger(SqeTranslator.class.getName());
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Linux's UIO_MAXIOV. */
    static final int MAX_IOVECS = 1024;
    static final int IOVEC_SIZE = 16;
    private static final int SUPPORTED_SQE_FLAGS = IoUring.IOSQE_IO_DRAIN | IoUring.IOSQE_IO_LINK
            | IoUring.IOSQE_IO_HARDLINK | IoUring.IOSQE_ASYNC | IoUring.IOSQE_CQE_SKIP_SUCCESS;

    private final RequestTrackers tr;
    private final NamespaceTable namespaces;
    private final BufferSpace space;
    private final DataPath dataPath;
    private final DmaAllocator dma;
    private final int bounceSize;
    private final int setupFlags;
    private final NvmeQueue queue;
    private final IovecRanges ranges;

    /**
     * @param bounceSize bytes of the bounce buffer each tracker keeps on the copy path (larger requests take
     *                   a one-off buffer, freed when the request completes)
     * @param setupFlags the ring's IORING_SETUP_* flags (passthrough needs SQE128 and CQE32)
     * @param queue      the NVMe queue the requests go to (its transfer limit and PRP rules)
     * @param ranges     the bridge's scratch for a vectored passthrough's iovecs
     */
    SqeTranslator(RequestTrackers tr, NamespaceTable namespaces, BufferSpace space, DataPath dataPath,
                  DmaAllocator dma, int bounceSize, int setupFlags, NvmeQueue queue, IovecRanges ranges) {
        this.tr = tr;
        this.namespaces = namespaces;
        this.space = space;
        this.dataPath = dataPath;
        this.dma = dma;
        this.bounceSize = bounceSize;
        this.setupFlags = setupFlags;
        this.queue = queue;
        this.ranges = ranges;
    }

    /** Fills tracker {@code t} from the SQE at {@code at} of {@code s}; a bad SQE makes it K_FAILED with its errno. */
    void prepare(int t, MemorySegment s, long at) {
        int opcode = IoUringSqe.opcode(s, at);
        int flags = IoUringSqe.flags(s, at);
        tr.op[t] = (byte) opcode;
        tr.sqeFlags[t] = (byte) flags;
        tr.userData[t] = IoUringSqe.userData(s, at);
        tr.next[t] = -1;
        tr.res[t] = 0;
        tr.big0[t] = 0;
        tr.pending[t] = 0;
        tr.cursor[t] = 0;
        tr.allIssued[t] = false;
        tr.copyBack[t] = false;
        tr.iovCount[t] = -1;
        tr.bytes[t] = 0;
        tr.metaLen[t] = 0;
        tr.metaDev[t] = 0;
        int err = prepareOp(t, opcode, flags, s, at);
        if (err != 0) {
            tr.kind[t] = K_FAILED;
            tr.res[t] = err;
        }
    }

    /** Returns 0 or a negative errno. */
    private int prepareOp(int t, int opcode, int flags, MemorySegment s, long at) {
        if ((flags & ~SUPPORTED_SQE_FLAGS) != 0) {
            return (flags & IoUring.IOSQE_FIXED_FILE) != 0 ? -BridgeErrno.EBADF : -BridgeErrno.EINVAL;
        }
        if (IoUringSqe.personality(s, at) != 0) {
            return -BridgeErrno.EINVAL;
        }
        switch (opcode) {
            case IoUring.OP_NOP -> {
                tr.kind[t] = K_IMMEDIATE;
                return 0;
            }
            case IoUring.OP_READ, IoUring.OP_WRITE -> {
                if (IoUringSqe.bufIndex(s, at) != 0) {
                    return -BridgeErrno.EINVAL;
                }
                return prepareFlat(t, s, at, IoUringSqe.addr(s, at));
            }
            case IoUring.OP_READ_FIXED, IoUring.OP_WRITE_FIXED -> {
                long a = IoUringSqe.addr(s, at);
                long len = IoUringSqe.len(s, at);
                long start = space.fixedBufferStart(IoUringSqe.bufIndex(s, at));
                long blen = space.fixedBufferLength(IoUringSqe.bufIndex(s, at));
                if (start < 0 || Long.compareUnsigned(a - start, blen) > 0 || len > blen - (a - start)) {
                    return -BridgeErrno.EFAULT;
                }
                return prepareFlat(t, s, at, a);
            }
            case IoUring.OP_READV, IoUring.OP_WRITEV -> {
                if (IoUringSqe.bufIndex(s, at) != 0) {
                    return -BridgeErrno.EINVAL;
                }
                return prepareVector(t, s, at);
            }
            case IoUring.OP_FSYNC -> {
                int ns = IoUringSqe.fd(s, at);
                if (namespaces.lbaShift(ns) < 0) {
                    return -BridgeErrno.EBADF;
                }
                if ((IoUringSqe.rwFlags(s, at) & ~IoUring.FSYNC_DATASYNC) != 0 || IoUringSqe.bufIndex(s, at) != 0) {
                    return -BridgeErrno.EINVAL;
                }
                // IORING_FSYNC_DATASYNC: NVMe has one Flush, which makes data and metadata durable alike
                tr.nsid[t] = ns;
                tr.kind[t] = K_FLUSH;
                return 0;
            }
            case IoUring.OP_URING_CMD -> {
                return preparePassthrough(t, s, at);
            }
            default -> {
                return -BridgeErrno.EINVAL;
            }
        }
    }

    private int checkRw(int t, MemorySegment s, long at) {
        int ns = IoUringSqe.fd(s, at);
        int shift = namespaces.lbaShift(ns);
        if (shift < 0) {
            return -BridgeErrno.EBADF;
        }
        if (IoUringSqe.rwFlags(s, at) != 0 || IoUringSqe.spliceFdIn(s, at) != 0) {
            return -BridgeErrno.EINVAL;
        }
        long off = IoUringSqe.off(s, at);
        if ((off & ((1L << shift) - 1)) != 0) {
            return -BridgeErrno.EINVAL;
        }
        tr.nsid[t] = ns;
        tr.slba[t] = off >>> shift;
        return 0;
    }

    private int prepareFlat(int t, MemorySegment s, long at, long a) {
        int err = checkRw(t, s, at);
        if (err != 0) {
            return err;
        }
        int shift = namespaces.lbaShift(tr.nsid[t]);
        long len = IoUringSqe.len(s, at);
        if ((len & ((1L << shift) - 1)) != 0 || len > Integer.MAX_VALUE) {
            return -BridgeErrno.EINVAL;
        }
        tr.addr[t] = a;
        tr.bytes[t] = len;
        if (len == 0) {
            tr.kind[t] = K_IMMEDIATE;
            return 0;
        }
        if (space.hostOffset(a, len) < 0) {
            return -BridgeErrno.EFAULT;
        }
        tr.kind[t] = K_FLAT;
        return attachData(t, a, len, isRead(tr.op[t]), -1);
    }

    private int prepareVector(int t, MemorySegment s, long at) {
        int err = checkRw(t, s, at);
        if (err != 0) {
            return err;
        }
        int shift = namespaces.lbaShift(tr.nsid[t]);
        long count = IoUringSqe.len(s, at);
        if (count > MAX_IOVECS) {
            return -BridgeErrno.EINVAL;
        }
        long a = IoUringSqe.addr(s, at);
        long vecOff = space.hostOffset(a, count * IOVEC_SIZE);
        if (vecOff < 0) {
            return -BridgeErrno.EFAULT;
        }
        MemorySegment whole = space.whole();
        long total = 0;
        for (int i = 0; i < count; i++) {
            long base = whole.get(U64, vecOff + (long) i * IOVEC_SIZE);
            long len = whole.get(U64, vecOff + (long) i * IOVEC_SIZE + 8);
            if (len < 0 || (len & ((1L << shift) - 1)) != 0) {
                return -BridgeErrno.EINVAL;
            }
            total += len;
            if (total > Integer.MAX_VALUE) {
                return -BridgeErrno.EINVAL;
            }
            if (len != 0 && space.hostOffset(base, len) < 0) {
                return -BridgeErrno.EFAULT;
            }
            if (len != 0 && dataPath == DataPath.FIXED && space.deviceAddress(base, len) < 0) {
                return -BridgeErrno.EFAULT;
            }
            if (len != 0 && dataPath == DataPath.FIXED && (space.deviceAddress(base, len) & 3) != 0) {
                return -BridgeErrno.EINVAL;
            }
        }
        tr.addr[t] = a;
        tr.iovCount[t] = (int) count;
        tr.bytes[t] = total;
        if (total == 0) {
            tr.kind[t] = K_IMMEDIATE;
            return 0;
        }
        if (dataPath == DataPath.FIXED) {
            tr.kind[t] = K_VEC;
            tr.cursorLba[t] = tr.slba[t];
            return 0;
        }
        tr.kind[t] = K_FLAT; // the copy path gathers/scatters the vector through one contiguous bounce
        return attachData(t, a, total, isRead(tr.op[t]), vecOff);
    }

    /**
     * Sets the data pointer of a contiguous transfer: the buffer itself on the fixed path, a bounce buffer
     * on the copy path (filled now for writes; copied back at completion for reads).
     *
     * @param vecOff host offset of the iovec array for a vector, or -1 for a flat buffer at {@code a}
     */
    private int attachData(int t, long a, long len, boolean deviceWrites, long vecOff) {
        return dataPath == DataPath.FIXED ? attachDirect(t, a, len) : attachBounce(t, a, len, deviceWrites, vecOff);
    }

    /** The device transfers to/from the caller's buffer itself. */
    private int attachDirect(int t, long a, long len) {
        long device = space.deviceAddress(a, len);
        if (device < 0) {
            return -BridgeErrno.EFAULT;
        }
        if ((device & 3) != 0) {
            return -BridgeErrno.EINVAL; // NVMe data pointers are dword aligned
        }
        tr.devAddr[t] = device;
        return 0;
    }

    /**
     * The device transfers to/from a bounce buffer: filled now (gathered from the iovecs for a vector) when the
     * device reads it, copied (scattered) back by {@link #copyBackRead} when the device writes it.
     */
    private int attachBounce(int t, long a, long len, boolean deviceWrites, long vecOff) {
        DmaBuffer b = bounceFor(t, len);
        if (b == null) {
            return -BridgeErrno.ENOMEM;
        }
        tr.devAddr[t] = b.deviceAddress();
        if (deviceWrites) {
            tr.copyBack[t] = true;
        } else if (vecOff < 0) {
            MemorySegment.copy(space.whole(), space.hostOffset(a, len), b.segment(), 0, len);
        } else {
            return copyIovecs(tr.iovCount[t], vecOff, len, b.segment(), true);
        }
        return 0;
    }

    private DmaBuffer bounceFor(int t, long len) {
        try {
            if (len <= bounceSize) {
                if (tr.bounce[t] == null) {
                    tr.bounce[t] = dma.allocate(bounceSize, 4096);
                }
                return tr.bounce[t];
            }
            tr.bounceTemp[t] = dma.allocate(len, 4096);
            return tr.bounceTemp[t];
        } catch (DmaExhaustedException e) {
            LOG.log(System.Logger.Level.DEBUG, "no DMA memory for a " + len + " byte bounce buffer");
            return null;
        }
    }

    /**
     * NVMe passthrough (struct nvme_uring_cmd in a 128-byte SQE), as Linux's nvme_uring_cmd_io: data at
     * {@code addr} ({@code data_len} bytes) for NVME_URING_CMD_IO, or {@code data_len} iovecs at {@code addr}
     * for NVME_URING_CMD_IO_VEC ({@link #prepareVectoredData}).
     */
    private int preparePassthrough(int t, MemorySegment s, long at) {
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
        int direction = opcode & 3; // NVMe: bit 0 host-to-controller, bit 1 controller-to-host
        if (direction == 3) {
            return -BridgeErrno.EINVAL;
        }
        long meta = NvmeUringCmd.u64(s, c, NvmeUringCmd.METADATA);
        long metaLen = NvmeUringCmd.u32(s, c, NvmeUringCmd.METADATA_LEN) & 0xFFFF_FFFFL;
        if (meta != 0 || metaLen != 0) {
            int err = prepareMetadata(t, ns, meta, metaLen, direction);
            if (err != 0) {
                return err;
            }
        }
        int o = RequestTrackers.CMD_WORDS * t;
        tr.cmd[o] = opcode;
        tr.cmd[o + 1] = NvmeUringCmd.u32(s, c, NvmeUringCmd.NSID);
        tr.cmd[o + 2] = NvmeUringCmd.u32(s, c, NvmeUringCmd.CDW2);
        tr.cmd[o + 3] = NvmeUringCmd.u32(s, c, NvmeUringCmd.CDW3);
        for (int i = 0; i < 6; i++) {
            tr.cmd[o + 4 + i] = NvmeUringCmd.u32(s, c, NvmeUringCmd.CDW10 + 4 * i);
        }
        tr.nsid[t] = ns;
        tr.kind[t] = K_CMD;
        long a = NvmeUringCmd.u64(s, c, NvmeUringCmd.ADDR);
        long len = NvmeUringCmd.u32(s, c, NvmeUringCmd.DATA_LEN) & 0xFFFF_FFFFL;
        tr.addr[t] = a;
        tr.bytes[t] = len;
        tr.devAddr[t] = 0;
        if (vectored) {
            return prepareVectoredData(t, a, len, direction, cmdFlags);
        }
        if (len == 0 || direction == 0) {
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
        if (dataPath == DataPath.FIXED) {
            long device = space.deviceAddress(a, len);
            if (device < 0) {
                return -BridgeErrno.EFAULT; // memory registered for the copy path: the fixed path does not serve it
            }
            if ((device & 3) == 0) {
                tr.devAddr[t] = device;
                return 0;
            }
            // not dword aligned: Linux's blk_rq_map_user bounces a buffer that breaks the queue's DMA alignment
            // (4 bytes for NVMe) instead of failing, so passthrough does too (READ/WRITE answer -EINVAL, as
            // O_DIRECT does)
        }
        return attachBounce(t, a, len, direction == 2, -1);
    }

    /**
     * A passthrough's metadata buffer ({@code metadata}, {@code metadata_len}): only for a namespace whose format has
     * metadata, in a separate buffer, as Linux maps it only for such a namespace (-EINVAL otherwise), and only with
     * a data direction. On the fixed path the buffer itself is the MPTR (dword aligned, as PRP mode requires;
     * -EINVAL otherwise); on the copy path it goes through a one-off bounce buffer, copied in for a write and back
     * after a read.
     */
    private int prepareMetadata(int t, int ns, long meta, long metaLen, int direction) {
        if (namespaces.metadataSize(ns) == 0 || meta == 0 || metaLen == 0 || direction == 0
                || metaLen > queue.maxTransferBytes()) {
            return -BridgeErrno.EINVAL;
        }
        long host = space.hostOffset(meta, metaLen);
        if (host < 0) {
            return -BridgeErrno.EFAULT;
        }
        tr.metaAddr[t] = meta;
        if (dataPath == DataPath.FIXED) {
            long device = space.deviceAddress(meta, metaLen);
            if (device < 0) {
                return -BridgeErrno.EFAULT; // memory registered for the copy path: the fixed path does not serve it
            }
            if ((device & 3) != 0) {
                return -BridgeErrno.EINVAL;
            }
            tr.metaDev[t] = device;
            tr.metaLen[t] = (int) metaLen;
            return 0;
        }
        try {
            tr.metaBounce[t] = dma.allocate(metaLen, 4096);
        } catch (DmaExhaustedException e) {
            LOG.log(System.Logger.Level.DEBUG, "no DMA memory for a " + metaLen + " byte metadata bounce buffer");
            return -BridgeErrno.ENOMEM;
        }
        if (direction == 1) {
            MemorySegment.copy(space.whole(), host, tr.metaBounce[t].segment(), 0, metaLen);
        }
        tr.metaDev[t] = tr.metaBounce[t].deviceAddress();
        tr.metaLen[t] = (int) metaLen;
        return 0;
    }

    /**
     * After a passthrough read that succeeded: copies a bounced metadata buffer back to the client's; returns
     * {@code r}, or -EFAULT when the client's buffer has left registered memory meanwhile.
     */
    int copyBackMetadata(int t, int r) {
        if (tr.metaBounce[t] == null) {
            return r;
        }
        long host = space.hostOffset(tr.metaAddr[t], tr.metaLen[t]);
        if (host < 0) {
            return -BridgeErrno.EFAULT;
        }
        MemorySegment.copy(tr.metaBounce[t].segment(), 0, space.whole(), host, tr.metaLen[t]);
        return r;
    }

    /**
     * The data of a vectored passthrough: {@code count} iovecs at {@code a}, concatenated into the command's one
     * buffer (Linux's nvme_map_user_request with vec). On the fixed path, iovecs PRPs can describe are the
     * command's PRPs as they are; others go through a bounce buffer, as Linux's bio_copy_user_iov bounces
     * through a kernel buffer instead of failing; an iovec in memory the device cannot address is -EFAULT, as
     * for every other opcode on the fixed path. On the copy path every vector is bounced.
     */
    private int prepareVectoredData(int t, long a, long count, int direction, int cmdFlags) {
        tr.bytes[t] = 0;
        if (count == 0) {
            return 0; // no iovecs, no data: as data_len 0 for NVME_URING_CMD_IO
        }
        if ((cmdFlags & IoUring.URING_CMD_FIXED) != 0) {
            return -BridgeErrno.EINVAL; // registered buffers carry flat data only (Linux before 6.15)
        }
        if (count > MAX_IOVECS) {
            return -BridgeErrno.EINVAL;
        }
        long vecOff = space.hostOffset(a, count * IOVEC_SIZE);
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
        tr.iovCount[t] = (int) count;
        tr.bytes[t] = total;
        if (total == 0) {
            return 0; // only empty iovecs
        }
        if (direction == 0) {
            return -BridgeErrno.EINVAL;
        }
        if (dataPath == DataPath.FIXED) {
            if (!ranges.deviceReachable) {
                return -BridgeErrno.EFAULT; // as flat data: memory registered for the copy path is not served here
            }
            if (queue.prpDescribable(ranges.addresses, ranges.lengths, ranges.count)) {
                tr.kind[t] = K_CMD_VEC; // the bridge reads the iovecs again when it issues the command
                return 0;
            }
        }
        return attachBounce(t, a, total, direction == 2, vecOff);
    }

    int copyBackRead(int t, int r) {
        MemorySegment bounceSeg = tr.bounceTemp[t] != null ? tr.bounceTemp[t].segment() : tr.bounce[t].segment();
        MemorySegment whole = space.whole();
        long len = tr.bytes[t];
        if (tr.iovCount[t] < 0) {
            long ho = space.hostOffset(tr.addr[t], len);
            if (ho < 0) {
                return -BridgeErrno.EFAULT;
            }
            MemorySegment.copy(bounceSeg, 0, whole, ho, len);
            return r;
        }
        long vecOff = space.hostOffset(tr.addr[t], (long) tr.iovCount[t] * IOVEC_SIZE);
        if (vecOff < 0) {
            return -BridgeErrno.EFAULT;
        }
        int err = copyIovecs(tr.iovCount[t], vecOff, len, bounceSeg, false);
        return err != 0 ? err : r;
    }

    /**
     * Gathers {@code count} iovecs at host offset {@code vecOff} into {@code bounce} ({@code toBounce}) or scatters
     * {@code bounce} back into them, never more than {@code len} bytes in all: the iovecs are the client's and may
     * have grown since they were checked. Returns 0, or -EFAULT for an iovec that has left registered memory.
     */
    private int copyIovecs(int count, long vecOff, long len, MemorySegment bounce, boolean toBounce) {
        MemorySegment whole = space.whole();
        long pos = 0;
        for (int i = 0; i < count && pos < len; i++) {
            long base = whole.get(U64, vecOff + (long) i * IOVEC_SIZE);
            long l = Math.min(whole.get(U64, vecOff + (long) i * IOVEC_SIZE + 8), len - pos);
            if (l > 0) {
                long ho = space.hostOffset(base, l);
                if (ho < 0) {
                    return -BridgeErrno.EFAULT;
                }
                if (toBounce) {
                    MemorySegment.copy(whole, ho, bounce, pos, l);
                } else {
                    MemorySegment.copy(bounce, pos, whole, ho, l);
                }
                pos += l;
            }
        }
        return 0;
    }

    static boolean isRead(int opcode) {
        return opcode == IoUring.OP_READ || opcode == IoUring.OP_READV || opcode == IoUring.OP_READ_FIXED;
    }
}
