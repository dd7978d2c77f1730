package com.example.toynvme;

import io.nvmebridge.junit.Backend;
import io.nvmebridge.junit.OnBackend;

/** On the in-JVM emulator, which processes a command on the thread that rings the doorbell. */
@OnBackend(Backend.EMULATOR_INLINE)
class ToyNvmeDriverOnEmulatorTest extends ToyNvmeDriverSuite {
}
