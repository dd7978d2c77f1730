package io.nvmebridge.it.conformance;

import io.nvmebridge.it.device.Backend;
import io.nvmebridge.it.device.NvmeDevice;

/** The fault-injection conformance cases on the threaded emulator. */
@NvmeDevice(backend = Backend.EMULATOR_THREADED)
class DriverFaultsOnEmulatorThreadedTest extends DriverFaultSuite {
}
