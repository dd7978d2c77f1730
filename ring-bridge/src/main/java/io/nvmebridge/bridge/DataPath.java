package io.nvmebridge.bridge;

/** How request data reaches the device. */
public enum DataPath {
    /**
     * The device transfers straight to and from the caller's buffers, which must be device-addressable
     * (registered DMA buffers, or a shared data area that is the device's DMA memory); others are -EFAULT.
     */
    FIXED,
    /**
     * Every transfer bounces through DMA memory owned by the bridge: works for memory the device cannot
     * address (arena segments, a shared file for a device with its own RAM) at the price of one copy.
     */
    COPY;

    public static DataPath parse(String name) {
        return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
