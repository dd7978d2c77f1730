package io.nvmebridge.qemu;

import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.InterruptHandler;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Interrupts without a guest: each MSI-X vector's message address is pointed at a word of guest RAM instead
 * of the local APIC (0xFEE00000). QEMU delivers an MSI-X message as a 32-bit DMA store of the message data to
 * the message address, so each interrupt lands as a non-zero word in memory this JVM maps. One daemon thread
 * watches the words, clears each it finds set and calls the handler with its vector.
 *
 * <pre>
 *  notification area (DMA memory, 64-byte aligned): word i (4 bytes, offset 4*i) = vector i's mailbox
 *  MSI-X table entry i (BAR0 + table offset + 16*i): +0 address lo, +4 address hi, +8 data, +12 control
 * </pre>
 *
 * Interrupts that arrive while a word is still set are coalesced into one call, as an edge-triggered
 * interrupt line would be; the driver reaps every completion on each call anyway.
 */
final class MsixNotifier implements Runnable {
    private static final System.Logger LOG = System.getLogger(MsixNotifier.class.getName());
    /** Mailbox word; acquire on read orders the CQE stores QEMU made before the message (TSO on x86). */
    private static final VarHandle WORD = ValueLayout.JAVA_INT.varHandle();
    /** Message data: any non-zero value marks the mailbox. */
    static final int MESSAGE_DATA = 0x4D534958; // "MSIX"
    /** Table entry layout. */
    static final int ENTRY_SIZE = 16;
    static final int ENTRY_ADDRESS_LO = 0;
    static final int ENTRY_ADDRESS_HI = 4;
    static final int ENTRY_DATA = 8;
    static final int ENTRY_VECTOR_CONTROL = 12;
    /** Idle polls before the watcher parks between sweeps. */
    private static final int SPINS_BEFORE_PARK = 200;
    /** Park time after the spins, doubling while idle up to the maximum (bounds CPU use when quiet). */
    private static final long MIN_PARK_NANOS = 20_000;
    private static final long MAX_PARK_NANOS = 500_000;

    private final MemorySegment mailboxes;
    private final int vectors;
    private volatile InterruptHandler handler;
    private volatile boolean running = true;
    private final Thread thread;

    MsixNotifier(DmaBuffer area, int vectors, InterruptHandler handler) {
        this.mailboxes = area.segment();
        this.vectors = vectors;
        this.handler = handler;
        this.thread = new Thread(this, "nvme-bridge-qemu-msix");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void setHandler(InterruptHandler h) {
        this.handler = h;
    }

    /** Device address of vector {@code v}'s mailbox, given the area's device address. */
    static long mailboxAddress(long areaDeviceAddress, int v) {
        return areaDeviceAddress + 4L * v;
    }

    @Override
    public void run() {
        int idle = 0;
        long park = MIN_PARK_NANOS;
        while (running) {
            boolean any = false;
            for (int v = 0; v < vectors; v++) {
                int word = (int) WORD.getAcquire(mailboxes, 4L * v);
                if (word != 0) {
                    // clear before calling: a message arriving during the handler sets the word again
                    WORD.compareAndSet(mailboxes, 4L * v, word, 0);
                    any = true;
                    InterruptHandler h = handler;
                    if (h != null) {
                        try {
                            h.interrupt(v);
                        } catch (RuntimeException e) {
                            LOG.log(Level.WARNING, "interrupt handler failed on vector " + v, e);
                        }
                    }
                }
            }
            if (any) {
                idle = 0;
                park = MIN_PARK_NANOS;
            } else if (++idle < SPINS_BEFORE_PARK) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(park);
                park = Math.min(MAX_PARK_NANOS, park * 2);
            }
        }
    }

    /** Stops the watcher and waits for it, so the RAM mapping can be released. */
    void stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
