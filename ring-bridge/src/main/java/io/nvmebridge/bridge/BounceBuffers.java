package io.nvmebridge.bridge;

import io.nvmebridge.bridge.RequestTrackers.Request;
import io.nvmebridge.bridge.core.ForwardingCore;
import io.nvmebridge.spec.device.DmaBuffer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The copy path's data movement for one {@link RingBridge}: between the client's buffer or iovecs in the ring's
 * {@link BufferSpace} and the bounce buffer the {@link ForwardingCore} keeps for the request's tag — filled when the
 * device reads it, copied back when the device wrote it. The buffers are the core's (every front door bounces);
 * the copies are io_uring's (only it knows a BufferSpace and struct iovec). Shared by the block opcodes' and
 * passthrough's translations ({@link PassthroughTranslator}). Owned by the bridge's thread.
 */
final class BounceBuffers {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final RequestTrackers tr;
    private final BufferSpace space;
    private final ForwardingCore core;

    BounceBuffers(RequestTrackers tr, BufferSpace space, ForwardingCore core) {
        this.tr = tr;
        this.space = space;
        this.core = core;
    }

    /**
     * The device transfers to/from a bounce buffer: filled now (gathered from the iovecs for a vector) when the
     * device reads it, copied (scattered) back by {@link #copyBackRead} when the device writes it. Returns the
     * bounce buffer's device address, or a negative errno.
     */
    long attach(int t, long a, long len, boolean deviceWrites, long vecOff) {
        Request r = tr.at(t);
        DmaBuffer b = core.bounce(t, len);
        if (b == null) {
            return -BridgeErrno.ENOMEM;
        }
        if (deviceWrites) {
            r.copyBack = true;
        } else if (vecOff < 0) {
            MemorySegment.copy(space.whole(), space.hostOffset(a, len), b.segment(), 0, len);
        } else {
            int err = copyIovecs(r.iovCount, vecOff, len, b.segment(), true);
            if (err != 0) {
                return err;
            }
        }
        return b.deviceAddress();
    }

    int copyBackRead(int t, int r) {
        Request q = tr.at(t);
        MemorySegment bounceSeg = core.bounced(t).segment();
        MemorySegment whole = space.whole();
        long len = q.bytes;
        if (q.iovCount < 0) {
            long ho = space.hostOffset(q.addr, len);
            if (ho < 0) {
                return -BridgeErrno.EFAULT;
            }
            MemorySegment.copy(bounceSeg, 0, whole, ho, len);
            return r;
        }
        long vecOff = space.hostOffset(q.addr, (long) q.iovCount * SqeTranslator.IOVEC_SIZE);
        if (vecOff < 0) {
            return -BridgeErrno.EFAULT;
        }
        int err = copyIovecs(q.iovCount, vecOff, len, bounceSeg, false);
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
            long base = whole.get(U64, vecOff + (long) i * SqeTranslator.IOVEC_SIZE);
            long l = Math.min(whole.get(U64, vecOff + (long) i * SqeTranslator.IOVEC_SIZE + 8), len - pos);
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
}
