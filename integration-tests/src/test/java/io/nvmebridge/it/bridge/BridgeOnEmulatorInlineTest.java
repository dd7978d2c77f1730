package io.nvmebridge.it.bridge;

import io.nvmebridge.it.device.Backend;
import io.nvmebridge.it.device.OnBackend;

/** The bridge suite on the inline emulator. */
@OnBackend(Backend.EMULATOR_INLINE)
class BridgeOnEmulatorInlineTest extends BridgeSuite {
}
