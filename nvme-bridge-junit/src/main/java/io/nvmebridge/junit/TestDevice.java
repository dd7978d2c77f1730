package io.nvmebridge.junit;

import io.nvmebridge.spec.device.NvmeFunction;

/**
 * One device a test drives: a fresh NVMe function with the namespaces of its {@link DeviceShape}, plus what
 * a test may do to it beyond the NVMe interface.
 */
public interface TestDevice extends AutoCloseable {

    /** {@return what stands behind the device} */
    Backend backend();

    /** {@return the device's namespaces, limits, serial number and fault plan} */
    DeviceShape shape();

    /** {@return the PCI function a driver talks to} */
    NvmeFunction function();

    /**
     * Makes the function vanish (isAlive false, registers all ones) without telling the driver: a switch in
     * front of the emulator, a SIGKILL of QEMU (docker kill in a container).
     *
     * @return true once the function is gone, false if the backend cannot remove it
     */
    boolean surpriseRemove();

    /** Releases everything the device holds (processes, containers, files). Never throws. */
    @Override
    void close();
}
