package io.nvmebridge.spec.device;

/**
 * What an emulated PCI function owns: host memory that is both the device's view ({@link HostMemory}) and
 * the driver's allocator ({@link DmaAllocator}). Closing it releases the memory it allocated itself, never
 * memory a caller lent it.
 */
public interface DmaMemory extends HostMemory, DmaAllocator, AutoCloseable {

    /** Bytes the device can reach (all windows together). */
    long size();

    /** Releases the memory this object allocated; idempotent. */
    @Override
    void close();
}
