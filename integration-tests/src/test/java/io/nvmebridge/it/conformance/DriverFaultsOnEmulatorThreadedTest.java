package io.nvmebridge.it.conformance;

import io.nvmebridge.junit.Backend;
import io.nvmebridge.junit.NvmeDevice;

/** The fault-injection conformance cases on the threaded emulator. */
@NvmeDevice(backend = Backend.EMULATOR_THREADED)
class DriverFaultsOnEmulatorThreadedTest extends DriverFaultSuite {
}
