package io.nvmebridge.it.conformance;

import io.nvmebridge.junit.Backend;
import io.nvmebridge.junit.NvmeDevice;

/** The fault-injection conformance cases on the inline emulator. */
@NvmeDevice(backend = Backend.EMULATOR_INLINE)
class DriverFaultsOnEmulatorInlineTest extends DriverFaultSuite {
}
