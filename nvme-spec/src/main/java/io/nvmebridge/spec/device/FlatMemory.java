package io.nvmebridge.spec.device;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One contiguous range of host memory mapped at one contiguous range of bus addresses: the emulator's
 * "host RAM", and QEMU's guest RAM file mapped into the JVM (where bus address = offset in the file). It
 * is both the device's view ({@link HostMemory}) and the driver's allocator ({@link DmaAllocator}).
 *
 * <p>The allocator is first-fit over a free list with coalescing; it serves set-up (queues, buffers,
 * PRP list pools), never the I/O hot path, so it is simply synchronized.
 */
public final class FlatMemory implements DmaMemory {
    private final MemorySegment memory;
    private final long busBase;
    private final List<HostWindow> windows;
    private final Arena arena;
    /** Free extents: offset in {@code memory} -> length. */
    private final TreeMap<Long, Long> free = new TreeMap<>();
    /** Allocated extents: offset -> length, to check frees. */
    private final TreeMap<Long, Long> used = new TreeMap<>();

    /**
     * @param memory        the host view of the whole range
     * @param busBase       bus address of {@code memory}'s first byte
     * @param allocFrom     first offset the allocator may hand out (QEMU keeps low guest memory out)
     * @param arena         closed with this memory, or null when the caller owns the segment
     */
    public FlatMemory(MemorySegment memory, long busBase, long allocFrom, Arena arena) {
        if (busBase < 0 || allocFrom < 0 || allocFrom > memory.byteSize()) {
            throw new IllegalArgumentException("bad flat memory: base=" + busBase + " allocFrom=" + allocFrom);
        }
        this.memory = memory;
        this.busBase = busBase;
        this.windows = List.of(new HostWindow(busBase, memory));
        this.arena = arena;
        if (allocFrom < memory.byteSize()) {
            free.put(allocFrom, memory.byteSize() - allocFrom);
        }
    }

    /** Allocates {@code size} bytes of off-heap memory, page aligned, at bus address {@code busBase}. */
    public static FlatMemory offHeap(long size, long busBase) {
        Arena arena = Arena.ofShared();
        MemorySegment seg = arena.allocate(size, 4096);
        return new FlatMemory(seg, busBase, 0, arena);
    }

    public MemorySegment segment() {
        return memory;
    }

    public long busBase() {
        return busBase;
    }

    @Override
    public long size() {
        return memory.byteSize();
    }

    /** The one window: the whole range. */
    @Override
    public List<HostWindow> windows() {
        return windows;
    }

    @Override
    public MemorySegment resolve(long busAddress, long length) {
        long offset = busAddress - busBase;
        // unsigned comparisons: a huge bus address or length must not wrap into range
        if (length < 0 || Long.compareUnsigned(offset, memory.byteSize()) > 0
                || Long.compareUnsigned(length, memory.byteSize() - offset) > 0) {
            return null;
        }
        return memory.asSlice(offset, length);
    }

    @Override
    public synchronized DmaBuffer allocate(long size, long alignment) {
        if (size <= 0 || alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("bad allocation: size=" + size + " alignment=" + alignment);
        }
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            long start = e.getKey();
            long len = e.getValue();
            long bus = busBase + start;
            long alignedBus = (bus + alignment - 1) & -alignment;
            long pad = alignedBus - bus;
            if (pad + size <= len) {
                free.remove(start);
                if (pad > 0) {
                    free.put(start, pad);
                }
                long end = start + pad + size;
                if (len - pad - size > 0) {
                    free.put(end, len - pad - size);
                }
                used.put(start + pad, size);
                MemorySegment seg = memory.asSlice(start + pad, size);
                seg.fill((byte) 0);
                return new DmaBuffer(seg, alignedBus);
            }
        }
        throw new DmaExhaustedException("DMA memory exhausted: wanted " + size + " bytes aligned to " + alignment
                + ", " + available() + " bytes free in " + free.size() + " extents");
    }

    @Override
    public synchronized void free(DmaBuffer buffer) {
        long offset = buffer.deviceAddress() - busBase;
        Long len = used.get(offset);
        if (len == null || len != buffer.size()) {
            throw new IllegalArgumentException("not an allocated DMA buffer: 0x" + Long.toHexString(buffer.deviceAddress()));
        }
        used.remove(offset);
        long start = offset;
        long length = len;
        Map.Entry<Long, Long> before = free.floorEntry(start);
        if (before != null && before.getKey() + before.getValue() == start) {
            start = before.getKey();
            length += before.getValue();
            free.remove(before.getKey());
        }
        Long after = free.get(offset + len);
        if (after != null) {
            free.remove(offset + len);
            length += after;
        }
        free.put(start, length);
    }

    @Override
    public synchronized long available() {
        long sum = 0;
        for (long l : free.values()) {
            sum += l;
        }
        return sum;
    }

    @Override
    public void close() {
        if (arena != null && arena.scope().isAlive()) {
            arena.close();
        }
    }
}
