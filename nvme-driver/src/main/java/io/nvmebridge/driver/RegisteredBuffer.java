package io.nvmebridge.driver;

import io.nvmebridge.spec.device.DmaBuffer;

import java.lang.foreign.MemorySegment;

/**
 * A DMA buffer the driver has checked once (dword-aligned, device-contiguous), so I/O on it only adds an
 * offset: PRPs are computed arithmetically from {@link #deviceAddress()} and no per-I/O translation or lookup
 * happens. Obtain one from {@link NvmeController#registerBuffer(DmaBuffer)}.
 */
public final class RegisteredBuffer {
    private final DmaBuffer buffer;
    private final long deviceAddress;
    private final long size;

    RegisteredBuffer(DmaBuffer buffer) {
        if ((buffer.deviceAddress() & 3) != 0) {
            throw new IllegalArgumentException("DMA buffer at 0x" + Long.toHexString(buffer.deviceAddress())
                    + " is not dword aligned (PRP1 requires it)");
        }
        this.buffer = buffer;
        this.deviceAddress = buffer.deviceAddress();
        this.size = buffer.size();
    }

    public DmaBuffer buffer() {
        return buffer;
    }

    /** The host view of the buffer. */
    public MemorySegment segment() {
        return buffer.segment();
    }

    public long deviceAddress() {
        return deviceAddress;
    }

    /** Device address of byte {@code offset}, checked against the buffer's bounds for {@code length} bytes. */
    public long deviceAddress(long offset, long length) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", +" + length + ") outside a " + size + "-byte buffer");
        }
        return deviceAddress + offset;
    }

    public long size() {
        return size;
    }
}
