package io.nvmebridge.it.conformance;

import io.nvmebridge.junit.Backend;
import io.nvmebridge.junit.NvmeDevice;

/** The driver conformance suite on The in-JVM emulator with its own device thread polling doorbells. */
@NvmeDevice(backend = Backend.EMULATOR_THREADED)
class DriverConformanceOnEmulatorThreadedTest extends DriverConformanceSuite {
}
