package io.nvmebridge.emulator;

import io.nvmebridge.spec.device.HostMemory;
import io.nvmebridge.spec.device.HostWindow;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The device's DMA engine: turns bus addresses into (segment, offset) pairs through {@link HostMemory}.
 *
 * <p>When the host memory consists of a few fixed windows ({@link HostMemory#windows()}: a
 * {@code FlatMemory}'s one, a {@code WindowedMemory}'s data and private windows) each window is resolved
 * once, at construction, and later look-ups are bounds arithmetic over them — so the I/O path creates no
 * segment objects. Any other host memory is asked per transfer. A range must lie inside one window (a
 * range across the gap between two is unmapped, as a range across two segments could not be returned as
 * one). A miss (unmapped address) is reported as {@code false}, never thrown: callers turn it into
 * DATA_TRANSFER_ERROR.
 *
 * <p>Not thread safe: the controller uses it only while holding its processing lock.
 */
final class HostDma {
    /** More windows than this are asked per transfer: a linear scan should stay a handful of compares. */
    static final int MAX_WINDOWS = 4;

    private final HostMemory host;
    /** The windows in the host memory's order (null: ask the host memory); parallel arrays. */
    private final MemorySegment[] windows;
    private final long[] windowBus;
    private final long[] windowSize;

    /** Result of the last successful {@link #resolve}: the segment and the offset of the first byte in it. */
    MemorySegment seg;
    long off;

    HostDma(HostMemory host) {
        this.host = host;
        List<HostWindow> w = host.windows();
        if (w.isEmpty() || w.size() > MAX_WINDOWS) {
            this.windows = null;
            this.windowBus = null;
            this.windowSize = null;
            return;
        }
        this.windows = new MemorySegment[w.size()];
        this.windowBus = new long[w.size()];
        this.windowSize = new long[w.size()];
        for (int i = 0; i < w.size(); i++) {
            windows[i] = w.get(i).segment();
            windowBus[i] = w.get(i).busBase();
            windowSize[i] = w.get(i).size();
        }
    }

    HostMemory host() {
        return host;
    }

    /** Resolves {@code [bus, bus + len)} into {@link #seg}/{@link #off}; false when any byte is unmapped. */
    boolean resolve(long bus, long len) {
        if (windows != null) {
            if (len < 0) {
                return false;
            }
            for (int i = 0; i < windows.length; i++) {
                long o = bus - windowBus[i];
                // unsigned compares: an address below the window wraps to a huge offset
                if (Long.compareUnsigned(o, windowSize[i]) <= 0 && Long.compareUnsigned(len, windowSize[i] - o) <= 0) {
                    seg = windows[i];
                    off = o;
                    return true;
                }
            }
            return false;
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
