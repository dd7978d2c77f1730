package com.example.toynvme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nvmebridge.junit.NvmeDevice;
import io.nvmebridge.junit.TestDevice;
import io.nvmebridge.spec.device.NvmeFunction;
import org.junit.jupiter.api.Test;

/**
 * The toy driver's tests, written once: every test gets a fresh device with serial number "TOY-0001" and its
 * PCI function with no driver on it. Subclasses pick the backend with {@code @OnBackend}.
 */
@NvmeDevice(serial = "TOY-0001")
abstract class ToyNvmeDriverSuite {
    private static final long CSTS = 0x1C;

    @Test
    void shouldReadTheSerialNumberTheDeviceWasGiven(NvmeFunction fn) {
        try (ToyNvmeDriver driver = ToyNvmeDriver.enable(fn)) {
            ControllerIdentity id = driver.identify();
            assertEquals("TOY-0001", id.serialNumber());
            assertFalse(id.modelNumber().isEmpty(), "model number");
        }
    }

    @Test
    void shouldKeepAnsweringAfterTheQueuesWrapAround(NvmeFunction fn) {
        try (ToyNvmeDriver driver = ToyNvmeDriver.enable(fn)) {
            ControllerIdentity first = driver.identify();
            for (int i = 0; i < 20; i++) { // 8-entry queues: the phase tag flips twice
                assertEquals(first, driver.identify(), "identify #" + (i + 2));
            }
        }
    }

    @Test
    void shouldLeaveTheControllerDisabledWhenClosed(NvmeFunction fn) {
        ToyNvmeDriver.enable(fn).close();
        assertEquals(0, fn.read32(CSTS) & 1, "CSTS.RDY");
        try (ToyNvmeDriver again = ToyNvmeDriver.enable(fn)) { // and a second driver can take over
            assertEquals("TOY-0001", again.identify().serialNumber());
        }
    }

    @Test
    void shouldReportADeviceThatVanished(TestDevice device) {
        try (ToyNvmeDriver driver = ToyNvmeDriver.enable(device.function())) {
            assertTrue(device.surpriseRemove(), "surprise removal");
            IllegalStateException e = assertThrows(IllegalStateException.class, driver::identify);
            assertTrue(e.getMessage().contains("device gone"), e.getMessage());
        }
    }
}
