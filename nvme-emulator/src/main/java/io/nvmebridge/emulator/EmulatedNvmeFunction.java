package io.nvmebridge.emulator;

import io.nvmebridge.spec.device.DmaAllocator;
import io.nvmebridge.spec.device.DmaMemory;
import io.nvmebridge.spec.device.FlatMemory;
import io.nvmebridge.spec.device.InterruptHandler;
import io.nvmebridge.spec.device.NvmeFunction;

/**
 * The emulated controller as a PCI function: BAR0 is the controller's register file, DMA memory is a
 * {@link FlatMemory} at a non-zero bus base (so bus address 0 is never valid) or the caller's
 * {@link DmaMemory} ({@link #over}), and configuration space is a
 * plausible type-0 header of an NVMe controller (class 010802h) with one 64-bit memory BAR.
 */
public final class EmulatedNvmeFunction implements NvmeFunction {
    /** Bus address of the first byte of host memory: address 0 must never be valid. */
    public static final long BUS_BASE = 0x1_0000_0000L;

    private static final int CLASS_CODE_NVME = 0x010802;
    private static final int REVISION = 0x02;
    private static final int PCI_COMMAND_WRITABLE = 0x0406; // memory space, bus master, INTx disable

    private final EmulatedController controller;
    private final DmaMemory memory;
    private final long barSize;
    private int command;
    private long barAddress;
    private boolean closed;
    /** Set by {@link #surpriseRemove()}; read on every register access. */
    private volatile boolean removed;

    private EmulatedNvmeFunction(EmulatedController controller, DmaMemory memory) {
        this.controller = controller;
        this.memory = memory;
        this.barSize = Long.highestOneBit(Math.max(0x4000, controller.bar0Size() * 2 - 1));
    }

    /** Creates {@code hostMemoryBytes} of host memory and an emulated controller that reaches it by DMA. */
    public static EmulatedNvmeFunction open(EmulatorConfig cfg, long hostMemoryBytes) {
        FlatMemory memory = FlatMemory.offHeap(hostMemoryBytes, BUS_BASE);
        try {
            return new EmulatedNvmeFunction(new EmulatedController(cfg, memory), memory);
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
    }

    /**
     * An emulated controller over host memory the caller provides, e.g. a {@code WindowedMemory} whose data
     * window is a shared ring file's data area (so that area is directly the device's DMA memory) and whose
     * private window holds everything the driver allocates. Closing the function closes {@code memory} too,
     * which releases only what the memory allocated itself.
     */
    public static EmulatedNvmeFunction over(EmulatorConfig cfg, DmaMemory memory) {
        return new EmulatedNvmeFunction(new EmulatedController(cfg, memory), memory);
    }

    public EmulatedController controller() {
        return controller;
    }

    public DmaMemory memory() {
        return memory;
    }

    /** Processes pending work now (shadow doorbells, delayed completions); see {@link EmulatedController#poll()}. */
    public void poll() {
        controller.poll();
    }

    /**
     * Simulates surprise removal (a yanked device, a dead QEMU): from now on {@link #isAlive()} is false,
     * register reads return all ones and writes are dropped, and the device processes nothing more.
     */
    public void surpriseRemove() {
        removed = true;
        controller.close();
    }

    @Override
    public int read32(long offset) {
        if (removed) {
            return 0xFFFFFFFF;
        }
        return controller.read32(offset);
    }

    @Override
    public long read64(long offset) {
        if (removed) {
            return -1L;
        }
        return controller.read64(offset);
    }

    @Override
    public void write32(long offset, int value) {
        if (!removed) {
            controller.write32(offset, value);
        }
    }

    @Override
    public void write64(long offset, long value) {
        if (!removed) {
            controller.write64(offset, value);
        }
    }

    @Override
    public synchronized int readConfig32(int offset) {
        if (removed) {
            return 0xFFFFFFFF;
        }
        return switch (offset & ~3) {
            case 0x00 -> IdentifyData.PCI_DEVICE_ID << 16 | IdentifyData.PCI_VENDOR_ID;
            case 0x04 -> command; // status 0: no capability list
            case 0x08 -> CLASS_CODE_NVME << 8 | REVISION;
            case 0x0C -> 0; // header type 0, single function
            case 0x10 -> (int) (barAddress & ~(barSize - 1)) | 0x4; // memory BAR, 64-bit, not prefetchable
            case 0x14 -> (int) ((barAddress & ~(barSize - 1)) >>> 32);
            case 0x2C -> 0x1100 << 16 | IdentifyData.PCI_SUBSYSTEM_VENDOR_ID;
            case 0x3C -> 0x01 << 8; // interrupt pin INTA, line unassigned
            default -> 0;
        };
    }

    @Override
    public synchronized void writeConfig32(int offset, int value) {
        switch (offset & ~3) {
            case 0x04 -> command = value & PCI_COMMAND_WRITABLE;
            case 0x10 -> barAddress = (barAddress & 0xFFFFFFFF00000000L) | (value & 0xFFFFFFF0L);
            case 0x14 -> barAddress = (barAddress & 0xFFFFFFFFL) | ((long) value << 32);
            default -> {
                // read-only or unimplemented: ignored, as hardware does
            }
        }
    }

    @Override
    public DmaAllocator dma() {
        return memory;
    }

    @Override
    public boolean setInterruptHandler(InterruptHandler handler) {
        if (controller.config().mode() != EmulatorMode.THREADED) {
            return false; // INLINE completes on the caller's thread: drivers poll
        }
        controller.setInterruptHandler(handler);
        return true;
    }

    @Override
    public synchronized boolean isAlive() {
        return !closed && !removed;
    }

    @Override
    public String description() {
        EmulatorConfig c = controller.config();
        return "emulated NVMe controller " + c.serial() + " (" + c.mode() + ", " + c.namespaces().size()
                + " namespaces, " + memory.size() / (1024 * 1024) + " MiB host memory)";
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        controller.close();
        memory.close();
    }
}
