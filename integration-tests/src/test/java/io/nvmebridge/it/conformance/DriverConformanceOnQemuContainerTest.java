package io.nvmebridge.it.conformance;

import io.nvmebridge.junit.Backend;
import io.nvmebridge.junit.NvmeDevice;
import org.junit.jupiter.api.Tag;

/** The driver conformance suite on QEMU's NVMe controller inside the container image nvme-bridge/qemu:7.2, run by Testcontainers (network none, RAM file and sockets in a bind-mounted host directory). */
@Tag("qemu")
@Tag("docker")
@NvmeDevice(backend = Backend.QEMU_CONTAINER)
class DriverConformanceOnQemuContainerTest extends DriverConformanceSuite {
}
