package io.nvmebridge.bench;

import io.nvmebridge.bridge.AsyncNvme;
import io.nvmebridge.bridge.CqeHandler;
import io.nvmebridge.bridge.DataPath;
import io.nvmebridge.bridge.ForwardingPath;
import io.nvmebridge.bridge.NvmeBridge;
import io.nvmebridge.bridge.Ring;
import io.nvmebridge.bridge.RingOptions;
import io.nvmebridge.driver.DriverOptions;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorConfig;
import io.nvmebridge.emulator.EmulatorMode;
import io.nvmebridge.emulator.NamespaceConfig;
import io.nvmebridge.spec.device.DmaBuffer;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * One benchmark subject: a ring on the bridge over the driver over an inline emulator with a NULL
 * namespace, doing 4 KiB random reads in batches. Shared by the JMH benchmark and the plain harness;
 * {@link #emulatorConfig} is also the device behind ring-bench's shared-memory ring.
 */
final class BridgeBenchSetup implements AutoCloseable {
    static final int NSID = 1;
    static final int BLOCK = 4096;
    static final long BLOCKS = 1L << 24; // 64 GiB of nothing
    private static final int OFFSETS = 4096;

    final NvmeBridge bridge;
    final Ring ring;
    final AsyncNvme async;
    final MemorySegment[] buffers;
    final long[] offsets = randomOffsets(OFFSETS);
    final int batch;
    private int next;
    long completed;
    private final CqeHandler counter = (ud, res, flags, big0) -> {
        if (res != BLOCK) {
            throw new IllegalStateException("read failed: res=" + res);
        }
        completed++;
    };
    private final CqeHandler nopCounter = (ud, res, flags, big0) -> {
        if (res != 0) {
            throw new IllegalStateException("NOP failed: res=" + res);
        }
        completed++;
    };
    @SuppressWarnings("unchecked")
    private final CompletableFuture<Integer>[] futures = new CompletableFuture[64];

    /**
     * The one place that says which device every ring benchmark reads from: an INLINE emulator (device
     * work on the thread that rings the doorbell) with namespace {@link #NSID}, {@link #BLOCKS} blocks of
     * {@link #BLOCK} bytes, of a null kind: nothing is stored, and reads return zeroes or leave the buffer
     * untouched ({@link NullReads}). Every subject — the JMH benchmark, the harness's rings and its
     * shared-memory ring — uses it.
     */
    static EmulatorConfig emulatorConfig(NullReads reads) {
        NamespaceConfig ns = reads == NullReads.ZEROES ? NamespaceConfig.nullDevice(NSID, BLOCKS, BLOCK)
                : NamespaceConfig.nullNoData(NSID, BLOCKS, BLOCK);
        return EmulatorConfig.builder().mode(EmulatorMode.INLINE).namespace(ns).build();
    }

    /**
     * Polling, and plain MMIO doorbells: the inline emulator works on the doorbell write itself, so shadow
     * doorbells would only add EventIdx traffic (they pay off on QEMU, where an MMIO write is a round trip).
     */
    static DriverOptions driverOptions() {
        return DriverOptions.defaults().withInterrupts(false).withShadowDoorbells(false);
    }

    BridgeBenchSetup(ForwardingPath path, DataPath data, int batch, NullReads reads) {
        this.batch = batch;
        EmulatedNvmeFunction fn = EmulatedNvmeFunction.open(emulatorConfig(reads), 32L << 20);
        bridge = NvmeBridge.of(NvmeController.open(fn, driverOptions()), true);
        ring = bridge.openRing(RingOptions.defaults().withPath(path).withData(data).withEntries(64)
                .withQueueEntries(128));
        async = new AsyncNvme(ring);
        DmaBuffer buf = ring.allocateBuffer((long) batch * BLOCK);
        buffers = new MemorySegment[batch];
        for (int i = 0; i < batch; i++) {
            buffers[i] = buf.segment().asSlice((long) i * BLOCK, BLOCK);
        }
    }

    /** {@code count} byte offsets of random blocks of the {@link #BLOCKS}-block namespace, the same every run. */
    static long[] randomOffsets(int count) {
        long[] offsets = new long[count];
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < count; i++) {
            offsets[i] = rnd.nextLong(BLOCKS) * BLOCK;
        }
        return offsets;
    }

    /** One batch through the ring API: prepare, submit, wait, reap. Allocates nothing. */
    void ringBatch() {
        for (int i = 0; i < batch; i++) {
            ring.prepRead(NSID, buffers[i], offsets[next++ & (OFFSETS - 1)], i);
        }
        ring.submit();
        int got = 0;
        while (got < batch) {
            ring.waitCqes(batch - got);
            got += ring.forEachCqe(counter);
        }
    }

    /** One batch of IORING_OP_NOP through the ring API: the bridge's cost with no NVMe command. Allocates nothing. */
    void nopBatch() {
        for (int i = 0; i < batch; i++) {
            ring.prepNop(i);
        }
        ring.submit();
        int got = 0;
        while (got < batch) {
            ring.waitCqes(batch - got);
            got += ring.forEachCqe(nopCounter);
        }
    }

    /** One batch through the CompletableFuture layer. */
    void futureBatch() throws Exception {
        for (int i = 0; i < batch; i++) {
            futures[i] = async.read(NSID, buffers[i], offsets[next++ & (OFFSETS - 1)]);
        }
        for (int i = 0; i < batch; i++) {
            if (async.await(futures[i]) != BLOCK) {
                throw new IllegalStateException("short read");
            }
            completed++;
        }
    }

    @Override
    public void close() {
        ring.close();
        bridge.close();
    }
}
