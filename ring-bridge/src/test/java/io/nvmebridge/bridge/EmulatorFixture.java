package io.nvmebridge.bridge;

import io.nvmebridge.driver.DriverOptions;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorConfig;
import io.nvmebridge.emulator.EmulatorMode;
import io.nvmebridge.emulator.NamespaceConfig;
import io.nvmebridge.spec.device.WindowedMemory;
import java.lang.foreign.MemorySegment;

/** The real stack under the bridge's tests: driver on the in-JVM emulator. */
public final class EmulatorFixture {
    /** RAM namespace, 512-byte blocks, 8 MiB. */
    public static final int RAM_NS = 1;
    public static final int RAM_LBA = 512;
    public static final long RAM_BLOCKS = 16384;
    /** Null namespace, 4 KiB blocks. */
    public static final int NULL_NS = 2;
    /** RAM namespace, 512-byte blocks with 8 bytes of metadata each (separate buffer), 1 MiB. */
    public static final int META_NS = 3;
    public static final int META_SIZE = 8;

    private EmulatorFixture() {
    }

    public static EmulatorConfig config(EmulatorMode mode) {
        return EmulatorConfig.builder().mode(mode)
                .namespace(NamespaceConfig.ram(RAM_NS, RAM_BLOCKS, RAM_LBA))
                .namespace(NamespaceConfig.nullDevice(NULL_NS, 1L << 20, 4096))
                .namespace(NamespaceConfig.ram(META_NS, 2048, 512).withMetadata(META_SIZE))
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

    /** Private memory of an emulator serving a shared ring: admin and I/O queues, PRP lists, identify data. */
    public static final long PRIVATE_BYTES = 8L << 20;

    /**
     * An emulated NVMe function whose host memory is a shared ring file's {@code dataArea} (at
     * {@link EmulatedNvmeFunction#BUS_BASE}, so data offsets become device addresses) plus private memory of
     * its own, which every allocation comes from and which closes with the function.
     */
    public static EmulatedNvmeFunction onDataArea(EmulatorConfig cfg, MemorySegment dataArea) {
        return EmulatedNvmeFunction.over(cfg,
                WindowedMemory.withPrivateMemory(dataArea, EmulatedNvmeFunction.BUS_BASE, PRIVATE_BYTES));
    }
}
