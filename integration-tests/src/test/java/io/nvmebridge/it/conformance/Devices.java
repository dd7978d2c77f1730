package io.nvmebridge.it.conformance;

import io.nvmebridge.emulator.EmulatorMode;

import java.util.stream.Stream;

/**
 * Device factories for suites parameterized by factory (e.g. reliability.FaultMatrixTest). The conformance
 * suites themselves use {@link io.nvmebridge.junit.NvmeDevice} with one subclass per backend.
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

    /** The devices that support fault injection. */
    public static Stream<DeviceFactory> faultInjecting() {
        return all().filter(DeviceFactory::supportsFaultInjection);
    }
}
