package io.nvmebridge.it.device;

import io.nvmebridge.junit.QemuContainerRunnerProvider;
import io.nvmebridge.qemu.QemuRunner;

/**
 * Runs {@link io.nvmebridge.junit.Backend#QEMU_CONTAINER} devices under Testcontainers in the local image
 * (built on first use); registered in META-INF/services for nvme-bridge-junit's extension to find.
 */
public final class TestcontainersRunnerProvider implements QemuContainerRunnerProvider {
    @Override
    public QemuRunner runner() {
        return new TestcontainersQemuRunner(QemuContainerImage.ensureBuilt());
    }
}
