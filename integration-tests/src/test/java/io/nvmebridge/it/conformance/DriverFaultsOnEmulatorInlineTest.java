package io.nvmebridge.it.conformance;

import io.nvmebridge.it.device.Backend;
import io.nvmebridge.it.device.NvmeDevice;

/** The fault-injection conformance cases on the inline emulator. */
@NvmeDevice(backend = Backend.EMULATOR_INLINE)
class DriverFaultsOnEmulatorInlineTest extends DriverFaultSuite {
}
