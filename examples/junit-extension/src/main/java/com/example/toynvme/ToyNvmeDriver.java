package com.example.toynvme;

import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.NvmeFunction;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A toy NVMe driver, the first thing one writes when prototyping a storage driver: it resets the controller,
 * sets up an admin queue pair in DMA memory, enables the controller and sends Identify Controller, polling for
 * the completion. It knows nothing but the {@link NvmeFunction} it is given (BAR0 registers, doorbells, DMA
 * memory), so the same code runs on the in-JVM emulator, on QEMU's NVMe controller, or on real hardware
 * behind VFIO. Register offsets and bit positions are the NVMe base specification's (1.4, section 3.1).
 *
 * <p>Not thread-safe: one thread drives it.
 */
public final class ToyNvmeDriver implements AutoCloseable {
    // controller registers (BAR0 offsets)
    private static final long CAP = 0x00;
    private static final long CC = 0x14;
    private static final long CSTS = 0x1C;
    private static final long AQA = 0x24;
    private static final long ASQ = 0x28;
    private static final long ACQ = 0x30;
    private static final long DOORBELLS = 0x1000;

    private static final int CC_EN = 1;
    private static final int CC_IOSQES_64_BYTES = 6 << 16;
    private static final int CC_IOCQES_16_BYTES = 4 << 20;
    private static final int CSTS_RDY = 1;
    private static final int CSTS_CFS = 1 << 1;
    /** What a read of a vanished PCI function returns. */
    private static final int ALL_ONES = -1;

    private static final int QUEUE_ENTRIES = 8; // small, so that a handful of commands wraps the queues
    private static final int SQE_BYTES = 64;
    private static final int CQE_BYTES = 16;
    private static final int PAGE = 4096;

    private static final int OPCODE_IDENTIFY = 0x06;
    private static final int CNS_CONTROLLER = 0x01;

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /**
     * The completion's status word, read with acquire order: the device (possibly its own thread) writes it
     * last, so once its phase bit flips the rest of the entry is there.
     */
    private static final VarHandle CQE_STATUS = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final NvmeFunction fn;
    private final int doorbellStride;
    private final long timeoutNanos;
    private final DmaBuffer submissionQueue;
    private final DmaBuffer completionQueue;
    private final DmaBuffer identifyData;
    private int sqTail;
    private int cqHead;
    private int expectedPhase = 1; // the device writes phase 1 on its first pass through the completion queue
    private int nextCommandId;

    private ToyNvmeDriver(NvmeFunction fn, long cap) {
        this.fn = fn;
        this.doorbellStride = 4 << (int) ((cap >>> 32) & 0xF); // CAP.DSTRD
        this.timeoutNanos = Math.max(1, (cap >>> 24) & 0xFF) * 500_000_000L; // CAP.TO, in 500 ms units
        this.submissionQueue = fn.dma().allocate(QUEUE_ENTRIES * SQE_BYTES, PAGE);
        this.completionQueue = fn.dma().allocate(QUEUE_ENTRIES * CQE_BYTES, PAGE);
        this.identifyData = fn.dma().allocate(PAGE, PAGE);
    }

    /**
     * Resets the controller behind {@code fn}, gives it an admin queue pair and enables it.
     *
     * @param fn the PCI function; this driver owns it until {@link #close()}
     * @return the driver, its controller ready for admin commands
     * @throws IllegalStateException when the controller does not become ready or reports a fatal status
     */
    public static ToyNvmeDriver enable(NvmeFunction fn) {
        ToyNvmeDriver driver = new ToyNvmeDriver(fn, fn.read64(CAP));
        try {
            driver.reset();
            fn.write32(AQA, (QUEUE_ENTRIES - 1) << 16 | (QUEUE_ENTRIES - 1)); // zero-based sizes: ACQS, ASQS
            fn.write64(ASQ, driver.submissionQueue.deviceAddress());
            fn.write64(ACQ, driver.completionQueue.deviceAddress());
            fn.write32(CC, CC_EN | CC_IOSQES_64_BYTES | CC_IOCQES_16_BYTES); // 4 KiB pages (MPS 0), NVM command set
            driver.awaitReady(true);
            return driver;
        } catch (RuntimeException e) {
            driver.close();
            throw e;
        }
    }

