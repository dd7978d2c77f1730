package io.nvmebridge.bridge;

import io.nvmebridge.bridge.RequestTrackers.Request;
import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.ring.CompletionRing;
import io.nvmebridge.bridge.ring.RingLayout;
import io.nvmebridge.bridge.ring.SubmissionRing;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.device.DmaAllocator;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

import static io.nvmebridge.bridge.RequestTrackers.K_FAILED;
import static io.nvmebridge.bridge.RequestTrackers.K_IMMEDIATE;
import static io.nvmebridge.bridge.RequestTrackers.K_FLAT;
import static io.nvmebridge.bridge.RequestTrackers.K_VEC;
import static io.nvmebridge.bridge.RequestTrackers.K_FLUSH;
import static io.nvmebridge.bridge.RequestTrackers.K_CMD;
import static io.nvmebridge.bridge.RequestTrackers.K_CMD_VEC;
import static io.nvmebridge.bridge.RequestTrackers.WAITING;
import static io.nvmebridge.bridge.RequestTrackers.QUEUED;
import static io.nvmebridge.bridge.RequestTrackers.INFLIGHT;

/**
 * Forwards one io_uring's SQEs onto one NVMe I/O queue pair and turns NVMe completions into CQEs,
 * without copying data (on the {@link DataPath#FIXED fixed} path) — the idea of Redox OS's io_uring NVMe
 * driver. Single-threaded: whoever drives it ({@link #submit()}, {@link #reap()}) is the queue pair's
 * owner — the submitting thread on the inline path, the bridge thread with SQPOLL.
 *
 * <p>Per request state lives in {@link RequestTrackers} (one preallocated object per tracker, index = NVMe user
 * data, taken from a free stack: nothing is allocated per I/O), filled from each SQE by {@link SqeTranslator}; this
 * class runs the submission loop, chains, drain and back-pressure, issues NVMe commands and turns their
 * completions into CQEs ({@link CompletionPoster}). Semantics follow io_uring:
 * <ul>
 *   <li>every SQE gets exactly one CQE, except a successful one flagged IOSQE_CQE_SKIP_SUCCESS;
 *       {@code user_data} is copied untouched; results are bytes transferred or -errno;
 *   <li>IOSQE_IO_LINK chains run one after another, a failure (res &lt; 0) cancels the rest with
 *       -ECANCELED; IOSQE_IO_HARDLINK does not break on failure; a chain ends at the last SQE available
 *       when it was read, as a chain ends with the io_uring_enter batch;
 *   <li>IOSQE_IO_DRAIN waits for everything before it, and everything after waits for it;
 *   <li>a full CQ never loses a completion: it goes to a bounded, growable overflow list, the SQ flag
 *       IORING_SQ_CQ_OVERFLOW is raised, and entries move into the CQ as the client frees space (no new
 *       SQEs are taken while the list is at its bound);
 *   <li>a full NVMe submission queue is back-pressure: the SQE stays in the ring, head not advanced.
 * </ul>
 */
public final class RingBridge implements NvmeQueue.Completion {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int LINK_FLAGS = IoUring.IOSQE_IO_LINK | IoUring.IOSQE_IO_HARDLINK;

    private final SubmissionRing sq;
    private final CompletionRing cq;
    private final RingLayout layout;
    private final NvmeQueue queue;
    private final NamespaceTable namespaces;
    private final BufferSpace space;
    private final DataPath dataPath;
    private final DmaAllocator dma;

    /** Per-request state, filled from SQEs by {@link #translator}. */
    private final RequestTrackers tr;
    private final SqeTranslator translator;
    /** A vectored passthrough's iovecs as device address ranges, between reading and issuing (one at a time). */
    private final IovecRanges ranges = new IovecRanges();
    private final int trackers;

    // ---- started trackers waiting for room on the NVMe queue (FIFO) ----
    private final int[] issueFifo;
    private int fifoHead;
    private int fifoTail;

    // ---- submission state ----
    private int chainHead = -1;
    private int chainTail = -1;
    private boolean drainBarrier;
    /** Members of the open chain (all WAITING). */
    private int chainLen;
    /**
     * A chain member asked for IO_DRAIN while requests before the chain were in flight: the chain stays
     * open and unstarted, and the member in the SQ, until they completed (Linux drains the chain's head).
     */
    private boolean holdChain;
    private int sqHead;

