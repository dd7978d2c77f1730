package io.nvmebridge.bench;

import io.nvmebridge.bridge.DriverDevice;
import io.nvmebridge.bridge.shm.SharedRingServer;
import io.nvmebridge.driver.DriverOptions;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.emulator.EmulatedController;
import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorConfig;
import io.nvmebridge.spec.device.DmaAllocator;
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
        FlatMemory flat = new FlatMemory(memory, busBase, allocFrom, null);
        EmulatedController controller = new EmulatedController(cfg, flat);
        return new NvmeFunction() {
            private int command;

            @Override
            public int read32(long offset) {
                return controller.read32(offset);
            }

            @Override
            public long read64(long offset) {
                return controller.read64(offset);
            }

            @Override
            public void write32(long offset, int value) {
                controller.write32(offset, value);
            }

            @Override
            public void write64(long offset, long value) {
                controller.write64(offset, value);
            }

            @Override
            public int readConfig32(int offset) {
                return offset == 4 ? command : 0;
            }

            @Override
            public void writeConfig32(int offset, int value) {
                if (offset == 4) {
                    command = value;
                }
            }

            @Override
            public DmaAllocator dma() {
                return flat;
            }

            @Override
            public String description() {
                return "emulated NVMe controller whose host memory is a shared ring file";
            }

            @Override
            public void close() {
                controller.close();
            }
        };
    }
}
