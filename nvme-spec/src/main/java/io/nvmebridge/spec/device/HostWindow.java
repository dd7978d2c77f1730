package io.nvmebridge.spec.device;

import java.lang.foreign.MemorySegment;

/**
 * One contiguous piece of host memory at contiguous bus addresses: the bus address {@code busBase} is
 * byte 0 of {@code segment}. A {@link HostMemory} made of a few fixed windows lists them
 * ({@link HostMemory#windows()}) so a device can resolve addresses by bounds arithmetic.
 */
public record HostWindow(long busBase, MemorySegment segment) {

    public HostWindow {
        if (busBase < 0 || segment.byteSize() > Long.MAX_VALUE - busBase) {
            throw new IllegalArgumentException("bad host window: base=0x" + Long.toHexString(busBase)
                    + " size=" + segment.byteSize());
        }
    }

    public long size() {
        return segment.byteSize();
    }

    /** Bus address one past the last byte. */
    public long busEnd() {
        return busBase + segment.byteSize();
    }

    /** True when every byte of {@code [bus, bus + length)} is in this window. */
    public boolean contains(long bus, long length) {
        long offset = bus - busBase;
        // unsigned comparisons: an address below the window wraps to a huge offset, a negative length too
        return length >= 0 && Long.compareUnsigned(offset, size()) <= 0
                && Long.compareUnsigned(length, size() - offset) <= 0;
    }

    /** True when the two windows share a bus address. */
    public boolean overlaps(HostWindow other) {
        return busBase < other.busEnd() && other.busBase < busEnd();
    }
}
