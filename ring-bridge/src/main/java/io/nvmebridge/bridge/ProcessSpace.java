package io.nvmebridge.bridge;

import io.nvmebridge.spec.device.DmaBuffer;
import java.lang.foreign.MemorySegment;

/**
 * This process's native memory, as Linux's io_uring sees a task's address space: {@code addr} is a
 * native address. Unlike the kernel, which can fault safely, the bridge accepts only addresses inside
 * memory registered with the ring: DMA buffers (fixed buffers, index = registration order; the device
 * reaches them directly) and plain native memory for the copy path (arena or mapped segments the device
 * cannot address). Anything else is -EFAULT — random bytes in an SQE never reach unchecked memory.
 *
 * <p>Registration happens at set-up, from the ring's owner; the hot path only scans the small arrays.
 */
public final class ProcessSpace implements BufferSpace {
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final int MAX_REGIONS = 1024;

    private final long[] start = new long[MAX_REGIONS];
    private final long[] length = new long[MAX_REGIONS];
    /** Device address of the region's first byte, or -1 for memory the device cannot address. */
    private final long[] device = new long[MAX_REGIONS];
    /** Region number of fixed buffer i. */
    private final int[] fixed = new int[MAX_REGIONS];
    private int regions;
    private int fixedCount;

    /** Registers a DMA buffer as the next fixed buffer; returns its index. */
    public synchronized int registerDma(DmaBuffer buffer) {
        int r = add(buffer.segment(), buffer.deviceAddress());
        fixed[fixedCount] = r;
        return fixedCount++;
    }

    /** Registers native memory the device cannot address (served by the copy path). */
    public synchronized void registerHostMemory(MemorySegment segment) {
        add(segment, -1);
    }

    private int add(MemorySegment segment, long deviceAddress) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("only native memory can be registered, not " + segment);
        }
        if (regions == MAX_REGIONS) {
            throw new IllegalStateException("more than " + MAX_REGIONS + " registered regions");
        }
        start[regions] = segment.address();
        length[regions] = segment.byteSize();
        device[regions] = deviceAddress;
        return regions++;
    }

    private int regionOf(long addr, long len) {
        if (len < 0) {
            return -1;
        }
        for (int r = 0; r < regions; r++) {
            long off = addr - start[r];
            if (Long.compareUnsigned(off, length[r]) <= 0 && Long.compareUnsigned(len, length[r] - off) <= 0) {
                return r;
            }
        }
        return -1;
    }

    @Override
    public MemorySegment whole() {
        return ALL;
    }

    @Override
    public long hostOffset(long addr, long len) {
        return regionOf(addr, len) < 0 ? -1 : addr;
    }

    @Override
    public long deviceAddress(long addr, long len) {
        int r = regionOf(addr, len);
        if (r < 0 || device[r] < 0) {
            return -1;
        }
        return device[r] + (addr - start[r]);
    }

    @Override
    public long fixedBufferStart(int index) {
        return index < fixedCount ? start[fixed[index]] : -1;
    }

    @Override
    public long fixedBufferLength(int index) {
        return index < fixedCount ? length[fixed[index]] : 0;
    }
}
