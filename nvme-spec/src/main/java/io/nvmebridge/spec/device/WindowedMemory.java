package io.nvmebridge.spec.device;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A device's host memory made of two windows: a data window that a caller lends (e.g. the data area of a
 * shared ring file that other processes map: their buffers are device addresses, nothing is copied) and a
 * private window from which every DMA allocation comes — queues, PRP lists, bounce buffers. The data
 * window is never handed out, so nothing the device keeps for itself lies in memory the lender shares.
 *
 * <p>{@link #withPrivateMemory} puts the private window above the data window with a gap of at least
 * {@link #GAP} bus addresses, so a transfer running off the end of the data window misses (a data transfer
 * error) instead of landing in the device's own memory.
 */
public final class WindowedMemory implements DmaMemory {
    /** Least gap between the data and the private window, and the alignment of the private window's base. */
    public static final long GAP = 1L << 30;

    private final HostWindow data;
    private final FlatMemory privateMemory;
    private final HostWindow privateWindow;
    private final List<HostWindow> windows;

    /**
     * @param data          the lent window; this object never allocates from it nor releases it
     * @param privateMemory where allocations come from; closed with this object
     */
    public WindowedMemory(HostWindow data, FlatMemory privateMemory) {
        this.privateWindow = privateMemory.windows().getFirst();
        if (data.overlaps(privateWindow)) {
            throw new IllegalArgumentException("the data window 0x" + Long.toHexString(data.busBase()) + "..0x"
                    + Long.toHexString(data.busEnd()) + " overlaps the private window 0x"
                    + Long.toHexString(privateWindow.busBase()) + "..0x" + Long.toHexString(privateWindow.busEnd()));
        }
        this.data = data;
        this.privateMemory = privateMemory;
        // the data window first: I/O buffers are looked up far more often than queues and PRP lists
        this.windows = List.of(data, privateWindow);
    }

    /**
     * Lends {@code data} at bus address {@code dataBus} and allocates {@code privateBytes} of off-heap
     * memory (page aligned, zeroed) for the private window, at {@link #privateBusAbove}.
     */
    public static WindowedMemory withPrivateMemory(MemorySegment data, long dataBus, long privateBytes) {
        if (privateBytes <= 0) {
            throw new IllegalArgumentException("private memory must be positive: " + privateBytes);
        }
        HostWindow d = new HostWindow(dataBus, data);
        long privateBus = privateBusAbove(d);
        if (privateBytes > Long.MAX_VALUE - privateBus) {
            throw new IllegalArgumentException("no bus addresses left above the data window at 0x"
                    + Long.toHexString(dataBus));
        }
        return new WindowedMemory(d, FlatMemory.offHeap(privateBytes, privateBus));
    }

    /** The first multiple of {@link #GAP} that leaves at least {@link #GAP} bus addresses after {@code data}. */
    public static long privateBusAbove(HostWindow data) {
        long bus = ((data.busEnd() + GAP - 1) & -GAP) + GAP;
        if (bus < data.busEnd()) {
            throw new IllegalArgumentException("no bus addresses left above the data window at 0x"
                    + Long.toHexString(data.busBase()));
        }
        return bus;
    }

    public HostWindow dataWindow() {
        return data;
    }

    public HostWindow privateWindow() {
        return privateWindow;
    }

    @Override
    public List<HostWindow> windows() {
        return windows;
    }

    @Override
    public MemorySegment resolve(long busAddress, long length) {
        if (data.contains(busAddress, length)) {
            return data.segment().asSlice(busAddress - data.busBase(), length);
        }
        return privateMemory.resolve(busAddress, length);
    }

    /** From the private window only. */
    @Override
    public DmaBuffer allocate(long size, long alignment) {
        return privateMemory.allocate(size, alignment);
    }

    @Override
    public void free(DmaBuffer buffer) {
        privateMemory.free(buffer);
    }

    /** Free bytes of the private window. */
    @Override
    public long available() {
        return privateMemory.available();
    }

    @Override
    public long size() {
        return data.size() + privateWindow.size();
    }

    /** Releases the private window; the data window stays the lender's. */
    @Override
    public void close() {
        privateMemory.close();
    }
}
