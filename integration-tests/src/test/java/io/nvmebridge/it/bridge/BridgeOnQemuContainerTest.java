package io.nvmebridge.it.bridge;

import io.nvmebridge.junit.Backend;
import io.nvmebridge.junit.OnBackend;
import org.junit.jupiter.api.Tag;

/** The bridge suite on QEMU's NVMe controller inside nvme-bridge/qemu:7.2 under Testcontainers. */
@Tag("qemu")
@Tag("docker")
@OnBackend(Backend.QEMU_CONTAINER)
class BridgeOnQemuContainerTest extends BridgeSuite {
}
