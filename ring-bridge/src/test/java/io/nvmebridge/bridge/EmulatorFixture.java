package io.nvmebridge.bridge;

import io.nvmebridge.driver.DriverOptions;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.emulator.EmulatedController;
import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorConfig;
import io.nvmebridge.emulator.EmulatorMode;
import io.nvmebridge.emulator.NamespaceConfig;
import io.nvmebridge.spec.device.DmaAllocator;
import io.nvmebridge.spec.device.FlatMemory;
import io.nvmebridge.spec.device.NvmeFunction;
import java.lang.foreign.MemorySegment;

/** The real stack under the bridge's tests: driver on the in-JVM emulator. */
public final class EmulatorFixture {
    /** RAM namespace, 512-byte blocks, 8 MiB. */
    public static final int RAM_NS = 1;
    public static final int RAM_LBA = 512;
    public static final long RAM_BLOCKS = 16384;
    /** Null namespace, 4 KiB blocks. */
    public static final int NULL_NS = 2;

    private EmulatorFixture() {
    }

    public static EmulatorConfig config(EmulatorMode mode) {
        return EmulatorConfig.builder().mode(mode)
                .namespace(NamespaceConfig.ram(RAM_NS, RAM_BLOCKS, RAM_LBA))
                .namespace(NamespaceConfig.nullDevice(NULL_NS, 1L << 20, 4096))
                .build();
    }

    public static DriverOptions driverOptions() {
        return DriverOptions.defaults().withInterrupts(false);
    }

    /** A bridge over the driver over an INLINE emulator with 64 MiB of host memory. */
    public static NvmeBridge openBridge() {
        EmulatedNvmeFunction fn = EmulatedNvmeFunction.open(config(EmulatorMode.INLINE), 64L << 20);
        return NvmeBridge.of(NvmeController.open(fn, driverOptions()), true);
    }

    /**
     * An emulated NVMe function whose host memory is {@code memory} (e.g. a shared ring file's data area
     * and private tail) at bus address {@code busBase}, the allocator handing out only bytes from
     * {@code allocFrom} on: the data area stays the client's.
     */
    public static NvmeFunction overMemory(EmulatorConfig cfg, MemorySegment memory, long busBase, long allocFrom) {
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
                return "emulated NVMe controller over shared memory";
            }

            @Override
            public void close() {
                controller.close();
            }
        };
    }
}
