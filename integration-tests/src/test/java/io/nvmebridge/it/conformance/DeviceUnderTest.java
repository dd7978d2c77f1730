package io.nvmebridge.it.conformance;

import io.nvmebridge.spec.device.NvmeFunction;

/**
 * One device the conformance suite drives: a fresh NVMe function with the namespaces of a {@link DeviceSpec},
 * plus what the suite may do to it beyond the NVMe interface (fault injection, surprise removal).
 */
public interface DeviceUnderTest extends AutoCloseable {

    NvmeFunction function();

    /** Makes the function vanish (isAlive false, registers all ones) without telling the driver; false if unsupported. */
    default boolean surpriseRemove() {
        return false;
    }

    @Override
    void close();
}
