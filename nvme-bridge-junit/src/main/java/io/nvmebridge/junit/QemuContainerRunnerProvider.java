package io.nvmebridge.junit;

import io.nvmebridge.qemu.QemuRunner;

/**
 * Starts QEMU in a container for {@link Backend#QEMU_CONTAINER}. The extension takes the first implementation
 * {@link java.util.ServiceLoader} finds on the test class path, registered in
 * {@code META-INF/services/io.nvmebridge.junit.QemuContainerRunnerProvider}; nvme-bridge's integration tests
 * register one built on Testcontainers. This library ships none, because which container library, image and
 * registry policy to use is the test project's decision, not a device's.
 */
public interface QemuContainerRunnerProvider {

    /**
     * A runner that starts QEMU's command line in a container, called once per device (it may build or check
     * the image first). It must share the run directory, RAM file and images with QEMU at their host paths,
     * as {@link QemuRunner} describes.
     *
     * @return the runner for the next QEMU device
     */
    QemuRunner runner();
}
