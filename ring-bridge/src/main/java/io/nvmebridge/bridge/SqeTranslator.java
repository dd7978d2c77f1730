package io.nvmebridge.bridge;

import io.nvmebridge.bridge.RequestTrackers.Request;
import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.core.CoreRequest;
import io.nvmebridge.bridge.core.ForwardingCore;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static io.nvmebridge.bridge.RequestTrackers.K_FAILED;
import static io.nvmebridge.bridge.RequestTrackers.K_IMMEDIATE;
import static io.nvmebridge.bridge.RequestTrackers.K_FLAT;
import static io.nvmebridge.bridge.RequestTrackers.K_VEC;
import static io.nvmebridge.bridge.RequestTrackers.K_CMD_VEC;
import static io.nvmebridge.bridge.RequestTrackers.K_FLUSH;

/**
 * Turns one io_uring SQE into a request of a {@link RingBridge}: its io_uring state ({@link RequestTrackers}) and
 * its NVMe side, a {@link CoreRequest} of the bridge's {@link ForwardingCore} with its data as device addresses.
 * Checks every field the way Linux's io_uring and NVMe driver do (an error becomes the request's -errno, answered
 * in its CQE, and the core request completes locally to keep its place), resolves the buffer in the ring's
 * {@link BufferSpace}, and sets the data pointer — the buffer itself on the
 * {@link DataPath#FIXED fixed} path, a bounce buffer on the {@link DataPath#COPY copy} path ({@link BounceBuffers}),
 * which is filled for writes and copied back for reads ({@link #copyBackRead}). NVMe passthrough
 * (IORING_OP_URING_CMD) is {@link PassthroughTranslator}'s. Owned by the bridge's thread.
 */
final class SqeTranslator {
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
    private final BounceBuffers bounces;
    private final PassthroughTranslator passthrough;
    private final ForwardingCore core;
    private final IovecRanges ranges;

    /**
     * @param setupFlags the ring's IORING_SETUP_* flags (passthrough needs SQE128 and CQE32)
     * @param core       the core the requests go to (its bounce buffers; its queue's transfer limit and PRP rules)
     * @param ranges     the bridge's scratch for a vectored passthrough's iovecs
     */
    SqeTranslator(RequestTrackers tr, NamespaceTable namespaces, BufferSpace space, DataPath dataPath,
                  int setupFlags, ForwardingCore core, IovecRanges ranges) {
        this.tr = tr;
        this.namespaces = namespaces;
        this.space = space;
        this.dataPath = dataPath;
        this.core = core;
        this.ranges = ranges;
        this.bounces = new BounceBuffers(tr, space, core);
        this.passthrough = new PassthroughTranslator(tr, namespaces, space, dataPath, setupFlags, core, ranges,
                bounces);
    }

    /** After a read on the copy path: scatters the bounce buffer back into the client's buffer or iovecs. */
    int copyBackRead(int t, int r) {
        return bounces.copyBackRead(t, r);
    }

    /** After a passthrough read: copies a bounced metadata buffer back into the client's. */
    int copyBackMetadata(int t, int r) {
        return passthrough.copyBackMetadata(t, r);
    }

    /**
     * Fills request {@code t} (a tag the core just gave out) from the SQE at {@code at} of {@code s}, whose quadword 0 the caller read
     * ({@link IoUringSqe#word0}); a bad SQE makes it K_FAILED with its errno.
     */
    void prepare(int t, MemorySegment s, long at, long word0) {
        Request r = tr.at(t);
        int opcode = IoUringSqe.opcodeOf(word0);
        int flags = IoUringSqe.flagsOf(word0);
        r.op = (byte) opcode;
        r.sqeFlags = (byte) flags;
        r.userData = IoUringSqe.userData(s, at);
        r.next = -1;
        r.res = 0;
        r.big0 = 0;
        r.copyBack = false;
        r.iovCount = -1;
        r.bytes = 0;
        r.metaLen = 0;
        int err = prepareOp(t, opcode, flags, word0, s, at);
        if (err != 0) {
            r.kind = K_FAILED;
            r.res = err;
        }
        if (r.kind == K_FAILED || r.kind == K_IMMEDIATE) {
            core.request(t).local(0); // answered with res, in its place among the requests around it
        }
    }

