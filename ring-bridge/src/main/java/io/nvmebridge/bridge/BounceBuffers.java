package io.nvmebridge.bridge;

import io.nvmebridge.bridge.RequestTrackers.Request;
import io.nvmebridge.spec.device.DmaAllocator;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.DmaExhaustedException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The copy path's data movement for one {@link RingBridge}: each tracker's bounce buffer (kept per tracker,
 * or a one-off one for a larger request), filled from the client's buffer or iovecs when the device reads it
 * and copied back into them when the device wrote it. Split from {@link SqeTranslator} so the block opcodes'
 * and passthrough's translations ({@link PassthroughTranslator}) share it. Owned by the bridge's thread.
 */
final class BounceBuffers {
    private static final System.Logger LOG = System.getLogger(BounceBuffers.class.getName());
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final RequestTrackers tr;
    private final BufferSpace space;
    private final DmaAllocator dma;
    private final int bounceSize;

    /**
     * @param bounceSize bytes of the bounce buffer each tracker keeps (larger requests take a one-off buffer,
     *                   freed when the request completes)
     */
    BounceBuffers(RequestTrackers tr, BufferSpace space, DmaAllocator dma, int bounceSize) {
        this.tr = tr;
        this.space = space;
        this.dma = dma;
        this.bounceSize = bounceSize;
    }

    /**
     * The device transfers to/from a bounce buffer: filled now (gathered from the iovecs for a vector) when the
     * device reads it, copied (scattered) back by {@link #copyBackRead} when the device writes it.
     */
    int attach(int t, long a, long len, boolean deviceWrites, long vecOff) {
        Request r = tr.at(t);
        DmaBuffer b = bounceFor(t, len);
        if (b == null) {
            return -BridgeErrno.ENOMEM;
        }
        r.devAddr = b.deviceAddress();
        if (deviceWrites) {
            r.copyBack = true;
        } else if (vecOff < 0) {
            MemorySegment.copy(space.whole(), space.hostOffset(a, len), b.segment(), 0, len);
        } else {
            return copyIovecs(r.iovCount, vecOff, len, b.segment(), true);
        }
        return 0;
    }

    private DmaBuffer bounceFor(int t, long len) {
        Request r = tr.at(t);
        try {
            if (len <= bounceSize) {
                if (r.bounce == null) {
                    r.bounce = dma.allocate(bounceSize, 4096);
                }
                return r.bounce;
            }
            r.bounceTemp = dma.allocate(len, 4096);
            return r.bounceTemp;
        } catch (DmaExhaustedException e) {
            LOG.log(System.Logger.Level.DEBUG, "no DMA memory for a " + len + " byte bounce buffer");
            return null;
        }
    }

    int copyBackRead(int t, int r) {
        Request q = tr.at(t);
        MemorySegment bounceSeg = (q.bounceTemp != null ? q.bounceTemp : q.bounce).segment();
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
