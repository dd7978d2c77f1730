package io.nvmebridge.qemu;

import io.nvmebridge.qemu.qmp.QmpClient;
import io.nvmebridge.qemu.qtest.QtestClient;
import io.nvmebridge.qemu.qtest.QtestException;
import io.nvmebridge.spec.device.DmaAllocator;
import io.nvmebridge.spec.regs.ControllerRegisters;
import io.nvmebridge.spec.device.FlatMemory;
import io.nvmebridge.spec.device.NvmeFunction;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * QEMU's NVMe controller ({@code -device nvme}, PCI 1b36:0010) as an {@link NvmeFunction}, with no guest OS:
 * configuration space through ports 0xCF8/0xCFC and BAR0 through qtest, DMA memory = the guest RAM file
 * mapped into this JVM (guest physical address = file offset).
 *
 * <p>Writes are posted (pipelined on the qtest socket); a read returns after every earlier write took effect.
 * Once QEMU is gone, {@link #isAlive()} is false, reads return all ones and writes are dropped, as for a
 * surprise-removed PCI function; {@link #failure()} says why.
 */
public final class QemuNvmeFunction implements NvmeFunction {
    private static final System.Logger LOG = System.getLogger(QemuNvmeFunction.class.getName());

    public static final int VENDOR_QEMU = 0x1b36;
    public static final int DEVICE_NVME = 0x0010;
    /**
     * Where BAR0 is placed: the start of q35's 32-bit PCI window. The window begins after low RAM and ECAM
     * (0xB0000000..0xBFFFFFFF); RAM is capped below 0xB0000000 ({@link QemuConfig#MAX_RAM_BYTES}).
     */
    public static final long BAR0_ADDRESS = 0xC000_0000L;
    /** End of the 32-bit PCI window: the IO-APIC sits at 0xFEC00000. */
    public static final long PCI_WINDOW_END = 0xFEC0_0000L;
    /**
     * Guest RAM below this is never handed out: the first MiB (real-mode IVT, BIOS data, VGA and ROM holes)
     * and the MSI-X mailboxes above it.
     */
    public static final long DMA_ALLOC_FROM = 2L << 20;
    /** Reserved page(s) for the MSI-X mailboxes: one 32-bit word per vector, at most 2048 vectors. */
    public static final long MSIX_MAILBOXES = 1L << 20;
    public static final int MSIX_MAX_VECTORS = 2048;

    private final QemuInstance qemu;
    private final QtestClient qtest;
    private final PciConfigSpace config;
    private final FlatMemory memory;
    private final int device;
    private final long bar0;
    private final long bar0Size;
    private volatile boolean dead;
    private MsixNotifier msix;
    private volatile String failure;
    /** Kicks QEMU for waiters that park on interrupts; started with MSI-X (polling drivers kick themselves). */
    private volatile TimerKicker background;

    private QemuNvmeFunction(QemuInstance qemu) {
        this.qemu = qemu;
        this.qtest = qemu.qtest();
        this.config = new PciConfigSpace(qtest);
        this.memory = new FlatMemory(qemu.ram(), 0, DMA_ALLOC_FROM, null);
        this.device = config.find(VENDOR_QEMU, DEVICE_NVME);
        if (device < 0) {
            throw new QemuException("no PCI device 1b36:0010 (QEMU NVMe) on bus 0");
        }
        this.bar0Size = sizeBar0();
        if (BAR0_ADDRESS + bar0Size > PCI_WINDOW_END) {
            throw new QemuException("BAR0 of " + bar0Size + " bytes does not fit in the PCI window at 0x" + Long.toHexString(BAR0_ADDRESS));
        }
        int flags = config.read32(device, 0, PciConfigSpace.BAR0) & PciConfigSpace.BAR_FLAGS_MASK;
        config.write32(device, 0, PciConfigSpace.BAR0, (int) BAR0_ADDRESS | flags);
        config.write32(device, 0, PciConfigSpace.BAR1, (int) (BAR0_ADDRESS >>> 32));
        int command = config.read32(device, 0, PciConfigSpace.COMMAND_STATUS) & 0xFFFF;
        // memory decoding on, bus mastering on (the controller DMAs queues and data), legacy INTx off
        command |= PciConfigSpace.COMMAND_MEMORY_SPACE | PciConfigSpace.COMMAND_BUS_MASTER | PciConfigSpace.COMMAND_INTX_DISABLE;
        config.write32(device, 0, PciConfigSpace.COMMAND_STATUS, command);
        this.bar0 = BAR0_ADDRESS;
        if (qtest.readl(bar0) == -1 && qtest.readl(bar0 + 4) == -1) {
            throw new QemuException("BAR0 at 0x" + Long.toHexString(bar0) + " reads all ones after programming");
        }
        qemu.onDeath(this::markDead);
    }

    /**
     * Starts QEMU per {@code config}, finds the controller, programs BAR0 and the command register; the
     * one-call entry point. Closing the function stops QEMU and removes everything it created.
     */
    public static QemuNvmeFunction launch(QemuConfig config) {
        QemuInstance qemu = QemuLauncher.launch(config);
        try {
            return new QemuNvmeFunction(qemu);
        } catch (RuntimeException e) {
            String tail = qemu.stderrSuffix();
            qemu.close();
            if (e instanceof QemuException) {
                throw e;
            }
            throw new QemuException("setting up QEMU's NVMe function failed: " + e.getMessage() + tail, e);
        }
    }

    /** BAR0 size by the standard probe: write all ones, read back the size mask, restore. */
    private long sizeBar0() {
        int lo = config.read32(device, 0, PciConfigSpace.BAR0);
        if ((lo & PciConfigSpace.BAR_TYPE_MASK) != PciConfigSpace.BAR_TYPE_64 || (lo & 1) != 0) {
            throw new QemuException("BAR0 is not a 64-bit memory BAR: 0x" + Integer.toHexString(lo));
        }
        int hi = config.read32(device, 0, PciConfigSpace.BAR1);
        config.write32(device, 0, PciConfigSpace.BAR0, -1);
        config.write32(device, 0, PciConfigSpace.BAR1, -1);
        long mask = (config.read32(device, 0, PciConfigSpace.BAR0) & ~PciConfigSpace.BAR_FLAGS_MASK & 0xFFFF_FFFFL)
                | (long) config.read32(device, 0, PciConfigSpace.BAR1) << 32;
        config.write32(device, 0, PciConfigSpace.BAR0, lo);
        config.write32(device, 0, PciConfigSpace.BAR1, hi);
        return -mask;
    }

    private void markDead(String reason) {
        if (!dead) {
            failure = reason;
            dead = true;
        }
    }

    private void onFailure(QtestException e) {
        if (!dead) {
            markDead(e.getMessage());
            LOG.log(Level.WARNING, "QEMU NVMe function lost: " + e.getMessage());
        }
    }

    private long checkOffset(long offset, int width) {
        if (offset < 0 || offset > bar0Size - width || (offset & (width - 1)) != 0) {
            throw new IllegalArgumentException("BAR0 offset 0x" + Long.toHexString(offset) + " outside the "
                    + bar0Size + "-byte BAR or not " + width + "-byte aligned");
        }
        return bar0 + offset;
    }

    @Override
    public int read32(long offset) {
        long a = checkOffset(offset, 4);
        if (dead) {
            return -1;
        }
        try {
            return qtest.readl(a);
        } catch (QtestException e) {
            onFailure(e);
            return -1;
        }
    }

    @Override
    public long read64(long offset) {
        long a = checkOffset(offset, 8);
        if (dead) {
            return -1L;
        }
        try {
            return qtest.readq(a);
        } catch (QtestException e) {
            onFailure(e);
            return -1L;
        }
    }

    /** A qtest round trip (see {@link TimerKicker}): QEMU runs its expired NVMe timers while serving it. */
    @Override
    public void kick() {
        if (dead) {
            return;
        }
        try {
            TimerKicker.kick(qtest);
        } catch (QtestException e) {
            onFailure(e);
        }
    }

    @Override
    public void write32(long offset, int value) {
        long a = checkOffset(offset, 4);
        if (dead) {
            return;
        }
        try {
            qtest.writel(a, value);
            TimerKicker k = background;
            if (k != null && offset >= ControllerRegisters.DOORBELL_BASE) {
                k.doorbellWritten();
            }
        } catch (QtestException e) {
            onFailure(e);
        }
    }

    @Override
    public void write64(long offset, long value) {
        long a = checkOffset(offset, 8);
        if (dead) {
            return;
        }
        try {
            qtest.writeq(a, value);
        } catch (QtestException e) {
            onFailure(e);
        }
    }

    @Override
    public int readConfig32(int offset) {
        if (dead) {
            return -1;
        }
        try {
            return config.read32(device, 0, offset);
        } catch (QtestException e) {
            onFailure(e);
            return -1;
        }
    }

    @Override
    public void writeConfig32(int offset, int value) {
        if (dead) {
            return;
        }
        try {
            config.write32(device, 0, offset, value);
        } catch (QtestException e) {
            onFailure(e);
        }
    }

    /**
     * Waits until QEMU applied every posted write; returns false (and the function is dead) when it could
     * not. Reads do this implicitly.
     */
    public boolean flush() {
        if (dead) {
            return false;
        }
        try {
            qtest.sync();
            return true;
        } catch (QtestException e) {
            onFailure(e);
            return false;
        }
    }

    /**
     * Delivers the controller's MSI-X interrupts to {@code handler}: every vector's message is pointed at a
     * mailbox word in guest RAM that a watcher thread polls (see {@link MsixNotifier}). Returns false when the
     * function has no usable MSI-X capability. A second call replaces the handler.
     */
    @Override
    public synchronized boolean setInterruptHandler(io.nvmebridge.spec.device.InterruptHandler handler) {
        if (msix != null) {
            msix.setHandler(handler);
            return true;
        }
        if (dead) {
            return false;
        }
        try {
            int cap = config.findCapability(device, PciConfigSpace.CAP_ID_MSIX);
            if (cap < 0) {
                return false;
            }
            int control = config.read32(device, 0, cap);
            int vectors = (control >>> 16 & PciConfigSpace.MSIX_TABLE_SIZE_MASK) + 1;
            int table = config.read32(device, 0, cap + PciConfigSpace.MSIX_TABLE);
            if ((table & PciConfigSpace.MSIX_BIR_MASK) != 0) {
                LOG.log(Level.WARNING, "MSI-X table not in BAR0; interrupts unavailable");
                return false;
            }
            long tableOffset = table & ~PciConfigSpace.MSIX_BIR_MASK & 0xFFFF_FFFFL;
            // a reserved range, not an allocation: the driver's view of free DMA memory stays unchanged
            var area = new io.nvmebridge.spec.device.DmaBuffer(qemu.ram().asSlice(MSIX_MAILBOXES, 4L * MSIX_MAX_VECTORS), MSIX_MAILBOXES);
            area.segment().fill((byte) 0);
            for (int v = 0; v < vectors; v++) {
                long entry = tableOffset + (long) MsixNotifier.ENTRY_SIZE * v;
                long mailbox = MsixNotifier.mailboxAddress(area.deviceAddress(), v);
                write32(entry + MsixNotifier.ENTRY_ADDRESS_LO, (int) mailbox);
                write32(entry + MsixNotifier.ENTRY_ADDRESS_HI, (int) (mailbox >>> 32));
                write32(entry + MsixNotifier.ENTRY_DATA, MsixNotifier.MESSAGE_DATA);
                write32(entry + MsixNotifier.ENTRY_VECTOR_CONTROL, 0); // unmasked
            }
            msix = new MsixNotifier(area, vectors, handler);
            msix.start();
            background = new TimerKicker(qtest, "nvme-qemu-kicker-" + qemu.pid());
            // enable MSI-X, clear the function mask (Message Control is the upper half of the first dword)
            config.write32(device, 0, cap, (control | PciConfigSpace.MSIX_CONTROL_ENABLE) & ~PciConfigSpace.MSIX_CONTROL_FUNCTION_MASK);
            qtest.sync();
            LOG.log(Level.DEBUG, () -> "MSI-X: " + vectors + " vectors -> mailboxes at 0x" + Long.toHexString(area.deviceAddress()));
            return true;
        } catch (QtestException e) {
            onFailure(e);
            return false;
        }
    }

    /** True once an interrupt handler was installed (MSI-X enabled, mailboxes watched). */
    public synchronized boolean interruptsEnabled() {
        return msix != null;
    }

    @Override
    public DmaAllocator dma() {
        return memory;
    }

    /** The guest RAM as flat memory (bus address = offset); also the device's view of host memory. */
    public FlatMemory memory() {
        return memory;
    }

    @Override
    public boolean isAlive() {
        return !dead && qemu.isAlive();
    }

    /**
     * Waits, at most {@code timeout} in all, until QEMU's process has exited and this function knows it (the
     * exit is reaped asynchronously, so {@link #isAlive()} turns false a moment after the process ends).
     *
     * @return whether the function is dead
     */
    public boolean awaitDeath(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        qemu.process().onExit().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .exceptionally(t -> null).join();
        while (isAlive() && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        return !isAlive();
    }

    /** Why the function is gone (QEMU's exit status and stderr tail, or the qtest failure), or null. */
    public String failure() {
        String d = qemu.deathReason();
        return d != null ? d : failure;
    }

    /** The QEMU behind this function: process, run directory, RAM file. */
    public QemuInstance qemu() {
        return qemu;
    }

    /** QMP control: stop, cont, queryStatus, quit, events. */
    public QmpClient qmp() {
        return qemu.qmp();
    }

    public int pciDevice() {
        return device;
    }

    public long bar0Address() {
        return bar0;
    }

    public long bar0Size() {
        return bar0Size;
    }

    @Override
    public String description() {
        return "QEMU " + qemu.qemuVersion() + " NVMe 1b36:0010 at 00:%02x.0, pid %d, %d MiB shared RAM, qtest over %s"
                .formatted(device, qemu.pid(), qemu.config().ramBytes() >> 20, qtest.transport());
    }

    @Override
    public void close() {
        dead = true;
        if (failure == null) {
            failure = "closed";
        }
        synchronized (this) {
            if (msix != null) {
                msix.stop(); // before the RAM it watches is unmapped
            }
        }
        TimerKicker k = background;
        if (k != null) {
            k.close();
        }
        qemu.close();
    }
}
