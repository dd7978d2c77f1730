package io.nvmebridge.it.conformance;

import io.nvmebridge.junit.Backend;
import io.nvmebridge.junit.NvmeDevice;
import org.junit.jupiter.api.Tag;

/** The driver conformance suite on QEMU's own NVMe controller on the host (TCG, no guest OS), namespaces in raw image files. */
@Tag("qemu")
@NvmeDevice(backend = Backend.QEMU)
class DriverConformanceOnQemuTest extends DriverConformanceSuite {
}
