package io.nvmebridge.spec.device;

/**
 * What a driver sees of one NVMe PCI function, and all it may touch: BAR0 (registers and doorbells),
 * PCI configuration space, DMA-able host memory with device addresses, and an optional interrupt line.
 *
 * <p>The in-JVM emulator and QEMU's NVMe controller (over qtest and shared guest RAM) implement it; real
 * hardware through VFIO would too. Register accesses follow PCI ordering: a read returns after every
 * earlier write to the same function took effect, while writes may be posted (returned from before the
 * device acted on them) — QEMU's implementation pipelines doorbell writes that way.
 */
public interface NvmeFunction extends AutoCloseable {

    /** 32-bit read of BAR0 at {@code offset}. */
    int read32(long offset);

    /** 64-bit read of BAR0 at {@code offset} (CAP, ASQ, ACQ). */
    long read64(long offset);

    /** 32-bit write of BAR0 at {@code offset}; may be posted. */
    void write32(long offset, int value);

    /** 64-bit write of BAR0 at {@code offset}; may be posted. */
    void write64(long offset, long value);

    /** 32-bit read of PCI configuration space. */
    int readConfig32(int offset);

    /** 32-bit write of PCI configuration space. */
    void writeConfig32(int offset, int value);

    /** Host memory the device can address, handed out with device (bus) addresses. */
    DmaAllocator dma();

    /**
     * Registers the handler called when the device signals an interrupt vector (MSI-X-like). Devices
     * without interrupt delivery ignore it and return false; drivers then poll.
     */
    default boolean setInterruptHandler(InterruptHandler handler) {
        return false;
    }

    /**
     * Lets a device that defers work until it is next spoken to make progress; a driver polling for
     * completions that have not arrived calls it, and it may take a device round trip. QEMU runs its NVMe
     * controller's timers (submission processing, completion posting) only when it serves qtest, so its
     * function answers with a round trip; a device that needs nothing does nothing.
     */
    default void kick() {
    }

    /**
     * True while the function can still be reached. A device that vanished (a killed QEMU, say) returns
     * false, and register reads of it return all ones, as a surprise-removed PCI function does.
     */
    default boolean isAlive() {
        return true;
    }

    /** One line naming the device, for logs and tool output. */
    String description();

    /** Releases the function and everything it holds; idempotent. */
    @Override
    void close();
}
