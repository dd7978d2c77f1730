package io.nvmebridge.bridge;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;

/**
 * A CompletableFuture layer over one {@link Ring}: each request returns a future of its CQE's
 * {@code res} (bytes transferred; a failure completes it exceptionally with {@link NvmeIoException}).
 * Convenient, and it pays for that: one future (and its completion) per I/O, where the ring itself
 * allocates nothing.
 *
 * <p>Owned by one thread, like its ring: requests are batched in the SQ until {@link #submit()} (or until
 * the SQ is full); {@link #poll()} reaps CQEs and completes futures; {@link #await} drives the ring until
 * a future is done — so {@code await(read(...))} works on the inline path, where nobody else reaps.
 */
public final class AsyncNvme implements AutoCloseable {
    /** Block size of the results kept boxed ({@link #boxed}). */
    private static final int CACHED_BLOCK = 512;
    /** 1 MiB of results: the sizes block I/O mostly uses. */
    private static final int CACHED_BLOCKS = 2048;
    private static final Integer[] RESULTS = new Integer[CACHED_BLOCKS + 1];

    private final Ring ring;
    private final CompletableFuture<Integer>[] pending;
    private final int[] free;
    private int freeTop;
    private final CqeHandler completer = this::complete;

    @SuppressWarnings("unchecked")
    public AsyncNvme(Ring ring) {
        this.ring = ring;
        int slots = ring.layout().cqEntries();
        this.pending = new CompletableFuture[slots];
        this.free = new int[slots];
        for (int i = 0; i < slots; i++) {
            free[i] = slots - 1 - i;
        }
        this.freeTop = slots;
    }

    public Ring ring() {
        return ring;
    }

    public CompletableFuture<Integer> read(int nsid, MemorySegment buffer, long offset) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        int slot = slot();
        pending[slot] = f;
        while (!ring.prepRead(nsid, buffer, offset, slot)) {
            makeRoom();
        }
        return f;
    }

    public CompletableFuture<Integer> write(int nsid, MemorySegment buffer, long offset) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        int slot = slot();
        pending[slot] = f;
        while (!ring.prepWrite(nsid, buffer, offset, slot)) {
            makeRoom();
        }
        return f;
    }

    public CompletableFuture<Integer> fsync(int nsid) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        int slot = slot();
        pending[slot] = f;
        while (!ring.prepFsync(nsid, 0, slot)) {
            makeRoom();
        }
        return f;
    }

    private int slot() {
        while (freeTop == 0) {
            makeRoom();
        }
        return free[--freeTop];
    }

    private void makeRoom() {
        ring.submit();
        ring.waitCqes(1);
        poll();
    }

    /** Publishes the requests made so far. */
    public void submit() {
        ring.submit();
    }

    /** Reaps ready CQEs and completes their futures; returns how many. */
    public int poll() {
        return ring.forEachCqe(completer);
    }

    /** Submits, then drives the ring until {@code f} is done; returns its value or throws its failure. */
    public int await(CompletableFuture<Integer> f) throws NvmeIoException {
        ring.submit();
        while (!f.isDone()) {
            ring.waitCqes(1);
            poll();
        }
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof NvmeIoException io) {
                throw io;
            }
            throw e;
        }
    }

    private void complete(long userData, int res, int flags, long big0) {
        int slot = (int) userData;
        CompletableFuture<Integer> f = pending[slot];
        pending[slot] = null;
        free[freeTop++] = slot;
        if (res >= 0) {
            f.complete(boxed(res));
        } else {
            f.completeExceptionally(new NvmeIoException("I/O request", res));
        }
    }

    /**
     * The result as an Integer without allocating one for the usual results: whole 512-byte blocks up to
     * {@link #CACHED_BLOCKS} of them (Integer.valueOf caches only -128..127). With it a request through this
     * layer allocates its CompletableFuture and nothing else.
     */
    static Integer boxed(int res) {
        if ((res & (CACHED_BLOCK - 1)) != 0 || res > CACHED_BLOCK * CACHED_BLOCKS) {
            return res;
        }
        int i = res / CACHED_BLOCK;
        Integer b = RESULTS[i];
        if (b == null) {
            // a benign race: two threads may box the same value, both correct (Integer's value is final)
            b = res;
            RESULTS[i] = b;
        }
        return b;
    }

    @Override
    public void close() {
        ring.close();
    }
}
