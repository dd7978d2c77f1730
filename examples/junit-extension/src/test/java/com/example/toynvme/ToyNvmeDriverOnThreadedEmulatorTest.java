package com.example.toynvme;

import io.nvmebridge.junit.Backend;
import io.nvmebridge.junit.OnBackend;

/** On the in-JVM emulator with a device thread of its own, as real hardware runs beside the driver. */
@OnBackend(Backend.EMULATOR_THREADED)
class ToyNvmeDriverOnThreadedEmulatorTest extends ToyNvmeDriverSuite {
}
