package io.nvmebridge.bridge.core;

import io.nvmebridge.spec.device.DmaAllocator;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.DmaExhaustedException;
import java.util.function.Function;

import static io.nvmebridge.bridge.core.CoreRequest.COMMAND;
import static io.nvmebridge.bridge.core.CoreRequest.FLUSH;
import static io.nvmebridge.bridge.core.CoreRequest.FREE;
import static io.nvmebridge.bridge.core.CoreRequest.INFLIGHT;
import static io.nvmebridge.bridge.core.CoreRequest.LOCAL;
import static io.nvmebridge.bridge.core.CoreRequest.QUEUED;
import static io.nvmebridge.bridge.core.CoreRequest.READ;
import static io.nvmebridge.bridge.core.CoreRequest.RANGE_READS;
import static io.nvmebridge.bridge.core.CoreRequest.TAKEN;
import static io.nvmebridge.bridge.core.CoreRequest.WRITE;

/**
 * The part of forwarding every front door shares, over one NVMe I/O queue pair: the request table (tag = index,
 * also the NVMe user data; preallocated, tags from a free stack: nothing allocated per I/O), the issue FIFO and
 * back-pressure when the NVMe submission queue is full, requests of several NVMe commands and their reassembly
 * into one completion (first non-zero status wins), bounce buffers, and the completion callback, which receives
 * (tag, NVMe status, result) — the raw status, so an io_uring front door can make it -errno, a vhost-user-blk one
 * a virtio status byte and an NVMe/TCP one a response capsule, as SPDK's {@code spdk_nvmf_request} and
 * {@code spdk_nvmf_request_complete} serve its TCP, RDMA and vfio-user transports alike.
 *
 * <p>A front door {@link #take}s a tag, describes the request ({@link #request}), and either {@link #start}s it
 * (queued behind earlier ones, issued as room allows) or {@link #issueNow tries it at once}, leaving its client's
 * request where it was when nothing fit. Commands go on the NVMe queue without a doorbell; {@link #flush()} rings
 * it once per batch. {@link #poll} reaps completions; when a request's last command completes the front door's
 * {@link RequestCompletion} is called, and the front door {@link #release}s the tag when it is done with it.
 *
 * <p>Single-threaded: the thread driving the front door owns the core, its queue and its requests; nothing here
 * is shared, so every field is plain.
 */
public final class ForwardingCore implements NvmeQueue.Completion {
    private static final System.Logger LOG = System.getLogger(ForwardingCore.class.getName());

    private final CoreRequest[] requests;
    private final int[] freeStack;
    private int freeTop;
    private int inUse;

    // started requests waiting for room on the NVMe queue, in order (each tag at most once)
    private final int[] issueFifo;
    private int fifoHead;
    private int fifoTail;

    private final NvmeQueue queue;
    private final DmaAllocator dma;
    private final int bounceSize;
    private final RequestCompletion frontDoor;
    private final RangeSupplier rangeSupplier;

    /**
     * @param tags       requests the core holds at once
     * @param openQueue  opens the NVMe queue, given the core as its completion sink
     * @param dma        memory for bounce buffers
     * @param bounceSize bytes of the bounce buffer each tag keeps (larger requests take a one-off buffer)
     * @param frontDoor  told of each completed request
     * @param ranges     gives the ranges of requests marked {@link CoreRequest#rangesAtIssue()} ({@link RangeSupplier#NONE}
     *                   for a front door that never marks one)
     */
    public ForwardingCore(int tags, Function<NvmeQueue.Completion, NvmeQueue> openQueue, DmaAllocator dma,
                          int bounceSize, RequestCompletion frontDoor, RangeSupplier ranges) {
        requests = new CoreRequest[tags];
        freeStack = new int[tags];
        issueFifo = new int[tags];
        for (int i = 0; i < tags; i++) {
            requests[i] = new CoreRequest();
            freeStack[i] = tags - 1 - i;
        }
        freeTop = tags;
        this.dma = dma;
        this.bounceSize = bounceSize;
        this.frontDoor = frontDoor;
        this.rangeSupplier = ranges;
        this.queue = openQueue.apply(this);
    }

    public NvmeQueue queue() {
        return queue;
    }

    public int tags() {
        return requests.length;
    }

    // ---- the request table ----

    public boolean hasFreeTag() {
        return freeTop > 0;
    }

    /** A free tag (the caller checked {@link #hasFreeTag()}), its request fresh; in use until {@link #release}. */
    public int take() {
        inUse++;
        int t = freeStack[--freeTop];
        requests[t].reset();
        return t;
    }

