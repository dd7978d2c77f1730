package io.nvmebridge.it.bridge;

import io.nvmebridge.junit.Backend;
import io.nvmebridge.junit.OnBackend;

/** The bridge suite on the threaded emulator (a device thread polls the doorbells). */
@OnBackend(Backend.EMULATOR_THREADED)
class BridgeOnEmulatorThreadedTest extends BridgeSuite {
}
