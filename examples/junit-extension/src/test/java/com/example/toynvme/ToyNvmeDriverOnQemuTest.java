package com.example.toynvme;

import io.nvmebridge.junit.Backend;
import io.nvmebridge.junit.OnBackend;

/** On QEMU's NVMe controller (qemu-system-x86_64 on PATH), no guest OS. */
@OnBackend(Backend.QEMU)
class ToyNvmeDriverOnQemuTest extends ToyNvmeDriverSuite {
}