    /** Returns 0 or a negative errno. */
    private int prepareOp(int t, int opcode, int flags, long word0, MemorySegment s, long at) {
        if ((flags & ~SUPPORTED_SQE_FLAGS) != 0) {
            return (flags & IoUring.IOSQE_FIXED_FILE) != 0 ? -BridgeErrno.EBADF : -BridgeErrno.EINVAL;
        }
        long bufWord = IoUringSqe.bufWord(s, at);
        if (IoUringSqe.personalityOf(bufWord) != 0) {
            return -BridgeErrno.EINVAL;
        }
        if (opcode == IoUring.OP_READ || opcode == IoUring.OP_WRITE) {
            // the common case first, small enough for the JIT to inline
            if (IoUringSqe.bufIndexOf(bufWord) != 0) {
                return -BridgeErrno.EINVAL;
            }
            return prepareFlat(t, s, at, IoUringSqe.addr(s, at), IoUringSqe.fdOf(word0), bufWord);
        }
        return prepareOther(t, opcode, s, at);
    }

    /** {@link #prepareOp} for every opcode but READ and WRITE. */
    private int prepareOther(int t, int opcode, MemorySegment s, long at) {
        Request r = tr.at(t);
        switch (opcode) {
            case IoUring.OP_NOP -> {
                r.kind = K_IMMEDIATE;
                return 0;
            }
            case IoUring.OP_READ_FIXED, IoUring.OP_WRITE_FIXED -> {
                long a = IoUringSqe.addr(s, at);
                long len = IoUringSqe.len(s, at);
                long start = space.fixedBufferStart(IoUringSqe.bufIndex(s, at));
                long blen = space.fixedBufferLength(IoUringSqe.bufIndex(s, at));
                if (start < 0 || Long.compareUnsigned(a - start, blen) > 0 || len > blen - (a - start)) {
                    return -BridgeErrno.EFAULT;
                }
                return prepareFlat(t, s, at, a, IoUringSqe.fd(s, at), IoUringSqe.bufWord(s, at));
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
                r.nsid = ns;
                r.kind = K_FLUSH;
                core.request(t).flush(ns);
                return 0;
            }
            case IoUring.OP_URING_CMD -> {
                return passthrough.prepare(t, s, at);
            }
            default -> {
                return -BridgeErrno.EINVAL;
            }
        }
    }

    /**
     * The checks every read and write shares (namespace {@code ns}, no rw_flags or splice_fd_in, an offset on a
     * block boundary); sets the request's namespace and SLBA. Returns the namespace's LBA shift, or a negative
     * errno.
     */
    private int checkRw(int t, MemorySegment s, long at, int ns, long lenWord, long bufWord) {
        Request r = tr.at(t);
        int shift = namespaces.lbaShift(ns);
        if (shift < 0) {
            return -BridgeErrno.EBADF;
        }
        if (IoUringSqe.rwFlagsOf(lenWord) != 0 || IoUringSqe.spliceFdInOf(bufWord) != 0) {
            return -BridgeErrno.EINVAL;
        }
        long off = IoUringSqe.off(s, at);
        if ((off & ((1L << shift) - 1)) != 0) {
            return -BridgeErrno.EINVAL;
        }
        r.nsid = ns;
        r.slba = off >>> shift;
        return shift;
    }

    private int prepareFlat(int t, MemorySegment s, long at, long a, int ns, long bufWord) {
        Request r = tr.at(t);
        long lenWord = IoUringSqe.lenWord(s, at);
        int shift = checkRw(t, s, at, ns, lenWord, bufWord);
        if (shift < 0) {
            return shift;
        }
        long len = IoUringSqe.lenOf(lenWord);
        if ((len & ((1L << shift) - 1)) != 0 || len > Integer.MAX_VALUE) {
            return -BridgeErrno.EINVAL;
        }
        r.addr = a;
        r.bytes = len;
        if (len == 0) {
            r.kind = K_IMMEDIATE;
            return 0;
        }
        if (space.hostOffset(a, len) < 0) {
            return -BridgeErrno.EFAULT;
        }
        boolean read = isRead(r.op);
        return describeFlat(t, r, shift, read, attachData(t, a, len, read, -1));
    }

    /**
     * Makes request {@code t} one contiguous read or write of its bytes at {@code device} (a data pointer from
     * {@link #attachData}); returns 0, or {@code device} when it is a negative errno.
     */
    private int describeFlat(int t, Request r, int shift, boolean read, long device) {
        if (device < 0) {
            return (int) device;
        }
        r.kind = K_FLAT;
        int blocks = (int) (r.bytes >>> shift);
        if (read) {
            core.request(t).read(r.nsid, r.slba, blocks, device);
        } else {
            core.request(t).write(r.nsid, r.slba, blocks, device);
        }
        return 0;
    }

