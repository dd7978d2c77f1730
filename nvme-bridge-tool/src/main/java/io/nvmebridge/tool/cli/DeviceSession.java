package io.nvmebridge.tool.cli;

import io.nvmebridge.driver.DriverOptions;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorConfig;
import io.nvmebridge.emulator.EmulatorMode;
import io.nvmebridge.emulator.NamespaceConfig;
import io.nvmebridge.qemu.QemuConfig;
import io.nvmebridge.qemu.QemuNamespace;
import io.nvmebridge.qemu.QemuNvmeFunction;
import io.nvmebridge.spec.device.NvmeFunction;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An opened device for one command: the NVMe function the options name (emulator or QEMU) and the driver's
 * controller on it. Closing shuts the controller down and releases the device (QEMU is stopped and its files
 * removed).
 */
public final class DeviceSession implements AutoCloseable {
    /** Host memory of an emulated device beyond the data the command moves: queues, PRP lists, identify data. */
    private static final long EMULATOR_BASE_MEMORY = 32L << 20;

    private final NvmeFunction function;
    private final NvmeController controller;

    private DeviceSession(NvmeFunction function, NvmeController controller) {
        this.function = function;
        this.controller = controller;
    }

    /**
     * Opens the device the options describe.
     *
     * @param dataBytes DMA memory the command needs for its data, beyond queues and the like
     * @param mode      emulator mode (ignored for QEMU)
     */
    public static DeviceSession open(DeviceOptions o, long dataBytes, EmulatorMode mode, DriverOptions driverOptions) {
        o.validate();
        NvmeFunction fn = switch (o.backend) {
            case emulator -> openEmulator(o, dataBytes, mode);
            case qemu -> openQemu(o, dataBytes);
        };
        try {
            return new DeviceSession(fn, NvmeController.open(fn, o.driverOptions(driverOptions)));
        } catch (RuntimeException e) {
            fn.close();
            throw e;
        }
    }

    public static DeviceSession open(DeviceOptions o, long dataBytes) {
        return open(o, dataBytes, EmulatorMode.INLINE, DriverOptions.defaults().withIoQueues(4));
    }

    public NvmeFunction function() {
        return function;
    }

    public NvmeController controller() {
        return controller;
    }

    @Override
    public void close() {
        try {
            controller.close();
        } finally {
            function.close();
        }
    }

    private static NvmeFunction openEmulator(DeviceOptions o, long dataBytes, EmulatorMode mode) {
        return EmulatedNvmeFunction.open(emulatorConfig(o, mode), EMULATOR_BASE_MEMORY + roundUp(dataBytes));
    }

    /** The emulator the options describe (namespace 1's backing and format, serial, MDTS, trace). */
    public static EmulatorConfig emulatorConfig(DeviceOptions o, EmulatorMode mode) {
        o.validate();
        NamespaceConfig ns;
        if (o.image != null) {
            long bytes = prepareImage(o.image, o.size, o.lbaSize, o.metadataSize);
            ns = NamespaceConfig.file(1, bytes / (o.lbaSize + o.metadataSize), o.lbaSize, o.image);
        } else if (o.nullNamespace) {
            ns = NamespaceConfig.nullDevice(1, o.size / o.lbaSize, o.lbaSize);
        } else {
            ns = NamespaceConfig.ram(1, o.size / o.lbaSize, o.lbaSize);
        }
        ns = ns.withMetadata(o.metadataSize);
        EmulatorConfig.Builder cfg = EmulatorConfig.builder().serial(o.serial).mdts(o.mdts).mode(mode).namespace(ns);
        if (o.trace) {
            cfg.trace(System.err::println);
        }
        return cfg.build();
    }

    private static NvmeFunction openQemu(DeviceOptions o, long dataBytes) {
        return QemuNvmeFunction.launch(qemuConfig(o, dataBytes));
    }

    /**
     * The QEMU the options describe for a verb moving {@code dataBytes} (namespace 1's backing and format, serial,
     * MDTS; guest RAM for the queues and the data). A missing image is created, as the verb would.
     */
    public static QemuConfig qemuConfig(DeviceOptions o, long dataBytes) {
        o.validate();
        QemuNamespace ns;
        if (o.image != null) {
            prepareImage(o.image, o.size, o.lbaSize, o.metadataSize);
            ns = QemuNamespace.raw(1, o.image, o.lbaSize).withMetadata(o.metadataSize);
        } else if (o.nullNamespace) {
            // QEMU sizes a namespace with metadata as backing size / (block + metadata)
            ns = QemuNamespace.nullBlocks(1, o.size / o.lbaSize * (o.lbaSize + o.metadataSize), o.lbaSize)
                    .withMetadata(o.metadataSize);
        } else {
            throw new UsageException("--backend qemu needs --image FILE or --null (QEMU has no RAM namespace)");
        }
        long ram = Math.max(128L << 20, EMULATOR_BASE_MEMORY + roundUp(dataBytes) + (16L << 20));
        if (ram > QemuConfig.MAX_RAM_BYTES) {
            throw new UsageException("data size too large for the QEMU backend's guest RAM");
        }
        return QemuConfig.builder().serial(o.serial).mdts(o.mdts).ramBytes(roundUpMiB(ram)).namespace(ns).build();
    }

    /**
     * Makes sure an image exists: a missing one is created sparse with {@code size} bytes; an existing one
     * is used at its size, which must be a whole number of blocks.
     */
    static long prepareImage(Path image, long size, int lbaSize) {
        return prepareImage(image, size, lbaSize, 0);
    }

    /**
     * As {@link #prepareImage(Path, long, int)} for a namespace with {@code metadataSize} bytes of metadata per block,
     * which the image holds after the data: a new image is {@code size / lbaSize × (lbaSize + metadataSize)} bytes,
     * an existing one must be a whole number of such blocks. Returns the image's size.
     */
    static long prepareImage(Path image, long size, int lbaSize, int metadataSize) {
        int block = lbaSize + metadataSize;
        try {
            if (Files.exists(image)) {
                if (!Files.isRegularFile(image) || !Files.isReadable(image) || !Files.isWritable(image)) {
                    throw new UsageException("cannot use image " + image + ": not a readable and writable regular file");
                }
                long bytes = Files.size(image);
                if (bytes == 0 || bytes % block != 0) {
                    throw new UsageException("image " + image + " is " + bytes + " bytes, not a positive multiple of the "
                            + (metadataSize == 0 ? "LBA size " + lbaSize
                            : "LBA size plus metadata size " + lbaSize + " + " + metadataSize));
                }
                return bytes;
            }
            long bytes = size / lbaSize * block;
            try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
                f.setLength(bytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new UsageException("cannot create image " + image + ": " + e.getMessage());
        }
    }

    private static long roundUp(long bytes) {
        return (Math.max(bytes, 0) + 0xFFFFF) & ~0xFFFFFL;
    }

    private static long roundUpMiB(long bytes) {
        return roundUp(bytes);
    }
}