    private final CompletionPoster completions;

    // ---- statistics (owner thread writes; readers get a racy but monotone view) ----
    private long sqesConsumed;

    private final BridgeDevice device;

    /**
     * Binds a ring to a new I/O queue pair of {@code device} with {@code queueEntries} entries.
     *
     * @param bounceSize bytes of the bounce buffer each tracker keeps on the copy path (larger requests
     *                   take a one-off buffer)
     */
    public RingBridge(SubmissionRing sq, CompletionRing cq, RingLayout layout, BridgeDevice device, int queueEntries,
                      BufferSpace space, DataPath dataPath, int bounceSize) {
        this.sq = sq;
        this.cq = cq;
        this.layout = layout;
        this.device = device;
        this.namespaces = device.namespaces();
        this.space = space;
        this.dataPath = dataPath;
        this.dma = device.dma();
        this.trackers = layout.cqEntries();
        this.tr = new RequestTrackers(trackers);
        int t = trackers;
        issueFifo = new int[t];
        sqHead = sq.headOwned();
        completions = new CompletionPoster(cq, sq, (layout.setupFlags() & IoUring.SETUP_CQE32) != 0, layout.cqEntries());
        this.queue = device.openQueue(queueEntries, this);
        // after the queue: translating checks passthrough data against its transfer limit and PRP rules
        this.translator = new SqeTranslator(tr, namespaces, space, dataPath, dma, bounceSize,
                layout.setupFlags(), queue, ranges);
    }

    public DataPath dataPath() {
        return dataPath;
    }

    public RingLayout layout() {
        return layout;
    }

    public SubmissionRing submissionRing() {
        return sq;
    }

    public CompletionRing completionRing() {
        return cq;
    }

    /** Requests taken from the SQ and not yet completed (including chain members not started). */
    public int inFlight() {
        return tr.inUse();
    }

    /** Completions held because the CQ was full. */
    public int overflowCount() {
        return completions.overflowCount();
    }

    public long sqesConsumed() {
        return sqesConsumed;
    }

    public long cqesPosted() {
        return completions.posted();
    }

    public long overflowed() {
        return completions.overflowed();
    }

    /** One round of work: take SQEs, reap NVMe completions, post CQEs. Returns the amount of work done. */
    public int work() {
        int n = reap();
        n += submit();
        return n;
    }

    // =====================================================================================================
    // Submission side
    // =====================================================================================================

    /** Takes SQEs from the ring and forwards them; returns how many SQEs were consumed. */
    public int submit() {
        pumpIssue();
        int consumed = 0;
        int tail = sqTail(); // acquire: SQEs below the tail are fully written
        try {
            while (true) {
                if (sqHead == tail) {
                    tail = sqTail();
                    if (sqHead == tail) {
                        break;
                    }
                }
                if (fifoHead != fifoTail || completions.atBound()) {
                    break; // NVMe queue full or CQ overflow at its bound: back-pressure
                }
                if (drainBarrier && chainHead < 0) {
                    // the request after a drained one (or after the chain holding it) waits for it
                    if (tr.inUse() > 0) {
                        break;
                    }
                    drainBarrier = false;
                }
                long at = sq.sqeOffset(sqHead);
                if (at < 0) {
                    sq.countDropped(); // bad index in the SQ array: Linux drops it, there is no user_data to answer
                    sqHead++;
                    consumed++;
                    continue;
                }
                MemorySegment sqes = sq.sqes();
                long word0 = IoUringSqe.word0(sqes, at); // opcode, flags, fd: one load
                int flags = IoUringSqe.flagsOf(word0);
                if ((flags & IoUring.IOSQE_IO_DRAIN) != 0 && tr.inUse() > chainLen) {
                    // drain: wait for everything before this SQE; inside a chain, the whole chain waits
                    holdChain = chainHead >= 0;
                    break;
                }
                if (!tr.hasFree()) {
                    break; // all trackers busy; completions will free some
                }
                int t = tr.take();
                translator.prepare(t, sqes, at, word0);
                if (chainHead >= 0) {
                    tr.at(t).state = WAITING;
                    tr.at(chainTail).next = t;
                    chainTail = t;
                    chainLen++;
                    if ((flags & LINK_FLAGS) == 0) {
                        startChain();
                    }
                } else if ((flags & LINK_FLAGS) != 0) {
                    tr.at(t).state = WAITING;
                    chainHead = t;
                    chainTail = t;
                    chainLen = 1;
                } else if (!issueNow(t)) {
                    release(t); // nothing of it fit on the NVMe queue: the SQE stays in the ring
                    break;
                }
                if ((flags & IoUring.IOSQE_IO_DRAIN) != 0) {
                    holdChain = false;
                    drainBarrier = true;
                }
                sqHead++;
                consumed++;
                sqesConsumed++;
            }
        } finally {
            if (chainHead >= 0 && !holdChain) {
                startChain(); // a chain ends with the batch of SQEs that was available
            }
            // release: our reads of the consumed SQEs are done before the client may reuse the slots
            sq.publishHead(sqHead);
            queue.flush(); // one doorbell write for the batch
            flushCompletions();
        }
        return consumed;
    }