    /** Tag {@code t}'s request, for the front door to describe. */
    public CoreRequest request(int t) {
        return requests[t];
    }

    /** Gives a tag back: its one-off bounce buffers are freed; the tag may be taken again. */
    public void release(int t) {
        CoreRequest r = requests[t];
        freeOneOffBuffers(r);
        r.state = FREE;
        freeStack[freeTop++] = t;
        inUse--;
    }

    /** Tags taken and not released. */
    public int inUse() {
        return inUse;
    }

    /** True while started requests wait for room on the NVMe queue: a front door takes no new work then. */
    public boolean backlogged() {
        return fifoHead != fifoTail;
    }

    // ---- issuing ----

    /** Starts a request: queued behind any already waiting, then issued as room allows. */
    public void start(int t) {
        enqueue(t);
        pump();
    }

    /** Queues a request behind any already waiting; issued by the next {@link #pump} (or poll, or start). */
    public void enqueue(int t) {
        requests[t].state = QUEUED;
        issueFifo[fifoTail++ % issueFifo.length] = t;
    }

    /**
     * Issues a request at once, when nothing waits before it (the caller checked {@link #backlogged()}). False
     * when not one of its commands fit: the request is not started and the front door keeps its client's request
     * where it was (back-pressure); partly issued, the rest follows as room frees.
     */
    public boolean issueNow(int t) {
        CoreRequest r = requests[t];
        r.state = QUEUED;
        if (issue(t)) {
            return true;
        }
        if (r.pending == 0) {
            r.state = TAKEN;
            return false;
        }
        issueFifo[fifoTail++ % issueFifo.length] = t;
        return true;
    }

    /** Issues started requests in order while the NVMe queue has room. */
    public void pump() {
        while (fifoHead != fifoTail) {
            if (!issue(issueFifo[fifoHead % issueFifo.length])) {
                return;
            }
            fifoHead++;
        }
    }

    /** Rings the NVMe SQ doorbell once for everything issued since the last call. */
    public void flush() {
        queue.flush();
    }

    /** Reaps NVMe completions (calling the front door for finished requests), then issues what now fits. */
    public int poll() {
        int n = queue.poll(requests.length);
        pump();
        return n;
    }

    /** Puts a request's remaining commands on the NVMe queue; true when all are there (or it completed). */
    private boolean issue(int t) {
        CoreRequest r = requests[t];
        byte kind = r.kind;
        if (kind == READ || kind == WRITE) {
            // the common case first, small enough for the JIT to inline: one contiguous read or write
            boolean ok = kind == READ
                    ? queue.read(r.nsid, r.slba, r.blocks, r.dataAddress, t)
                    : queue.write(r.nsid, r.slba, r.blocks, r.dataAddress, t);
            if (!ok) {
                return false;
            }
            r.pending = 1;
        } else if (kind == LOCAL) {
            r.state = INFLIGHT;
            r.status = r.localStatus;
            finish(t);
            return true;
        } else if (!issueOther(t, r, kind)) {
            return false;
        }
        r.state = INFLIGHT;
        r.allIssued = true;
        if (r.pending == 0) {
            finish(t); // ranges that were all empty, or the front door failed it at issue
        }
        return true;
    }

    /** {@link #issue} for Flush, commands and per-range transfers; false when the queue is full. */
    private boolean issueOther(int t, CoreRequest r, byte kind) {
        if (r.rangesAtIssue && r.cursor == 0 && r.pending == 0) {
            // nothing of it issued yet: the client's description of the data is read now, at every attempt
            r.rangeCount = 0;
            if (!rangeSupplier.supplyRanges(t, r)) {
                return true; // the front door failed it: no commands, so issue() completes it now
            }
        }
        switch (kind) {
            case FLUSH -> {
                if (!queue.flush(r.nsid, t)) {
                    return false;
                }
                r.pending = 1;
            }
            case COMMAND -> {
                if (r.commandOverRanges) {
                    r.command.dataRanges(r.rangeAddresses, r.rangeLengths, r.rangeCount);
                }
                if (!queue.submit(r.command, t)) {
                    return false;
                }
                r.pending = 1;
            }
            default -> {
                if (!issueRanges(t, r, kind == RANGE_READS)) {
                    r.state = INFLIGHT; // parts of it are on the queue: their completions are expected
                    return false;
                }
            }
        }
        return true;
    }

