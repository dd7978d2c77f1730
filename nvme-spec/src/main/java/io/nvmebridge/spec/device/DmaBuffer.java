package io.nvmebridge.spec.device;

import java.lang.foreign.MemorySegment;

/**
 * A piece of DMA-able memory: the host's view ({@code segment}) and the address the device uses for its
 * first byte. Device addresses are contiguous over the whole buffer.
 */
public record DmaBuffer(MemorySegment segment, long deviceAddress) {

    public long size() {
        return segment.byteSize();
    }

    /** Device address of byte {@code offset} of this buffer. */
    public long deviceAddress(long offset) {
        return deviceAddress + offset;
    }
}
