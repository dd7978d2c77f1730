package io.nvmebridge.tool.bench;

import io.nvmebridge.driver.IoCompletionHandler;
import io.nvmebridge.driver.IoQueuePair;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.driver.RegisteredBuffer;
import io.nvmebridge.spec.device.DmaBuffer;
import java.lang.foreign.MemorySegment;

/** A job on the driver's queue pair directly: the floor under every ring path. */
final class DriverJob extends Job implements IoCompletionHandler {
    private final NvmeController controller;
    private final int nsid;
    private IoQueuePair qp;
    private DmaBuffer dma;
    private RegisteredBuffer registered;
    private MemorySegment[] slots;
    private int blocksPerIo;

    DriverJob(Workload w, int index, int lbaSize, BenchRunner runner, NvmeController controller, int nsid) {
        super(w, index, lbaSize, runner);
        this.controller = controller;
        this.nsid = nsid;
    }

    @Override
    void open() {
        int entries = Math.max(64, Integer.highestOneBit(w.iodepth()) << 1);
        qp = controller.createIoQueuePair(entries);
        dma = controller.function().dma().allocate((long) w.iodepth() * w.bs(), 4096);
        registered = controller.registerBuffer(dma);
        blocksPerIo = w.bs() / lbaSize;
        slots = new MemorySegment[w.iodepth()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = dma.segment().asSlice((long) i * w.bs(), w.bs());
        }
    }

    @Override
    MemorySegment buffer(int slot) {
        return slots[slot];
    }

    @Override
    boolean issue(int slot, boolean write, long byteOffset) {
        long slba = byteOffset / lbaSize;
        long at = (long) slot * w.bs();
        return write ? qp.write(nsid, slba, blocksPerIo, registered, at, slot, this)
                : qp.read(nsid, slba, blocksPerIo, registered, at, slot, this);
    }

    @Override
    void submit() {
        qp.flush();
    }

    /**
     * Spins briefly, then waits the driver's way (an interrupt, or a short park): a device in another process
     * (QEMU) needs the CPU this thread would otherwise burn polling.
     */
    @Override
    void reap() {
        int spins = 0;
        while (qp.poll(w.iodepth()) == 0) {
            if (++spins < SPINS_BEFORE_WAIT) {
                Thread.onSpinWait();
            } else {
                qp.awaitCompletions(WAIT);
                spins = 0;
            }
        }
    }

    private static final int SPINS_BEFORE_WAIT = 64;
    private static final java.time.Duration WAIT = java.time.Duration.ofMillis(1);

    @Override
    public void complete(long userData, int nvmeStatus, long result) {
        completed((int) userData, nvmeStatus == 0 ? w.bs() : -io.nvmebridge.driver.ErrnoMapping.errno(nvmeStatus));
    }

    @Override
    void close() {
        if (qp != null) {
            qp.close();
        }
        if (dma != null) {
            controller.function().dma().free(dma);
        }
    }
}