    /**
     * The client's SQ tail (acquire). A tail more than the ring's size ahead of our head (which includes
     * a tail moved backwards: unsigned) names SQEs that cannot exist: the ring is corrupt. Linux would
     * clamp; we stop, because every later position would be a guess.
     */
    private int sqTail() {
        int tail = sq.tailAcquire();
        if (Integer.compareUnsigned(tail - sqHead, sq.entries()) > 0) {
            throw new RingCorruptedException("SQ tail " + Integer.toUnsignedString(tail) + " is "
                    + Integer.toUnsignedString(tail - sqHead) + " entries ahead of the head "
                    + Integer.toUnsignedString(sqHead) + " in a ring of " + sq.entries());
        }
        return tail;
    }

    private void startChain() {
        int h = chainHead;
        chainHead = -1;
        chainTail = -1;
        chainLen = 0;
        start(h);
    }

    /** Starts a tracker whose turn has come: queued behind earlier ones, then issued as room allows. */
    private void start(int t) {
        tr.at(t).state = QUEUED;
        issueFifo[fifoTail++ % trackers] = t;
        pumpIssue();
    }

    /** Issues started trackers in order while the NVMe queue has room. */
    private void pumpIssue() {
        while (fifoHead != fifoTail) {
            int t = issueFifo[fifoHead % trackers];
            if (!issue(t)) {
                return;
            }
            fifoHead++;
        }
    }

    /** Issues a fresh single SQE; false (and nothing submitted) when the NVMe queue had no room at all. */
    private boolean issueNow(int t) {
        Request r = tr.at(t);
        r.state = QUEUED;
        if (issue(t)) {
            return true;
        }
        if (r.pending == 0) {
            return false;
        }
        issueFifo[fifoTail++ % trackers] = t; // partly issued: the rest follows as room frees
        return true;
    }

    /** Puts a tracker's remaining commands on the NVMe queue; true when all are there (or it completed). */
    private boolean issue(int t) {
        Request r = tr.at(t);
        byte kind = r.kind;
        if (kind == K_FLAT) {
            // the common case first, small enough for the JIT to inline: one contiguous read or write
            int blocks = (int) (r.bytes >>> namespaces.lbaShift(r.nsid));
            boolean ok = SqeTranslator.isRead(r.op)
                    ? queue.read(r.nsid, r.slba, blocks, r.devAddr, t)
                    : queue.write(r.nsid, r.slba, blocks, r.devAddr, t);
            if (!ok) {
                return false;
            }
            r.pending = 1;
        } else if (kind == K_FAILED || kind == K_IMMEDIATE) {
            r.state = INFLIGHT;
            finish(t);
            return true;
        } else if (!issueOther(t, kind)) {
            return false;
        }
        r.state = INFLIGHT;
        r.allIssued = true;
        if (r.pending == 0) {
            finish(t); // a vector whose iovecs all failed or were empty
        }
        return true;
    }

