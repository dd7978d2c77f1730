package io.nvmebridge.spec.device;

/** Hands out host memory that a device can reach, each piece with its device (bus) address. */
public interface DmaAllocator {

    /**
     * Allocates {@code size} zeroed bytes aligned to {@code alignment} (a power of two) in both the
     * host view and the device address.
     *
     * @throws DmaExhaustedException when the region has no room left
     */
    DmaBuffer allocate(long size, long alignment);

    /** Returns a buffer to the allocator; freeing a buffer twice or one of another allocator is an error. */
    void free(DmaBuffer buffer);

    /** Bytes still free (possibly fragmented). */
    long available();
}
