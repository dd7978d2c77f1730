package io.nvmebridge.junit;

/**
 * Opens a {@link TestDevice} directly, for tests that need more than the one device {@link NvmeDevice} gives
 * them (several devices, or devices with different fault plans in one test). The caller closes it.
 */
public final class TestDevices {
    private TestDevices() {
    }

    /**
     * Opens a device of {@code shape} on {@code backend}.
     *
     * @param backend what stands behind the device
     * @param shape   its namespaces, limits, serial number and (emulator only) fault plan
     * @return the open device; the caller closes it
     */
    public static TestDevice open(Backend backend, DeviceShape shape) {
        return switch (backend) {
            case EMULATOR_INLINE, EMULATOR_THREADED -> EmulatorDevices.open(backend, shape);
            case QEMU, QEMU_CONTAINER -> QemuDevices.open(backend, shape);
        };
    }
}
