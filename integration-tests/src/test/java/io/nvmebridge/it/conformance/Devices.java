package io.nvmebridge.it.conformance;

import io.nvmebridge.emulator.EmulatorMode;

import java.util.stream.Stream;

/**
 * The devices the conformance suite runs on — the one place to add a device kind (the QEMU factory goes here).
 */
public final class Devices {
    private Devices() {
    }

    public static Stream<DeviceFactory> all() {
        return Stream.of(
                new EmulatorDeviceFactory(EmulatorMode.INLINE),
                new EmulatorDeviceFactory(EmulatorMode.THREADED),
                new QemuDeviceFactory());
    }
}