    /**
     * Sends Identify Controller and waits for its completion.
     *
     * @return what the controller says about itself
     * @throws IllegalStateException when the command fails, times out or the device is gone
     */
    public ControllerIdentity identify() {
        identifyData.segment().fill((byte) 0);
        MemorySegment sqe = submissionQueue.segment().asSlice((long) sqTail * SQE_BYTES, SQE_BYTES);
        sqe.fill((byte) 0);
        int commandId = nextCommandId++ & 0xFFFF;
        sqe.set(U32, 0, OPCODE_IDENTIFY | commandId << 16); // CDW0: opcode, CID
        sqe.set(U64, 24, identifyData.deviceAddress()); // PRP1: one page, so no PRP2
        sqe.set(U32, 40, CNS_CONTROLLER); // CDW10
        sqTail = (sqTail + 1) % QUEUE_ENTRIES;
        fn.write32(DOORBELLS, sqTail); // admin SQ tail doorbell
        int status = awaitCompletion(commandId);
        if (status != 0) {
            throw new IllegalStateException("Identify Controller failed: status 0x%x".formatted(status));
        }
        MemorySegment data = identifyData.segment();
        return new ControllerIdentity(Short.toUnsignedInt(data.get(U16, 0)), ascii(data, 4, 20), ascii(data, 24, 40),
                ascii(data, 64, 8));
    }

    /** Disables the controller and gives the DMA memory back; the function itself stays the caller's. */
    @Override
    public void close() {
        try {
            if (fn.isAlive()) {
                reset();
            }
        } finally {
            fn.dma().free(identifyData);
            fn.dma().free(completionQueue);
            fn.dma().free(submissionQueue);
        }
    }

    private void reset() {
        if ((fn.read32(CC) & CC_EN) != 0) {
            fn.write32(CC, 0);
        }
        awaitReady(false);
    }

    private void awaitReady(boolean ready) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            int csts = fn.read32(CSTS);
            if (csts == ALL_ONES) {
                throw new IllegalStateException("device gone (CSTS reads all ones)");
            }
            if (ready && (csts & CSTS_CFS) != 0) {
                throw new IllegalStateException("controller fatal status");
            }
            if (((csts & CSTS_RDY) != 0) == ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("CSTS.RDY did not become " + (ready ? 1 : 0) + " within CAP.TO");
            }
            Thread.onSpinWait();
        }
    }

    /** Polls the completion queue for {@code commandId}'s entry and returns its status field. */
    private int awaitCompletion(int commandId) {
        long deadline = System.nanoTime() + timeoutNanos;
        MemorySegment cq = completionQueue.segment();
        long at = (long) cqHead * CQE_BYTES;
        int word;
        while (((word = (short) CQE_STATUS.getAcquire(cq, at + 14) & 0xFFFF) & 1) != expectedPhase) {
            if (fn.read32(CSTS) == ALL_ONES) {
                throw new IllegalStateException("device gone (CSTS reads all ones)");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no completion for command " + commandId);
            }
            fn.kick(); // QEMU runs its controller only when spoken to
        }
        int completedId = Short.toUnsignedInt(cq.get(U16, at + 12));
        cqHead = (cqHead + 1) % QUEUE_ENTRIES;
        if (cqHead == 0) {
            expectedPhase ^= 1; // the device flips the phase it writes on every pass
        }
        fn.write32(DOORBELLS + doorbellStride, cqHead); // admin CQ head doorbell
        if (completedId != commandId) {
            throw new IllegalStateException("completion for command " + completedId + ", expected " + commandId);
        }
        return word >>> 1;
    }

    private static String ascii(MemorySegment data, long offset, int length) {
        byte[] bytes = data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
        return new String(bytes, StandardCharsets.US_ASCII).strip(); // space-padded fields
    }
}
