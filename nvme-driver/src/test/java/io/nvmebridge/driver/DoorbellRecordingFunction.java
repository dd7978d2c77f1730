package io.nvmebridge.driver;

import io.nvmebridge.spec.device.DmaAllocator;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.NvmeFunction;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

/**
 * A device that is only memory and a doorbell log: DMA buffers come from an automatic arena (device address =
 * host address) and every BAR0 write is recorded, so a ring can be driven by hand in a unit test.
 */
final class DoorbellRecordingFunction implements NvmeFunction {
    /** One BAR0 write. */
    record Write(long offset, int value) {
    }

    final List<Write> writes = new ArrayList<>();
    /** Every DMA buffer handed out, in order (the test's view of the ring memory). */
    final List<DmaBuffer> allocated = new ArrayList<>();
    private final Arena arena = Arena.ofAuto();

    @Override
    public int read32(long offset) {
        return 0;
    }

    @Override
    public long read64(long offset) {
        return 0;
    }

    @Override
    public void write32(long offset, int value) {
        writes.add(new Write(offset, value));
    }

    @Override
    public void write64(long offset, long value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int readConfig32(int offset) {
        return 0;
    }

    @Override
    public void writeConfig32(int offset, int value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DmaAllocator dma() {
        return new DmaAllocator() {
            @Override
            public DmaBuffer allocate(long size, long alignment) {
                var segment = arena.allocate(size, alignment);
                DmaBuffer buffer = new DmaBuffer(segment, segment.address());
                allocated.add(buffer);
                return buffer;
            }

            @Override
            public void free(DmaBuffer buffer) {
            }

            @Override
            public long available() {
                return Long.MAX_VALUE;
            }
        };
    }

    @Override
    public String description() {
        return "doorbell recorder";
    }

    @Override
    public void close() {
    }
}
