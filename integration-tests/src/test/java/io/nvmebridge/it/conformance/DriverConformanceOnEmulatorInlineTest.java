package io.nvmebridge.it.conformance;

import io.nvmebridge.junit.Backend;
import io.nvmebridge.junit.NvmeDevice;

/** The driver conformance suite on The in-JVM emulator, commands processed on the doorbell write. */
@NvmeDevice(backend = Backend.EMULATOR_INLINE)
class DriverConformanceOnEmulatorInlineTest extends DriverConformanceSuite {
}
