package io.nvmebridge.tool.bench;

import io.nvmebridge.bridge.AsyncNvme;
import io.nvmebridge.bridge.NvmeBridge;
import io.nvmebridge.bridge.NvmeIoException;
import io.nvmebridge.spec.device.DmaBuffer;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * A job through the CompletableFuture layer: each I/O is a future, completed by a callback — the way a
 * library user writes it. The per-slot callbacks are made once, so what remains per I/O is the layer's own
 * cost (the future and its completion), which is what this path measures.
 */
final class AsyncJob extends Job {
    private final NvmeBridge bridge;
    private final int nsid;
    private AsyncNvme async;
    private MemorySegment[] slots;
    private BiConsumer<Integer, Throwable>[] callbacks;

    AsyncJob(Workload w, int index, int lbaSize, BenchRunner runner, NvmeBridge bridge, int nsid) {
        super(w, index, lbaSize, runner);
        this.bridge = bridge;
        this.nsid = nsid;
    }

    @Override
    @SuppressWarnings("unchecked")
    void open() {
        async = new AsyncNvme(bridge.openRing(RingJob.options(IoPath.inline, w.iodepth())));
        DmaBuffer b = async.ring().allocateBuffer((long) w.iodepth() * w.bs());
        slots = new MemorySegment[w.iodepth()];
        callbacks = new BiConsumer[w.iodepth()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = b.segment().asSlice((long) i * w.bs(), w.bs());
            int slot = i;
            callbacks[i] = (res, err) -> completed(slot, err == null ? res : errno(err));
        }
    }

    private static int errno(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return t instanceof NvmeIoException io ? io.res() : -5;
    }

    @Override
    MemorySegment buffer(int slot) {
        return slots[slot];
    }

    @Override
    boolean issue(int slot, boolean write, long byteOffset) {
        CompletableFuture<Integer> f = write ? async.write(nsid, slots[slot], byteOffset) : async.read(nsid, slots[slot], byteOffset);
        f.whenComplete(callbacks[slot]);
        return true;
    }

    @Override
    void submit() {
        async.submit();
    }

    @Override
    void reap() {
        async.ring().waitCqes(1);
        async.poll();
    }

    @Override
    void close() {
        if (async != null) {
            async.close();
        }
    }
}
