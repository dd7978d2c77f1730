package io.nvmebridge.it.bridge;

import io.nvmebridge.junit.Backend;
import io.nvmebridge.junit.OnBackend;
import org.junit.jupiter.api.Tag;

/** The bridge suite on QEMU's own NVMe controller on the host (TCG, no guest OS). */
@Tag("qemu")
@OnBackend(Backend.QEMU)
class BridgeOnQemuTest extends BridgeSuite {
}
