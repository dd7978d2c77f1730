package io.nvmebridge.it.conformance;

import io.nvmebridge.emulator.EmulatorMode;
import io.nvmebridge.junit.Backend;

/** The in-JVM emulator, inline (doorbell writes process commands) or threaded (a device thread polls). */
final class EmulatorDeviceFactory implements DeviceFactory {
    private final EmulatorMode mode;
    private final Backend backend;

    EmulatorDeviceFactory(EmulatorMode mode) {
        this.mode = mode;
        this.backend = mode == EmulatorMode.THREADED ? Backend.EMULATOR_THREADED : Backend.EMULATOR_INLINE;
    }

    @Override
    public String name() {
        return "emulator-" + mode.name().toLowerCase();
    }

    @Override
    public boolean supportsFaultInjection() {
        return backend.supportsFaultInjection();
    }

    @Override
    public boolean shadowDoorbellsSaveMmio() {
        return backend.shadowDoorbellsSaveMmio();
    }

    @Override
    public DeviceUnderTest create(DeviceSpec spec) {
        return DeviceSpecs.create(backend, spec, "NVB-EMULATOR");
    }

    @Override
    public String toString() {
        return name();
    }
}
