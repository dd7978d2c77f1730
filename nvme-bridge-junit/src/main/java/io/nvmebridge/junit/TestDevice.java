package io.nvmebridge.junit;

import io.nvmebridge.spec.device.NvmeFunction;

/**
 * One device a test drives: a fresh NVMe function with the namespaces of its {@link DeviceShape}, plus what
 * a test may do to it beyond the NVMe interface.
 */
public interface TestDevice extends AutoCloseable {

    Backend backend();

    DeviceShape shape();

    NvmeFunction function();

    /**
     * Makes the function vanish (isAlive false, registers all ones) without telling the driver: a switch in
     * front of the emulator, a SIGKILL of QEMU (docker kill in a container). False if unsupported.
     */
    boolean surpriseRemove();

    /** Releases everything the device holds (processes, containers, files). Never throws. */
    @Override
    void close();
}
