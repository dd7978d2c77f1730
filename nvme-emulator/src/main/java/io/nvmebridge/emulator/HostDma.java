package io.nvmebridge.emulator;

import io.nvmebridge.spec.device.FlatMemory;
import io.nvmebridge.spec.device.HostMemory;

import java.lang.foreign.MemorySegment;

/**
 * The device's DMA engine: turns bus addresses into (segment, offset) pairs through {@link HostMemory}.
 *
 * <p>For a {@link FlatMemory} the whole range is resolved once, at construction, and later look-ups are
 * bounds arithmetic on that one window — so the I/O path creates no segment objects. Any other host memory
 * is asked per transfer. A miss (unmapped address) is reported as {@code false}, never thrown: callers turn
 * it into DATA_TRANSFER_ERROR.
 *
 * <p>Not thread safe: the controller uses it only while holding its processing lock.
 */
final class HostDma {
    private final HostMemory host;
    private final MemorySegment window;
    private final long windowBus;
    private final long windowSize;

    /** Result of the last successful {@link #resolve}: the segment and the offset of the first byte in it. */
    MemorySegment seg;
    long off;

    HostDma(HostMemory host) {
        this.host = host;
        if (host instanceof FlatMemory flat) {
            this.windowBus = flat.busBase();
            this.windowSize = flat.size();
            this.window = flat.resolve(windowBus, windowSize);
        } else {
            this.window = null;
            this.windowBus = 0;
            this.windowSize = 0;
        }
    }

    HostMemory host() {
        return host;
    }

    /** Resolves {@code [bus, bus + len)} into {@link #seg}/{@link #off}; false when any byte is unmapped. */
    boolean resolve(long bus, long len) {
        if (window != null) {
            long o = bus - windowBus;
            // unsigned compares: an address below the window wraps to a huge offset
            if (len < 0 || Long.compareUnsigned(o, windowSize) > 0
                    || Long.compareUnsigned(len, windowSize - o) > 0) {
                return false;
            }
            seg = window;
            off = o;
            return true;
        }
        MemorySegment s = host.resolve(bus, len);
        if (s == null) {
            return false;
        }
        seg = s;
        off = 0;
        return true;
    }

    /** A segment for exactly {@code [bus, bus + len)} (used for queues and set-up, not per I/O), or null. */
    MemorySegment slice(long bus, long len) {
        if (!resolve(bus, len)) {
            return null;
        }
        return seg.asSlice(off, len);
    }
}
