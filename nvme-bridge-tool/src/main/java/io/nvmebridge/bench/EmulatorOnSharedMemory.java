package io.nvmebridge.bench;

import io.nvmebridge.bridge.DriverDevice;
import io.nvmebridge.bridge.shm.SharedRingServer;
import io.nvmebridge.driver.DriverOptions;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorConfig;
import io.nvmebridge.spec.device.WindowedMemory;

/**
 * Device openers for {@link SharedRingServer} with the in-JVM emulator: {@link #zeroCopy} makes the
 * emulator's host memory the ring file's data area (at {@link EmulatedNvmeFunction#BUS_BASE}, so SQE
 * offsets into it become device addresses and nothing is copied) plus {@link #PRIVATE_BYTES} of this
 * process's own memory, where the driver allocates the NVMe queues and PRP lists — clients map the file,
 * never that; {@link #copy} gives the emulator its own memory and the server bounces. Either way the
 * emulator and its memory are released when the server closes the device.
 *
 * <pre>{@code
 * SharedRingServer.start(path, entries, dataSize, SharedRingServer.Options.defaults(),
 *         EmulatorOnSharedMemory.zeroCopy(emulatorConfig, DriverOptions.defaults().withInterrupts(false)));
 * }</pre>
 */
public final class EmulatorOnSharedMemory {
    /**
     * The emulator's private memory in zero-copy mode: the admin and I/O queues with their PRP list pools,
     * identify and shadow doorbell pages (well under 1 MiB for a ring's one queue pair), with room left for
     * bounce buffers when the server is told to copy anyway.
     */
    public static final long PRIVATE_BYTES = 8L << 20;

    private EmulatorOnSharedMemory() {
    }

    public static SharedRingServer.DeviceOpener zeroCopy(EmulatorConfig cfg, DriverOptions options) {
        return dataArea -> {
            EmulatedNvmeFunction fn = EmulatedNvmeFunction.over(cfg,
                    WindowedMemory.withPrivateMemory(dataArea, EmulatedNvmeFunction.BUS_BASE, PRIVATE_BYTES));
            return new SharedRingServer.Opened(openDriver(fn, options), EmulatedNvmeFunction.BUS_BASE);
        };
    }

    public static SharedRingServer.DeviceOpener copy(EmulatorConfig cfg, DriverOptions options, long hostMemoryBytes) {
        return dataArea -> new SharedRingServer.Opened(
                openDriver(EmulatedNvmeFunction.open(cfg, hostMemoryBytes), options), -1);
    }

    /** The driver on {@code fn}, owning it: closing the device closes the emulator and frees its memory. */
    private static DriverDevice openDriver(EmulatedNvmeFunction fn, DriverOptions options) {
        try {
            return DriverDevice.owningFunction(NvmeController.open(fn, options));
        } catch (RuntimeException e) {
            fn.close();
            throw e;
        }
    }
}
