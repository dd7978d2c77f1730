package io.nvmebridge.bridge;

import java.lang.foreign.MemorySegment;

/**
 * The data area of a shared-memory ring file: {@code addr} is a byte offset into it, fixed buffer 0 is
 * the whole area. When the area is the device's DMA memory (the emulator serving from the file) the
 * device reads and writes it in place; otherwise ({@code deviceBase < 0}) the copy path bounces.
 */
public final class DataAreaSpace implements BufferSpace {
    private final MemorySegment area;
    private final long size;
    private final long deviceBase;

    public DataAreaSpace(MemorySegment area, long deviceBase) {
        this.area = area;
        this.size = area.byteSize();
        this.deviceBase = deviceBase;
    }

    @Override
    public MemorySegment whole() {
        return area;
    }

    @Override
    public long hostOffset(long addr, long len) {
        // unsigned: a huge addr or len must not wrap back into the area
        if (len < 0 || Long.compareUnsigned(addr, size) > 0 || Long.compareUnsigned(len, size - addr) > 0) {
            return -1;
        }
        return addr;
    }

    @Override
    public long deviceAddress(long addr, long len) {
        if (deviceBase < 0 || hostOffset(addr, len) < 0) {
            return -1;
        }
        return deviceBase + addr;
    }

    @Override
    public long fixedBufferStart(int index) {
        return index == 0 ? 0 : -1;
    }

    @Override
    public long fixedBufferLength(int index) {
        return index == 0 ? size : 0;
    }
}
