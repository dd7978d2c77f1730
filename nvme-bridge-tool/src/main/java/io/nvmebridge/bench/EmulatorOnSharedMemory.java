package io.nvmebridge.bench;

import io.nvmebridge.bridge.DriverDevice;
import io.nvmebridge.bridge.shm.SharedRingServer;
import io.nvmebridge.driver.DriverOptions;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorConfig;
import io.nvmebridge.spec.device.FlatMemory;
import io.nvmebridge.spec.device.NvmeFunction;
import java.lang.foreign.MemorySegment;

/**
 * Device openers for {@link SharedRingServer} with the in-JVM emulator: {@link #zeroCopy} makes the
 * emulator's host memory the ring file itself (data area + the file's private tail, allocations only from
 * the tail), so SQE offsets into the data area become device addresses and nothing is copied;
 * {@link #copy} gives the emulator its own memory and the server bounces.
 *
 * <pre>{@code
 * SharedRingServer.start(path, entries, dataSize, SharedRingServer.Options.defaults(),
 *         EmulatorOnSharedMemory.zeroCopy(emulatorConfig, DriverOptions.defaults().withInterrupts(false)));
 * }</pre>
 */
public final class EmulatorOnSharedMemory {
    private EmulatorOnSharedMemory() {
    }

    public static SharedRingServer.DeviceOpener zeroCopy(EmulatorConfig cfg, DriverOptions options) {
        return (memory, dataSize) -> {
            long allocFrom = (dataSize + 4095) & -4096L;
            NvmeFunction fn = overMemory(cfg, memory, EmulatedNvmeFunction.BUS_BASE, allocFrom);
            return new SharedRingServer.Opened(new DriverDevice(NvmeController.open(fn, options), true),
                    EmulatedNvmeFunction.BUS_BASE);
        };
    }

    public static SharedRingServer.DeviceOpener copy(EmulatorConfig cfg, DriverOptions options, long hostMemoryBytes) {
        return (memory, dataSize) -> new SharedRingServer.Opened(new DriverDevice(
                NvmeController.open(EmulatedNvmeFunction.open(cfg, hostMemoryBytes), options), true), -1);
    }

    /** An emulated NVMe function whose host memory is {@code memory} at bus address {@code busBase}. */
    static NvmeFunction overMemory(EmulatorConfig cfg, MemorySegment memory, long busBase, long allocFrom) {
        return EmulatedNvmeFunction.over(cfg, new FlatMemory(memory, busBase, allocFrom, null));
    }
}