    private int prepareVector(int t, MemorySegment s, long at) {
        Request r = tr.at(t);
        int shift = checkRw(t, s, at, IoUringSqe.fd(s, at), IoUringSqe.lenWord(s, at), IoUringSqe.bufWord(s, at));
        if (shift < 0) {
            return shift;
        }
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
        boolean fixed = dataPath == DataPath.FIXED;
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
            if (len != 0 && fixed) {
                long device = space.deviceAddress(base, len);
                if (device < 0) {
                    return -BridgeErrno.EFAULT;
                }
                if ((device & 3) != 0) {
                    return -BridgeErrno.EINVAL;
                }
            }
        }
        r.addr = a;
        r.iovCount = (int) count;
        r.bytes = total;
        if (total == 0) {
            r.kind = K_IMMEDIATE;
            return 0;
        }
        if (fixed) {
            // one NVMe command per iovec, straight to the client's memory: the core issues them and reassembles
            // them; the iovecs are read again when it does (supplyRanges), the client owning them until then
            r.kind = K_VEC;
            CoreRequest c = core.request(t);
            if (isRead(r.op)) {
                c.readRanges(r.nsid, r.slba, shift);
            } else {
                c.writeRanges(r.nsid, r.slba, shift);
            }
            c.rangesAtIssue();
            return 0;
        }
        // the copy path gathers/scatters the vector through one contiguous bounce
        boolean read = isRead(r.op);
        return describeFlat(t, r, shift, read, attachData(t, a, total, read, vecOff));
    }

    /**
     * Sets the data pointer of a contiguous transfer: the buffer itself on the fixed path, a bounce buffer
     * on the copy path (filled now for writes; copied back at completion for reads). Returns the data pointer
     * (a device address), or a negative errno.
     *
     * @param vecOff host offset of the iovec array for a vector, or -1 for a flat buffer at {@code a}
     */
    private long attachData(int t, long a, long len, boolean deviceWrites, long vecOff) {
        return dataPath == DataPath.FIXED ? attachDirect(a, len) : bounces.attach(t, a, len, deviceWrites, vecOff);
    }

    /** The device transfers to/from the caller's buffer itself: its device address, or a negative errno. */
    private long attachDirect(long a, long len) {
        long device = space.deviceAddress(a, len);
        if (device < 0) {
            return -BridgeErrno.EFAULT;
        }
        if ((device & 3) != 0) {
            return -BridgeErrno.EINVAL; // NVMe data pointers are dword aligned
        }
        return device;
    }

    /**
     * The device address ranges of a fixed-path vector (K_VEC, K_CMD_VEC), read from the client's iovecs when the
     * core issues the request. The client owns the array and may have changed it since {@link #prepare} checked
     * it: then the request fails with -EFAULT and nothing is issued.
     */
    boolean supplyRanges(int t, CoreRequest c) {
        Request r = tr.at(t);
        long vecOff = space.hostOffset(r.addr, (long) r.iovCount * IOVEC_SIZE);
        if (r.kind == K_CMD_VEC) {
            long total = vecOff < 0 ? -1 : ranges.read(space, vecOff, r.iovCount);
            if (total < 0 || !ranges.deviceReachable) {
                r.res = -BridgeErrno.EFAULT;
                return false;
            }
            // still PRP-describable and within MDTS is the driver's to check (an invalid request, -EINVAL, if not)
            for (int i = 0; i < ranges.count; i++) {
                c.addRange(ranges.addresses[i], ranges.lengths[i]);
            }
            return true;
        }
        int shift = namespaces.lbaShift(r.nsid);
        MemorySegment whole = space.whole();
        for (int i = 0; i < r.iovCount; i++) {
            long base = 0;
            long len = 0;
            if (vecOff >= 0) {
                base = whole.get(U64, vecOff + (long) i * IOVEC_SIZE);
                len = whole.get(U64, vecOff + (long) i * IOVEC_SIZE + 8);
            }
            long device = space.deviceAddress(base, len);
            if (vecOff < 0 || device < 0 || (len & ((1L << shift) - 1)) != 0) {
                r.res = -BridgeErrno.EFAULT;
                return false;
            }
            if (len != 0) {
                c.addRange(device, len);
            }
        }
        return true;
    }

    static boolean isRead(int opcode) {
        return opcode == IoUring.OP_READ || opcode == IoUring.OP_READV || opcode == IoUring.OP_READ_FIXED;
    }
}
