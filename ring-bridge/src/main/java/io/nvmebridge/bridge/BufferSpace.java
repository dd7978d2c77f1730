package io.nvmebridge.bridge;

import java.lang.foreign.MemorySegment;

/**
 * What an SQE's {@code addr} means, and what of it the device can reach.
 *
 * <ul>
 *   <li>{@link DataAreaSpace}: the shared-memory ring file's data area; {@code addr} is a byte offset in it.
 *   <li>{@link ProcessSpace}: this process's native memory; {@code addr} is an address, accepted only
 *       inside buffers registered with the ring (never dereferenced unchecked).
 * </ul>
 */
public interface BufferSpace {

    /** Host memory every {@link #hostOffset} is relative to. */
    MemorySegment whole();

    /** Offset in {@link #whole()} of {@code [addr, addr + len)}, or -1 when any byte of it is outside. */
    long hostOffset(long addr, long len);

    /** Device address of {@code [addr, addr + len)}, or -1 when the device cannot reach all of it directly. */
    long deviceAddress(long addr, long len);

    /** Start ({@code addr} terms) of fixed buffer {@code index}, or -1 when there is no such buffer. */
    long fixedBufferStart(int index);

    /** Length of fixed buffer {@code index}. */
    long fixedBufferLength(int index);
}