    /** One command per remaining range, at consecutive LBAs; false when the queue filled before the last. */
    private boolean issueRanges(int t, CoreRequest r, boolean read) {
        int shift = r.lbaShift;
        while (r.cursor < r.rangeCount) {
            long len = r.rangeLengths[r.cursor];
            if (len != 0) {
                int blocks = (int) (len >>> shift);
                long address = r.rangeAddresses[r.cursor];
                boolean ok = read
                        ? queue.read(r.nsid, r.cursorLba, blocks, address, t)
                        : queue.write(r.nsid, r.cursorLba, blocks, address, t);
                if (!ok) {
                    return false;
                }
                r.pending++;
                r.cursorLba += blocks;
            }
            r.cursor++;
        }
        return true;
    }

    // ---- completion ----

    /** One NVMe command of request {@code userData} completed (the queue calls this from {@link #poll}). */
    @Override
    public void complete(long userData, int nvmeStatus, long result) {
        if (userData < 0 || userData >= requests.length) {
            throw unknownTag(userData, nvmeStatus);
        }
        int t = (int) userData;
        CoreRequest r = requests[t];
        if (r.state != INFLIGHT || r.pending == 0) {
            throw unknownTag(userData, nvmeStatus);
        }
        if (nvmeStatus != 0 && r.status == 0) {
            r.status = nvmeStatus; // the first failure of a multi-command request is its status
        }
        r.result = result;
        if (--r.pending == 0 && r.allIssued) {
            finish(t);
        }
    }

    private static IllegalStateException unknownTag(long userData, int nvmeStatus) {
        // our own queue named a request we never issued: a bug here or in the driver, not a client's mistake
        return new IllegalStateException("completion for unknown tag " + userData + " (status 0x"
                + Integer.toHexString(nvmeStatus) + ")");
    }

    private void finish(int t) {
        CoreRequest r = requests[t];
        r.state = TAKEN; // the front door's until it releases the tag
        frontDoor.completed(t, r.status, r.result);
    }

    // ---- bounce buffers ----

    /**
     * A bounce buffer of at least {@code len} bytes for tag {@code t}'s data: the tag's kept one (allocated on
     * first use), or a one-off one for a larger request, freed at {@link #release}. Null when DMA memory ran out:
     * the front door fails that request, it does not throw.
     */
    public DmaBuffer bounce(int t, long len) {
        CoreRequest r = requests[t];
        if (len <= bounceSize) {
            if (r.bounce == null) {
                r.bounce = allocateOrNull(bounceSize, "bounce buffer");
            }
            return r.bounce;
        }
        r.bounceTemp = allocateOrNull(len, "bounce buffer");
        return r.bounceTemp;
    }

    /** Page-aligned DMA memory, or null (logged) when it ran out: a front door fails that request, never throws. */
    private DmaBuffer allocateOrNull(long len, String what) {
        try {
            return dma.allocate(len, 4096);
        } catch (DmaExhaustedException e) {
            LOG.log(System.Logger.Level.DEBUG, "no DMA memory for a " + len + " byte " + what);
            return null;
        }
    }

    /** The bounce buffer {@link #bounce} last gave tag {@code t}, for copying back what the device wrote. */
    public DmaBuffer bounced(int t) {
        CoreRequest r = requests[t];
        return r.bounceTemp != null ? r.bounceTemp : r.bounce;
    }

    /** A one-off bounce buffer of {@code len} bytes for tag {@code t}'s metadata, freed at release; null: no memory. */
    public DmaBuffer metadataBounce(int t, long len) {
        CoreRequest r = requests[t];
        r.metadataBounce = allocateOrNull(len, "metadata bounce buffer");
        return r.metadataBounce;
    }

    /** Tag {@code t}'s metadata bounce buffer, or null when its metadata was not bounced. */
    public DmaBuffer metadataBounced(int t) {
        return requests[t].metadataBounce;
    }

    private void freeOneOffBuffers(CoreRequest r) {
        if (r.bounceTemp != null) {
            dma.free(r.bounceTemp);
            r.bounceTemp = null;
        }
        if (r.metadataBounce != null) {
            dma.free(r.metadataBounce);
            r.metadataBounce = null;
        }
    }

    /** Requests per state (free, taken, queued, in flight), for diagnostics. */
    public int[] countStates() {
        int[] c = new int[4];
        for (CoreRequest r : requests) {
            c[r.state]++;
        }
        return c;
    }

    /** Frees every bounce buffer; the queue is the opener's to close. */
    public void close() {
        for (CoreRequest r : requests) {
            if (r.bounce != null) {
                dma.free(r.bounce);
                r.bounce = null;
            }
            freeOneOffBuffers(r);
        }
    }
}
