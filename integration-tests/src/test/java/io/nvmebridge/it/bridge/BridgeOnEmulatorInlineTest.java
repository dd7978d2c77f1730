package io.nvmebridge.it.bridge;

import io.nvmebridge.junit.Backend;
import io.nvmebridge.junit.OnBackend;

/** The bridge suite on the inline emulator. */
@OnBackend(Backend.EMULATOR_INLINE)
class BridgeOnEmulatorInlineTest extends BridgeSuite {
}
