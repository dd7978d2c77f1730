package io.nvmebridge.bridge.core;

import io.nvmebridge.spec.device.DmaAllocator;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.DmaExhaustedException;
import java.lang.foreign.Arena;
import java.util.HashSet;
import java.util.Set;

/** DMA memory for core tests: heap-free segments with made-up device addresses; counts what is live; can run dry. */
final class FakeDma implements DmaAllocator {
    private final Arena arena = Arena.ofAuto();
    final Set<DmaBuffer> live = new HashSet<>();
    private long nextDevice = 0x10_0000;
    boolean exhausted;

    @Override
    public DmaBuffer allocate(long size, long alignment) {
        if (exhausted) {
            throw new DmaExhaustedException("test: no DMA memory");
        }
        DmaBuffer b = new DmaBuffer(arena.allocate(size, alignment), nextDevice);
        nextDevice += (size + 4095) & ~4095L;
        live.add(b);
        return b;
    }

    @Override
    public void free(DmaBuffer buffer) {
        if (!live.remove(buffer)) {
            throw new IllegalStateException("freed twice or not ours: " + buffer);
        }
    }

    @Override
    public long available() {
        return exhausted ? 0 : Long.MAX_VALUE;
    }
}
