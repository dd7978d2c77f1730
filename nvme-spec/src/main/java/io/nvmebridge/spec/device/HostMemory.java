package io.nvmebridge.spec.device;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Host memory as a device sees it: bus addresses in, memory out. The emulator reaches all host memory
 * through this, as a PCI device reaches it only through DMA; QEMU's guest RAM file is the same thing seen
 * from outside QEMU.
 */
public interface HostMemory {

    /**
     * The memory at bus addresses {@code [busAddress, busAddress + length)}, or {@code null} when any byte
     * of it is not mapped (the caller turns that into a data transfer error, never an exception).
     */
    MemorySegment resolve(long busAddress, long length);

    /**
     * The fixed, disjoint windows this memory consists of, when it is a few contiguous ranges that never
     * change: a device may then resolve addresses by bounds arithmetic over them instead of calling
     * {@link #resolve} per transfer (which may allocate a segment each time). Empty (the default) when
     * every transfer must be asked.
     */
    default List<HostWindow> windows() {
        return List.of();
    }
}
