package io.nvmebridge.tool.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The device options every verb takes: which backend, and namespace 1's backing and format. */
public final class DeviceOptions {

    /** Where the NVMe controller comes from. */
    public enum Backend { emulator, qemu }

    @Option(names = "--backend", defaultValue = "emulator",
            description = "Device: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    public Backend backend = Backend.emulator;

    @Option(names = "--image", paramLabel = "FILE",
            description = "Raw image backing namespace 1 (created sparse with --size when missing). "
                    + "Without it: a RAM namespace (emulator) or a null-co namespace (qemu).")
    public Path image;

    @Option(names = "--size", paramLabel = "BYTES", converter = SizeConverter.class, defaultValue = "64M",
            description = "Namespace size when the image is created or RAM backed (default: ${DEFAULT-VALUE}; K/M/G suffixes).")
    public long size = 64L << 20;

    @Option(names = "--lba-size", paramLabel = "512|4096", defaultValue = "512",
            description = "Logical block size of namespace 1 (default: ${DEFAULT-VALUE}, as QEMU).")
    public int lbaSize = 512;

    @Option(names = "--metadata-size", paramLabel = "0|8|16|64", defaultValue = "0",
            description = "Metadata bytes per block of namespace 1, in a separate buffer (QEMU's ms=N,mset=0; an image "
                    + "holds the data, then the metadata) (default: ${DEFAULT-VALUE}).")
    public int metadataSize;

    @Option(names = "--serial", defaultValue = "NVMEBRIDGE0001", description = "Controller serial number.")
    public String serial = "NVMEBRIDGE0001";

    @Option(names = "--mdts", defaultValue = "7",
            description = "Maximum data transfer size, log2 of pages (default: ${DEFAULT-VALUE}, as QEMU).")
    public int mdts = 7;

    @Option(names = "--null", description = "Null namespace: reads return zeros, writes are discarded (benchmarks).")
    public boolean nullNamespace;

    @Option(names = "--trace", description = "Print the emulator's per-command trace to stderr.")
    public boolean trace;

    @Option(names = "--no-shadow-doorbells",
            description = "Do not use Doorbell Buffer Config: every doorbell is an MMIO write.")
    public boolean noShadowDoorbells;

    @Option(names = "--no-interrupts",
            description = "Do not ask the device for completion interrupts: pure polling (always so on QEMU, whose MSI-X "
                    + "messages would only be watched by another polling thread).")
    public boolean noInterrupts;

    /** The driver's options with this command line's doorbell and interrupt policy applied. */
    public io.nvmebridge.driver.DriverOptions driverOptions(io.nvmebridge.driver.DriverOptions base) {
        return base.withShadowDoorbells(!noShadowDoorbells).withInterrupts(!noInterrupts && backend == Backend.emulator);
    }

    /** Checks values picocli cannot check by type; a bad value ends in a one-line error. */
    public void validate() {
        if (lbaSize != 512 && lbaSize != 4096) {
            throw new UsageException("--lba-size must be 512 or 4096, not " + lbaSize);
        }
        if (size <= 0 || size % lbaSize != 0) {
            throw new UsageException("--size must be a positive multiple of the LBA size (" + lbaSize + "), not " + size);
        }
        if (metadataSize != 0 && metadataSize != 8 && metadataSize != 16 && metadataSize != 64) {
            throw new UsageException("--metadata-size must be 0, 8, 16 or 64, not " + metadataSize);
        }
        if (mdts < 0 || mdts > 12) {
            throw new UsageException("--mdts must be between 0 and 12, not " + mdts);
        }
        if (image != null && nullNamespace) {
            throw new UsageException("--image and --null exclude each other");
        }
        if (serial.isEmpty() || serial.length() > 20) {
            throw new UsageException("--serial must be 1 to 20 characters");
        }
    }
}
