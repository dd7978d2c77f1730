package io.nvmebridge.bench;

import io.nvmebridge.driver.IoCompletionHandler;
import io.nvmebridge.driver.IoQueuePair;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.driver.RegisteredBuffer;
import io.nvmebridge.emulator.EmulatedNvmeFunction;
import java.util.SplittableRandom;

/**
 * ring-bench's floor under every ring row: the same 4 KiB random reads on the same device
 * ({@link BridgeBenchSetup#emulatorConfig}, {@link BridgeBenchSetup#driverOptions}), in the same batches, straight
 * on a driver queue pair with no io_uring in front — submit a batch, one doorbell, poll until it completed. What
 * an NVMe command costs through the driver and the emulated device alone; a ring row's extra time is the ring's.
 * Allocates nothing per I/O.
 */
final class DriverQueueSubject implements AutoCloseable {
    private static final int LBAS = 4096;

    private final EmulatedNvmeFunction fn;
    private final NvmeController ctrl;
    private final IoQueuePair queue;
    private final RegisteredBuffer buffer;
    private final long[] lbas = new long[LBAS];
    private final int batch;
    private int next;
    private int done;
    long completed;
    private final IoCompletionHandler counter = (userData, status, result) -> {
        if (status != 0) {
            throw new IllegalStateException("read failed: NVMe status 0x" + Integer.toHexString(status));
        }
        done++;
    };

    DriverQueueSubject(int batch, NullReads reads) {
        this.batch = batch;
        fn = EmulatedNvmeFunction.open(BridgeBenchSetup.emulatorConfig(reads), 32L << 20);
        ctrl = NvmeController.open(fn, BridgeBenchSetup.driverOptions());
        queue = ctrl.createIoQueuePair(128); // the ring rows' NVMe queue size
        buffer = ctrl.registerBuffer(fn.dma().allocate((long) batch * BridgeBenchSetup.BLOCK, 4096));
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < LBAS; i++) {
            lbas[i] = rnd.nextLong(BridgeBenchSetup.BLOCKS);
        }
    }

    /** One batch: {@code batch} reads, one doorbell write, polled until all completed. */
    void batch() {
        done = 0;
        for (int i = 0; i < batch; i++) {
            if (!queue.read(BridgeBenchSetup.NSID, lbas[next++ & (LBAS - 1)], 1, buffer,
                    (long) i * BridgeBenchSetup.BLOCK, i, counter)) {
                throw new IllegalStateException("queue pair full at " + i + " of a batch of " + batch);
            }
        }
        queue.flush();
        while (done < batch) {
            queue.poll(batch);
        }
        completed += batch;
    }

    @Override
    public void close() {
        ctrl.close();
        fn.close();
    }
}