    /** {@link #issue} for the other kinds: Flush, passthrough, fixed-path vectors; false when the queue is full. */
    private boolean issueOther(int t, byte kind) {
        Request r = tr.at(t);
        switch (kind) {
            case K_FLUSH -> {
                if (!queue.flush(r.nsid, t)) {
                    return false;
                }
                r.pending = 1;
            }
            case K_CMD -> {
                int[] w = r.cmd;
                if (!queue.raw(w[0], w[1], w[2], w[3], w[4], w[5], w[6],
                        w[7], w[8], w[9], r.devAddr, (int) r.bytes, r.metaDev, t)) {
                    return false;
                }
                r.pending = 1;
            }
            case K_CMD_VEC -> {
                if (!issueVectoredCommand(t)) {
                    return false;
                }
            }
            case K_VEC -> {
                if (!issueVector(t)) {
                    r.state = INFLIGHT;
                    return false;
                }
            }
            default -> throw new IllegalStateException("tracker " + t + " has kind " + kind);
        }
        return true;
    }

    /**
     * A vectored passthrough on the fixed path: the iovecs, read again (the client owns the array), become the
     * command's PRPs. False when the NVMe queue is full.
     */
    private boolean issueVectoredCommand(int t) {
        Request r = tr.at(t);
        long vecOff = space.hostOffset(r.addr, (long) r.iovCount * SqeTranslator.IOVEC_SIZE);
        long total = vecOff < 0 ? -1 : ranges.read(space, vecOff, r.iovCount);
        if (total < 0 || !ranges.deviceReachable) {
            // the iovec array changed under us since it was checked: fail the request, issue nothing
            r.res = -BridgeErrno.EFAULT;
            return true;
        }
        // still PRP-describable and within MDTS is the driver's to check (an invalid request, -EINVAL, if not)
        int[] w = r.cmd;
        if (!queue.rawVectored(w[0], w[1], w[2], w[3], w[4], w[5],
                w[6], w[7], w[8], w[9], ranges.addresses, ranges.lengths,
                ranges.count, r.metaDev, t)) {
            return false;
        }
        r.pending = 1;
        return true;
    }

    /** One NVMe command per non-empty iovec; false when the queue filled before the last. */
    private boolean issueVector(int t) {
        Request r = tr.at(t);
        int shift = namespaces.lbaShift(r.nsid);
        MemorySegment whole = space.whole();
        long vecOff = space.hostOffset(r.addr, (long) r.iovCount * SqeTranslator.IOVEC_SIZE);
        while (r.cursor < r.iovCount) {
            long base = 0;
            long len = 0;
            if (vecOff >= 0) {
                base = whole.get(U64, vecOff + (long) r.cursor * SqeTranslator.IOVEC_SIZE);
                len = whole.get(U64, vecOff + (long) r.cursor * SqeTranslator.IOVEC_SIZE + 8);
            }
            long device = space.deviceAddress(base, len);
            if (vecOff < 0 || device < 0 || (len & ((1L << shift) - 1)) != 0) {
                // the iovec array changed under us since it was checked: fail the request, issue no more
                if (r.res == 0) {
                    r.res = -BridgeErrno.EFAULT;
                }
                r.cursor = r.iovCount;
                break;
            }
            if (len != 0) {
                boolean ok = SqeTranslator.isRead(r.op)
                        ? queue.read(r.nsid, r.cursorLba, (int) (len >>> shift), device, t)
                        : queue.write(r.nsid, r.cursorLba, (int) (len >>> shift), device, t);
                if (!ok) {
                    return false;
                }
                r.pending++;
                r.cursorLba += len >>> shift;
            }
            r.cursor++;
        }
        return true;
    }

    // =====================================================================================================
    // Completion side
    // =====================================================================================================

    /** Reaps NVMe completions and posts their CQEs; returns how many NVMe completions were reaped. */
    public int reap() {
        int n = queue.poll(trackers);
        pumpIssue();
        flushCompletions();
        return n;
    }

    @Override
    public void complete(long nvmeUserData, int nvmeStatus, long result) {
        if (nvmeUserData < 0 || nvmeUserData >= trackers) {
            throw unknownTracker(nvmeUserData, nvmeStatus);
        }
        int t = (int) nvmeUserData;
        Request q = tr.at(t);
        if (q.state != INFLIGHT || q.pending == 0) {
            throw unknownTracker(nvmeUserData, nvmeStatus);
        }
        if (nvmeStatus != 0 && q.res == 0) {
            // passthrough reports the device's NVMe status as is (> 0), as Linux does; host errors are -errno
            q.res = RequestTrackers.isPassthrough(q.kind) && queue.isDeviceStatus(nvmeStatus)
                    ? nvmeStatus : -queue.errno(nvmeStatus);
        }
        if (RequestTrackers.isPassthrough(q.kind)) {
            q.big0 = result;
        }
        if (--q.pending == 0 && q.allIssued) {
            finish(t);
        }
    }

