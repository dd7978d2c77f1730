package io.nvmebridge.bridge;

import io.nvmebridge.bridge.RequestTrackers.Request;
import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.core.CoreRequest;
import io.nvmebridge.bridge.core.ForwardingCore;
import io.nvmebridge.bridge.core.RangeSupplier;
import io.nvmebridge.bridge.core.RequestCompletion;
import io.nvmebridge.bridge.ring.CompletionRing;
import io.nvmebridge.bridge.ring.RingLayout;
import io.nvmebridge.bridge.ring.SubmissionRing;
import io.nvmebridge.spec.NvmOpcode;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static io.nvmebridge.bridge.RequestTrackers.K_FLUSH;

/**
 * Forwards one io_uring's SQEs onto one NVMe I/O queue pair and turns NVMe completions into CQEs,
 * without copying data (on the {@link DataPath#FIXED fixed} path) — the idea of Redox OS's io_uring NVMe
 * driver. Single-threaded: whoever drives it ({@link #submit()}, {@link #reap()}) is the queue pair's
 * owner — the submitting thread on the inline path, the bridge thread with SQPOLL.
 *
 * <p>This is the io_uring front door over a {@link ForwardingCore}, which owns the NVMe side of every request (the
 * tags, the issue FIFO and back-pressure, multi-command reassembly, bounce buffers). Each SQE takes a tag;
 * {@link SqeTranslator} fills the request's io_uring state ({@link RequestTrackers}, indexed by the same tag) and
 * describes its NVMe side to the core; this class runs the submission loop, chains and drain, hands requests to
 * the core, and turns the core's completions (tag, NVMe status, result) into CQEs: -errno, or the NVMe status
 * as is for passthrough ({@link StatusErrno}, {@link CompletionPoster}). Semantics follow io_uring:
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
public final class RingBridge implements RequestCompletion, RangeSupplier {
    private static final int LINK_FLAGS = IoUring.IOSQE_IO_LINK | IoUring.IOSQE_IO_HARDLINK;

    private final SubmissionRing sq;
    private final CompletionRing cq;
    private final RingLayout layout;
    /** The NVMe side: tags, issue FIFO, back-pressure, reassembly, bounce buffers. */
    private final ForwardingCore core;

    /** Per-request io_uring state, indexed by the core's tag, filled from SQEs by {@link #translator}. */
    private final RequestTrackers tr;
    private final SqeTranslator translator;
    private final DataPath dataPath;

    // ---- submission state ----
    private int chainHead = -1;
    private int chainTail = -1;
    private boolean drainBarrier;
    /** Members of the open chain (taken, not started). */
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
     * @param bounceSize bytes of the bounce buffer each tag keeps on the copy path (larger requests
     *                   take a one-off buffer)
     */
    public RingBridge(SubmissionRing sq, CompletionRing cq, RingLayout layout, BridgeDevice device, int queueEntries,
                      BufferSpace space, DataPath dataPath, int bounceSize) {
        this.sq = sq;
        this.cq = cq;
        this.layout = layout;
        this.device = device;
        this.dataPath = dataPath;
        int tags = layout.cqEntries();
        this.tr = new RequestTrackers(tags);
        sqHead = sq.headOwned();
        completions = new CompletionPoster(cq, sq, (layout.setupFlags() & IoUring.SETUP_CQE32) != 0, layout.cqEntries());
        this.core = new ForwardingCore(tags, sink -> device.openQueue(queueEntries, sink), device.dma(), bounceSize,
                this, this);
        // after the core's queue: translating checks passthrough data against its transfer limit and PRP rules
        this.translator = new SqeTranslator(tr, device.namespaces(), space, dataPath, layout.setupFlags(), core,
                new IovecRanges());
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
        return core.inUse();
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
        core.pump();
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
                if (core.backlogged() || completions.atBound()) {
                    break; // NVMe queue full or CQ overflow at its bound: back-pressure
                }
                if (drainBarrier && chainHead < 0) {
                    // the request after a drained one (or after the chain holding it) waits for it
                    if (core.inUse() > 0) {
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
                if ((flags & IoUring.IOSQE_IO_DRAIN) != 0 && core.inUse() > chainLen) {
                    // drain: wait for everything before this SQE; inside a chain, the whole chain waits
                    holdChain = chainHead >= 0;
                    break;
                }
                if (!core.hasFreeTag()) {
                    break; // all tags busy; completions will free some
                }
                int t = core.take();
                translator.prepare(t, sqes, at, word0);
                if (chainHead >= 0) {
                    tr.at(chainTail).next = t;
                    chainTail = t;
                    chainLen++;
                    if ((flags & LINK_FLAGS) == 0) {
                        startChain();
                    }
                } else if ((flags & LINK_FLAGS) != 0) {
                    chainHead = t;
                    chainTail = t;
                    chainLen = 1;
                } else if (!core.issueNow(t)) {
                    core.release(t); // nothing of it fit on the NVMe queue: the SQE stays in the ring
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
            core.flush(); // one doorbell write for the batch
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
        core.start(h);
    }

    // =====================================================================================================
    // Completion side
    // =====================================================================================================

    /** Reaps NVMe completions and posts their CQEs; returns how many NVMe completions were reaped. */
    public int reap() {
        int n = core.poll();
        flushCompletions();
        return n;
    }

    /** The core issues a fixed-path vector: its iovecs, read now ({@link SqeTranslator#supplyRanges}). */
    @Override
    public boolean supplyRanges(int t, CoreRequest request) {
        return translator.supplyRanges(t, request);
    }

    /**
     * The core finished request {@code t}: its status becomes the CQE's res (-errno; an NVMe status the device
     * returned stays as is for passthrough, as Linux reports it), data is copied back, the CQE posted, the chain
     * successor started, the tag given back.
     */
    @Override
    public void completed(int t, int nvmeStatus, long result) {
        Request q = tr.at(t);
        int r = q.res;
        boolean passthrough = RequestTrackers.isPassthrough(q.kind);
        if (nvmeStatus != 0 && r == 0) {
            r = passthrough && StatusErrno.isDeviceStatus(nvmeStatus) ? nvmeStatus : -StatusErrno.errno(nvmeStatus);
        }
        if (passthrough) {
            q.big0 = result;
        }
        if (r == 0 && !passthrough && q.kind != K_FLUSH) {
            r = (int) q.bytes;
        }
        if (q.copyBack && r >= 0 && (!passthrough || r == 0)) {
            r = translator.copyBackRead(t, r);
        }
        if (passthrough && r == 0
                && NvmOpcode.transferDirection(q.cmdOpcode) == NvmOpcode.XFER_CONTROLLER_TO_HOST) {
            r = translator.copyBackMetadata(t, r); // a read's bounced metadata
        }
        boolean failed = r < 0;
        int flags = q.sqeFlags;
        boolean skip = (flags & IoUring.IOSQE_CQE_SKIP_SUCCESS) != 0 && !failed && (!passthrough || r == 0);
        if (!skip) {
            post(q.userData, r, 0, q.big0);
        }
        int succ = q.next;
        core.release(t);
        if (succ < 0) {
            return;
        }
        if (failed && (flags & IoUring.IOSQE_IO_HARDLINK) == 0) {
            // a failed link member cancels the rest of its chain
            while (succ >= 0) {
                post(tr.at(succ).userData, -BridgeErrno.ECANCELED, 0, 0);
                int n = tr.at(succ).next;
                core.release(succ);
                succ = n;
            }
            return;
        }
        core.enqueue(succ); // its turn: issued by the core's next pump, behind anything already waiting
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
        return core.inUse() == 0 && completions.overflowCount() == 0 && sq.tailAcquire() == sqHead;
    }

    /** For diagnostics: the request states (free, taken, queued, in flight). */
    @Override
    public String toString() {
        return "RingBridge[inFlight=" + core.inUse() + " overflow=" + completions.overflowCount() + " sqHead=" + sqHead
                + " cqTail=" + completions.tail() + " consumed=" + sqesConsumed + " posted=" + completions.posted() + " states=" + Arrays.toString(core.countStates()) + "]";
    }

    /** Gives back the queue pair and the bounce buffers; the ring memory is the caller's. */
    public void close() {
        device.closeQueue(core.queue());
        core.close();
    }
}
