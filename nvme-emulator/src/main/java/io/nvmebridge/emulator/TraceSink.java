package io.nvmebridge.emulator;

/**
 * Receives one readable line per completed command (and per notable controller event), in the spirit of
 * QEMU's {@code pci_nvme_*} trace events. Called on the device's thread; must not block for long.
 */
@FunctionalInterface
public interface TraceSink {
    void line(String line);

    /** A sink that logs each line through {@link System.Logger} at INFO. */
    static TraceSink logger() {
        System.Logger log = System.getLogger("io.nvmebridge.emulator.trace");
        return line -> log.log(System.Logger.Level.INFO, line);
    }
}