    private static IllegalStateException unknownTracker(long nvmeUserData, int nvmeStatus) {
        return new IllegalStateException("completion for unknown tracker " + nvmeUserData + " (status 0x"
                + Integer.toHexString(nvmeStatus) + ")");
    }

    /** Completes a tracker: data copy-back, CQE, chain successor, tracker back on the free stack. */
    private void finish(int t) {
        Request q = tr.at(t);
        int r = q.res;
        boolean passthrough = RequestTrackers.isPassthrough(q.kind);
        if (r == 0 && !passthrough && q.kind != K_FLUSH) {
            r = (int) q.bytes;
        }
        if (q.copyBack && r >= 0 && (!passthrough || r == 0)) {
            r = translator.copyBackRead(t, r);
        }
        if (passthrough && r == 0
                && NvmOpcode.transferDirection(q.cmd[0]) == NvmOpcode.XFER_CONTROLLER_TO_HOST) {
            r = translator.copyBackMetadata(t, r); // a read's bounced metadata
        }
        boolean failed = r < 0;
        int flags = q.sqeFlags;
        boolean skip = (flags & IoUring.IOSQE_CQE_SKIP_SUCCESS) != 0 && !failed && (!passthrough || r == 0);
        if (!skip) {
            post(q.userData, r, 0, q.big0);
        }
        int succ = q.next;
        release(t);
        if (succ < 0) {
            return;
        }
        if (failed && (flags & IoUring.IOSQE_IO_HARDLINK) == 0) {
            // a failed link member cancels the rest of its chain
            while (succ >= 0) {
                post(tr.at(succ).userData, -BridgeErrno.ECANCELED, 0, 0);
                int n = tr.at(succ).next;
                release(succ);
                succ = n;
            }
            return;
        }
        enqueueStarted(succ); // its turn: issued by the next pumpIssue, behind anything already waiting
    }

    private void enqueueStarted(int t) {
        // queued behind anything already waiting for the NVMe queue, in order
        tr.at(t).state = QUEUED;
        issueFifo[fifoTail++ % trackers] = t;
    }

    private void release(int t) {
        freeOneOffBuffers(tr.at(t));
        tr.give(t);
    }

    /** Frees a request's one-off bounce buffers (a large transfer's, a bounced metadata buffer), if any. */
    private void freeOneOffBuffers(Request r) {
        if (r.bounceTemp != null) {
            dma.free(r.bounceTemp);
            r.bounceTemp = null;
        }
        if (r.metaBounce != null) {
            dma.free(r.metaBounce);
            r.metaBounce = null;
        }
    }

    private void post(long ud, int r, int flags, long b0) {
        completions.post(ud, r, flags, b0);
    }

    /** Moves overflowed CQEs into the CQ as room frees, publishes the tail, wakes a sleeping client. */
    public void flushCompletions() {
        completions.flush();
    }

    /** True when there is nothing to do: no SQE waiting, nothing in flight, no held completion. */
    public boolean idle() {
        return tr.inUse() == 0 && completions.overflowCount() == 0 && sq.tailAcquire() == sqHead;
    }

    /** For diagnostics: the tracker states. */
    @Override
    public String toString() {
        return "RingBridge[inFlight=" + tr.inUse() + " overflow=" + completions.overflowCount() + " sqHead=" + sqHead
                + " cqTail=" + completions.tail() + " consumed=" + sqesConsumed + " posted=" + completions.posted() + " states=" + Arrays.toString(tr.countStates()) + "]";
    }

    /** Gives back the queue pair and the bounce buffers; the ring memory is the caller's. */
    public void close() {
        device.closeQueue(queue);
        for (int t = 0; t < trackers; t++) {
            Request r = tr.at(t);
            if (r.bounce != null) {
                dma.free(r.bounce);
                r.bounce = null;
            }
            freeOneOffBuffers(r);
        }
    }
}
