package io.nvmebridge.bridge;

import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.abi.NvmeUringCmd;
import io.nvmebridge.bridge.ring.CompletionRing;
import io.nvmebridge.bridge.ring.RingLayout;
import io.nvmebridge.bridge.ring.SubmissionRing;
import io.nvmebridge.spec.device.DmaAllocator;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.DmaExhaustedException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Forwards one io_uring's SQEs onto one NVMe I/O queue pair and turns NVMe completions into CQEs,
 * without copying data (on the {@link DataPath#FIXED fixed} path) — the idea of Redox OS's io_uring NVMe
 * driver. Single-threaded: whoever drives it ({@link #submit()}, {@link #reap()}) is the queue pair's
 * owner — the submitting thread on the inline path, the bridge thread with SQPOLL.
 *
 * <p>Per request state lives in a fixed tracker array (struct of arrays, index = NVMe user data), taken
 * from a free stack: nothing is allocated per I/O. Semantics follow io_uring:
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
    private static final System.Logger LOG = System.getLogger(RingBridge.class.getName());
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Linux's UIO_MAXIOV. */
    static final int MAX_IOVECS = 1024;
    static final int IOVEC_SIZE = 16;
    private static final int SUPPORTED_SQE_FLAGS = IoUring.IOSQE_IO_DRAIN | IoUring.IOSQE_IO_LINK
            | IoUring.IOSQE_IO_HARDLINK | IoUring.IOSQE_ASYNC | IoUring.IOSQE_CQE_SKIP_SUCCESS;
    private static final int LINK_FLAGS = IoUring.IOSQE_IO_LINK | IoUring.IOSQE_IO_HARDLINK;

    // request kinds
    private static final byte K_FAILED = 0;   // completes with its prepared error
    private static final byte K_IMMEDIATE = 1; // NOP, zero-length transfers: completes with res
    private static final byte K_FLAT = 2;     // one contiguous read/write
    private static final byte K_VEC = 3;      // fixed-path vector: one NVMe command per iovec
    private static final byte K_FLUSH = 4;
    private static final byte K_CMD = 5;      // NVMe passthrough

    // tracker states
    private static final byte FREE = 0;
    private static final byte WAITING = 1;    // in a chain, not started
    private static final byte QUEUED = 2;     // started, parts not all on the NVMe queue yet
    private static final byte INFLIGHT = 3;

    private final SubmissionRing sq;
    private final CompletionRing cq;
    private final RingLayout layout;
    private final NvmeQueue queue;
    private final NamespaceTable namespaces;
    private final BufferSpace space;
    private final DataPath dataPath;
    private final DmaAllocator dma;
    private final int bounceSize;

    // ---- trackers (struct of arrays) ----
    private final int trackers;
    private final byte[] state;
    private final byte[] kind;
    private final byte[] op;
    private final byte[] sqeFlags;
    private final long[] userData;
    private final int[] nsid;
    private final long[] slba;
    private final long[] addr;      // buffer or iovec array, in BufferSpace terms
    private final int[] iovCount;   // -1: flat buffer
    private final long[] bytes;     // total transfer length
    private final long[] devAddr;   // K_FLAT / K_CMD data pointer (direct or bounce)
    private final int[] cursor;     // K_VEC: next iovec to issue
    private final long[] cursorLba; // K_VEC: LBA of that iovec
    private final int[] pending;    // NVMe commands submitted and not completed
    private final boolean[] allIssued;
    private final int[] res;        // 0 or the first error (negative errno; NVMe status for K_CMD)
    private final long[] big0;
    private final int[] next;       // chain successor or -1
    private final boolean[] copyBack;
    private final DmaBuffer[] bounce;     // persistent bounce slot per tracker (copy path), lazily allocated
    private final DmaBuffer[] bounceTemp; // one-off bounce for a request larger than the slot
    private final int[] cmd;        // K_CMD: opcode, nsid, cdw2, cdw3, cdw10..cdw15 (10 ints per tracker)
    private final int[] freeStack;
    private int freeTop;
    private int inUse;

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
        this.bounceSize = bounceSize;
        this.trackers = layout.cqEntries();
        int t = trackers;
        state = new byte[t];
        kind = new byte[t];
        op = new byte[t];
        sqeFlags = new byte[t];
        userData = new long[t];
        nsid = new int[t];
        slba = new long[t];
        addr = new long[t];
        iovCount = new int[t];
        bytes = new long[t];
        devAddr = new long[t];
        cursor = new int[t];
        cursorLba = new long[t];
        pending = new int[t];
        allIssued = new boolean[t];
        res = new int[t];
        big0 = new long[t];
        next = new int[t];
        copyBack = new boolean[t];
        bounce = new DmaBuffer[t];
        bounceTemp = new DmaBuffer[t];
        cmd = new int[10 * t];
        freeStack = new int[t];
        for (int i = 0; i < t; i++) {
            freeStack[i] = t - 1 - i;
        }
        freeTop = t;
        issueFifo = new int[t];
        sqHead = sq.headOwned();
        completions = new CompletionPoster(cq, sq, (layout.setupFlags() & IoUring.SETUP_CQE32) != 0, layout.cqEntries());
        this.queue = device.openQueue(queueEntries, this);
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
        return inUse;
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
                    if (inUse > 0) {
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
                int flags = IoUringSqe.flags(sqes, at);
                if ((flags & IoUring.IOSQE_IO_DRAIN) != 0 && inUse > chainLen) {
                    // drain: wait for everything before this SQE; inside a chain, the whole chain waits
                    holdChain = chainHead >= 0;
                    break;
                }
                if (freeTop == 0) {
                    break; // all trackers busy; completions will free some
                }
                int t = freeStack[--freeTop];
                inUse++;
                prepare(t, sqes, at);
                if (chainHead >= 0) {
                    state[t] = WAITING;
                    next[chainTail] = t;
                    chainTail = t;
                    chainLen++;
                    if ((flags & LINK_FLAGS) == 0) {
                        startChain();
                    }
                } else if ((flags & LINK_FLAGS) != 0) {
                    state[t] = WAITING;
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
        state[t] = QUEUED;
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
        state[t] = QUEUED;
        if (issue(t)) {
            return true;
        }
        if (pending[t] == 0) {
            return false;
        }
        issueFifo[fifoTail++ % trackers] = t; // partly issued: the rest follows as room frees
        return true;
    }

    /** Puts a tracker's remaining commands on the NVMe queue; true when all are there (or it completed). */
    private boolean issue(int t) {
        switch (kind[t]) {
            case K_FAILED, K_IMMEDIATE -> {
                state[t] = INFLIGHT;
                finish(t);
                return true;
            }
            case K_FLAT -> {
                int shift = namespaces.lbaShift(nsid[t]);
                int blocks = (int) (bytes[t] >>> shift);
                boolean ok = isRead(op[t])
                        ? queue.read(nsid[t], slba[t], blocks, devAddr[t], t)
                        : queue.write(nsid[t], slba[t], blocks, devAddr[t], t);
                if (!ok) {
                    return false;
                }
                pending[t] = 1;
            }
            case K_FLUSH -> {
                if (!queue.flush(nsid[t], t)) {
                    return false;
                }
                pending[t] = 1;
            }
            case K_CMD -> {
                int c = 10 * t;
                if (!queue.raw(cmd[c], cmd[c + 1], cmd[c + 2], cmd[c + 3], cmd[c + 4], cmd[c + 5], cmd[c + 6],
                        cmd[c + 7], cmd[c + 8], cmd[c + 9], devAddr[t], (int) bytes[t], t)) {
                    return false;
                }
                pending[t] = 1;
            }
            case K_VEC -> {
                if (!issueVector(t)) {
                    state[t] = INFLIGHT;
                    return false;
                }
            }
            default -> throw new IllegalStateException("tracker " + t + " has kind " + kind[t]);
        }
        state[t] = INFLIGHT;
        allIssued[t] = true;
        if (pending[t] == 0) {
            finish(t); // a vector whose iovecs all failed or were empty
        }
        return true;
    }

    /** One NVMe command per non-empty iovec; false when the queue filled before the last. */
    private boolean issueVector(int t) {
        int shift = namespaces.lbaShift(nsid[t]);
        MemorySegment whole = space.whole();
        long vecOff = space.hostOffset(addr[t], (long) iovCount[t] * IOVEC_SIZE);
        while (cursor[t] < iovCount[t]) {
            long base = 0;
            long len = 0;
            if (vecOff >= 0) {
                base = whole.get(U64, vecOff + (long) cursor[t] * IOVEC_SIZE);
                len = whole.get(U64, vecOff + (long) cursor[t] * IOVEC_SIZE + 8);
            }
            long device = space.deviceAddress(base, len);
            if (vecOff < 0 || device < 0 || (len & ((1L << shift) - 1)) != 0) {
                // the iovec array changed under us since it was checked: fail the request, issue no more
                if (res[t] == 0) {
                    res[t] = -BridgeErrno.EFAULT;
                }
                cursor[t] = iovCount[t];
                break;
            }
            if (len != 0) {
                boolean ok = isRead(op[t])
                        ? queue.read(nsid[t], cursorLba[t], (int) (len >>> shift), device, t)
                        : queue.write(nsid[t], cursorLba[t], (int) (len >>> shift), device, t);
                if (!ok) {
                    return false;
                }
                pending[t]++;
                cursorLba[t] += len >>> shift;
            }
            cursor[t]++;
        }
        return true;
    }

    private static boolean isRead(int opcode) {
        return opcode == IoUring.OP_READ || opcode == IoUring.OP_READV || opcode == IoUring.OP_READ_FIXED;
    }

    // =====================================================================================================
    // Translation of one SQE into a tracker
    // =====================================================================================================

    private void prepare(int t, MemorySegment s, long at) {
        int opcode = IoUringSqe.opcode(s, at);
        int flags = IoUringSqe.flags(s, at);
        op[t] = (byte) opcode;
        sqeFlags[t] = (byte) flags;
        userData[t] = IoUringSqe.userData(s, at);
        next[t] = -1;
        res[t] = 0;
        big0[t] = 0;
        pending[t] = 0;
        cursor[t] = 0;
        allIssued[t] = false;
        copyBack[t] = false;
        iovCount[t] = -1;
        bytes[t] = 0;
        int err = prepareOp(t, opcode, flags, s, at);
        if (err != 0) {
            kind[t] = K_FAILED;
            res[t] = err;
        }
    }

    /** Returns 0 or a negative errno. */
    private int prepareOp(int t, int opcode, int flags, MemorySegment s, long at) {
        if ((flags & ~SUPPORTED_SQE_FLAGS) != 0) {
            return (flags & IoUring.IOSQE_FIXED_FILE) != 0 ? -BridgeErrno.EBADF : -BridgeErrno.EINVAL;
        }
        if (IoUringSqe.personality(s, at) != 0) {
            return -BridgeErrno.EINVAL;
        }
        switch (opcode) {
            case IoUring.OP_NOP -> {
                kind[t] = K_IMMEDIATE;
                return 0;
            }
            case IoUring.OP_READ, IoUring.OP_WRITE -> {
                if (IoUringSqe.bufIndex(s, at) != 0) {
                    return -BridgeErrno.EINVAL;
                }
                return prepareFlat(t, s, at, IoUringSqe.addr(s, at));
            }
            case IoUring.OP_READ_FIXED, IoUring.OP_WRITE_FIXED -> {
                long a = IoUringSqe.addr(s, at);
                long len = IoUringSqe.len(s, at);
                long start = space.fixedBufferStart(IoUringSqe.bufIndex(s, at));
                long blen = space.fixedBufferLength(IoUringSqe.bufIndex(s, at));
                if (start < 0 || Long.compareUnsigned(a - start, blen) > 0 || len > blen - (a - start)) {
                    return -BridgeErrno.EFAULT;
                }
                return prepareFlat(t, s, at, a);
            }
            case IoUring.OP_READV, IoUring.OP_WRITEV -> {
                if (IoUringSqe.bufIndex(s, at) != 0) {
                    return -BridgeErrno.EINVAL;
                }
                return prepareVector(t, s, at);
            }
            case IoUring.OP_FSYNC -> {
                int ns = IoUringSqe.fd(s, at);
                if (namespaces.lbaShift(ns) < 0) {
                    return -BridgeErrno.EBADF;
                }
                if ((IoUringSqe.rwFlags(s, at) & ~IoUring.FSYNC_DATASYNC) != 0 || IoUringSqe.bufIndex(s, at) != 0) {
                    return -BridgeErrno.EINVAL;
                }
                // IORING_FSYNC_DATASYNC: NVMe has one Flush, which makes data and metadata durable alike
                nsid[t] = ns;
                kind[t] = K_FLUSH;
                return 0;
            }
            case IoUring.OP_URING_CMD -> {
                return preparePassthrough(t, s, at);
            }
            default -> {
                return -BridgeErrno.EINVAL;
            }
        }
    }

    private int checkRw(int t, MemorySegment s, long at) {
        int ns = IoUringSqe.fd(s, at);
        int shift = namespaces.lbaShift(ns);
        if (shift < 0) {
            return -BridgeErrno.EBADF;
        }
        if (IoUringSqe.rwFlags(s, at) != 0 || IoUringSqe.spliceFdIn(s, at) != 0) {
            return -BridgeErrno.EINVAL;
        }
        long off = IoUringSqe.off(s, at);
        if ((off & ((1L << shift) - 1)) != 0) {
            return -BridgeErrno.EINVAL;
        }
        nsid[t] = ns;
        slba[t] = off >>> shift;
        return 0;
    }

    private int prepareFlat(int t, MemorySegment s, long at, long a) {
        int err = checkRw(t, s, at);
        if (err != 0) {
            return err;
        }
        int shift = namespaces.lbaShift(nsid[t]);
        long len = IoUringSqe.len(s, at);
        if ((len & ((1L << shift) - 1)) != 0 || len > Integer.MAX_VALUE) {
            return -BridgeErrno.EINVAL;
        }
        addr[t] = a;
        bytes[t] = len;
        if (len == 0) {
            kind[t] = K_IMMEDIATE;
            return 0;
        }
        if (space.hostOffset(a, len) < 0) {
            return -BridgeErrno.EFAULT;
        }
        kind[t] = K_FLAT;
        return attachData(t, a, len, isRead(op[t]), -1);
    }

    private int prepareVector(int t, MemorySegment s, long at) {
        int err = checkRw(t, s, at);
        if (err != 0) {
            return err;
        }
        int shift = namespaces.lbaShift(nsid[t]);
        long count = IoUringSqe.len(s, at);
        if (count > MAX_IOVECS) {
            return -BridgeErrno.EINVAL;
        }
        long a = IoUringSqe.addr(s, at);
        long vecOff = space.hostOffset(a, count * IOVEC_SIZE);
        if (vecOff < 0) {
            return -BridgeErrno.EFAULT;
        }
        MemorySegment whole = space.whole();
        long total = 0;
        for (int i = 0; i < count; i++) {
            long base = whole.get(U64, vecOff + (long) i * IOVEC_SIZE);
            long len = whole.get(U64, vecOff + (long) i * IOVEC_SIZE + 8);
            if (len < 0 || (len & ((1L << shift) - 1)) != 0) {
                return -BridgeErrno.EINVAL;
            }
            total += len;
            if (total > Integer.MAX_VALUE) {
                return -BridgeErrno.EINVAL;
            }
            if (len != 0 && space.hostOffset(base, len) < 0) {
                return -BridgeErrno.EFAULT;
            }
            if (len != 0 && dataPath == DataPath.FIXED && space.deviceAddress(base, len) < 0) {
                return -BridgeErrno.EFAULT;
            }
            if (len != 0 && dataPath == DataPath.FIXED && (space.deviceAddress(base, len) & 3) != 0) {
                return -BridgeErrno.EINVAL;
            }
        }
        addr[t] = a;
        iovCount[t] = (int) count;
        bytes[t] = total;
        if (total == 0) {
            kind[t] = K_IMMEDIATE;
            return 0;
        }
        if (dataPath == DataPath.FIXED) {
            kind[t] = K_VEC;
            cursorLba[t] = slba[t];
            return 0;
        }
        kind[t] = K_FLAT; // the copy path gathers/scatters the vector through one contiguous bounce
        return attachData(t, a, total, isRead(op[t]), vecOff);
    }

    /**
     * Sets the data pointer of a contiguous transfer: the buffer itself on the fixed path, a bounce buffer
     * on the copy path (filled now for writes; copied back at completion for reads).
     *
     * @param vecOff host offset of the iovec array for a vector, or -1 for a flat buffer at {@code a}
     */
    private int attachData(int t, long a, long len, boolean deviceWrites, long vecOff) {
        if (dataPath == DataPath.FIXED) {
            long device = space.deviceAddress(a, len);
            if (device < 0) {
                return -BridgeErrno.EFAULT;
            }
            if ((device & 3) != 0) {
                return -BridgeErrno.EINVAL; // NVMe data pointers are dword aligned
            }
            devAddr[t] = device;
            return 0;
        }
        DmaBuffer b = bounceFor(t, len);
        if (b == null) {
            return -BridgeErrno.ENOMEM;
        }
        devAddr[t] = b.deviceAddress();
        if (deviceWrites) {
            copyBack[t] = true;
        } else {
            MemorySegment whole = space.whole();
            if (vecOff < 0) {
                MemorySegment.copy(whole, space.hostOffset(a, len), b.segment(), 0, len);
            } else {
                long pos = 0;
                for (int i = 0; i < iovCount[t]; i++) {
                    long base = whole.get(U64, vecOff + (long) i * IOVEC_SIZE);
                    long l = whole.get(U64, vecOff + (long) i * IOVEC_SIZE + 8);
                    if (l != 0) {
                        long ho = space.hostOffset(base, l);
                        if (ho < 0) {
                            return -BridgeErrno.EFAULT;
                        }
                        MemorySegment.copy(whole, ho, b.segment(), pos, l);
                        pos += l;
                    }
                }
            }
        }
        return 0;
    }

    private DmaBuffer bounceFor(int t, long len) {
        try {
            if (len <= bounceSize) {
                if (bounce[t] == null) {
                    bounce[t] = dma.allocate(bounceSize, 4096);
                }
                return bounce[t];
            }
            bounceTemp[t] = dma.allocate(len, 4096);
            return bounceTemp[t];
        } catch (DmaExhaustedException e) {
            LOG.log(System.Logger.Level.DEBUG, "no DMA memory for a " + len + " byte bounce buffer");
            return null;
        }
    }

    /** NVMe passthrough (struct nvme_uring_cmd in a 128-byte SQE), as Linux's nvme_uring_cmd_io. */
    private int preparePassthrough(int t, MemorySegment s, long at) {
        if ((layout.setupFlags() & (IoUring.SETUP_SQE128 | IoUring.SETUP_CQE32))
                != (IoUring.SETUP_SQE128 | IoUring.SETUP_CQE32)) {
            return -BridgeErrno.EINVAL; // Linux requires big SQEs and CQEs for NVMe passthrough
        }
        int ns = IoUringSqe.fd(s, at);
        if (namespaces.lbaShift(ns) < 0) {
            return -BridgeErrno.EBADF;
        }
        if (IoUringSqe.cmdOp(s, at) != NvmeUringCmd.NVME_URING_CMD_IO) {
            return -BridgeErrno.EINVAL;
        }
        int cmdFlags = IoUringSqe.rwFlags(s, at);
        if ((cmdFlags & ~IoUring.URING_CMD_FIXED) != 0) {
            return -BridgeErrno.EINVAL;
        }
        long c = at + IoUringSqe.CMD;
        if (NvmeUringCmd.u8(s, c, NvmeUringCmd.FLAGS) != 0 || NvmeUringCmd.u64(s, c, NvmeUringCmd.METADATA) != 0
                || NvmeUringCmd.u32(s, c, NvmeUringCmd.METADATA_LEN) != 0) {
            return -BridgeErrno.EINVAL; // fused commands and metadata buffers are not supported
        }
        int opcode = NvmeUringCmd.u8(s, c, NvmeUringCmd.OPCODE);
        int direction = opcode & 3; // NVMe: bit 0 host-to-controller, bit 1 controller-to-host
        if (direction == 3) {
            return -BridgeErrno.EINVAL;
        }
        int o = 10 * t;
        cmd[o] = opcode;
        cmd[o + 1] = NvmeUringCmd.u32(s, c, NvmeUringCmd.NSID);
        cmd[o + 2] = NvmeUringCmd.u32(s, c, NvmeUringCmd.CDW2);
        cmd[o + 3] = NvmeUringCmd.u32(s, c, NvmeUringCmd.CDW3);
        for (int i = 0; i < 6; i++) {
            cmd[o + 4 + i] = NvmeUringCmd.u32(s, c, NvmeUringCmd.CDW10 + 4 * i);
        }
        nsid[t] = ns;
        kind[t] = K_CMD;
        long a = NvmeUringCmd.u64(s, c, NvmeUringCmd.ADDR);
        long len = NvmeUringCmd.u32(s, c, NvmeUringCmd.DATA_LEN) & 0xFFFF_FFFFL;
        addr[t] = a;
        bytes[t] = len;
        devAddr[t] = 0;
        if (len == 0 || direction == 0) {
            return len == 0 ? 0 : -BridgeErrno.EINVAL;
        }
        if (len > Integer.MAX_VALUE) {
            return -BridgeErrno.EINVAL;
        }
        if ((cmdFlags & IoUring.URING_CMD_FIXED) != 0) {
            int idx = IoUringSqe.bufIndex(s, at);
            long start = space.fixedBufferStart(idx);
            if (start < 0 || Long.compareUnsigned(a - start, space.fixedBufferLength(idx)) > 0
                    || len > space.fixedBufferLength(idx) - (a - start)) {
                return -BridgeErrno.EFAULT;
            }
        }
        if (space.hostOffset(a, len) < 0) {
            return -BridgeErrno.EFAULT;
        }
        return attachData(t, a, len, direction == 2, -1);
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
        if (nvmeUserData < 0 || nvmeUserData >= trackers || state[(int) nvmeUserData] != INFLIGHT
                || pending[(int) nvmeUserData] == 0) {
            throw new IllegalStateException("completion for unknown tracker " + nvmeUserData + " (status 0x"
                    + Integer.toHexString(nvmeStatus) + ")");
        }
        int t = (int) nvmeUserData;
        if (nvmeStatus != 0 && res[t] == 0) {
            // passthrough reports the device's NVMe status as is (> 0), as Linux does; host errors are -errno
            res[t] = kind[t] == K_CMD && queue.isDeviceStatus(nvmeStatus) ? nvmeStatus : -queue.errno(nvmeStatus);
        }
        if (kind[t] == K_CMD) {
            big0[t] = result;
        }
        if (--pending[t] == 0 && allIssued[t]) {
            finish(t);
        }
    }

    /** Completes a tracker: data copy-back, CQE, chain successor, tracker back on the free stack. */
    private void finish(int t) {
        int r = res[t];
        if (r == 0 && kind[t] != K_CMD && kind[t] != K_FLUSH) {
            r = (int) bytes[t];
        }
        if (copyBack[t] && r >= 0 && (kind[t] != K_CMD || r == 0)) {
            r = copyBackRead(t, r);
        }
        boolean failed = r < 0;
        int flags = sqeFlags[t];
        boolean skip = (flags & IoUring.IOSQE_CQE_SKIP_SUCCESS) != 0 && !failed && (kind[t] != K_CMD || r == 0);
        if (!skip) {
            post(userData[t], r, 0, big0[t]);
        }
        int succ = next[t];
        release(t);
        if (succ < 0) {
            return;
        }
        if (failed && (flags & IoUring.IOSQE_IO_HARDLINK) == 0) {
            // a failed link member cancels the rest of its chain
            while (succ >= 0) {
                post(userData[succ], -BridgeErrno.ECANCELED, 0, 0);
                int n = next[succ];
                release(succ);
                succ = n;
            }
            return;
        }
        enqueueStarted(succ); // its turn: issued by the next pumpIssue, behind anything already waiting
    }

    private void enqueueStarted(int t) {
        // queued behind anything already waiting for the NVMe queue, in order
        state[t] = QUEUED;
        issueFifo[fifoTail++ % trackers] = t;
    }

    private int copyBackRead(int t, int r) {
        MemorySegment bounceSeg = bounceTemp[t] != null ? bounceTemp[t].segment() : bounce[t].segment();
        MemorySegment whole = space.whole();
        long len = bytes[t];
        if (iovCount[t] < 0) {
            long ho = space.hostOffset(addr[t], len);
            if (ho < 0) {
                return -BridgeErrno.EFAULT;
            }
            MemorySegment.copy(bounceSeg, 0, whole, ho, len);
            return r;
        }
        long vecOff = space.hostOffset(addr[t], (long) iovCount[t] * IOVEC_SIZE);
        if (vecOff < 0) {
            return -BridgeErrno.EFAULT;
        }
        long pos = 0;
        for (int i = 0; i < iovCount[t] && pos < len; i++) {
            long base = whole.get(U64, vecOff + (long) i * IOVEC_SIZE);
            long l = Math.min(whole.get(U64, vecOff + (long) i * IOVEC_SIZE + 8), len - pos);
            if (l > 0) {
                long ho = space.hostOffset(base, l);
                if (ho < 0) {
                    return -BridgeErrno.EFAULT;
                }
                MemorySegment.copy(bounceSeg, pos, whole, ho, l);
                pos += l;
            }
        }
        return r;
    }

    private void release(int t) {
        if (bounceTemp[t] != null) {
            dma.free(bounceTemp[t]);
            bounceTemp[t] = null;
        }
        state[t] = FREE;
        freeStack[freeTop++] = t;
        inUse--;
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
        return inUse == 0 && completions.overflowCount() == 0 && sq.tailAcquire() == sqHead;
    }

    /** For diagnostics: the tracker states. */
    @Override
    public String toString() {
        return "RingBridge[inFlight=" + inUse + " overflow=" + completions.overflowCount() + " sqHead=" + sqHead
                + " cqTail=" + completions.tail() + " consumed=" + sqesConsumed + " posted=" + completions.posted() + " states=" + Arrays.toString(countStates()) + "]";
    }

    private int[] countStates() {
        int[] c = new int[4];
        for (byte s : state) {
            c[s]++;
        }
        return c;
    }

    /** Gives back the queue pair and the bounce buffers; the ring memory is the caller's. */
    public void close() {
        device.closeQueue(queue);
        for (int t = 0; t < trackers; t++) {
            if (bounce[t] != null) {
                dma.free(bounce[t]);
                bounce[t] = null;
            }
            if (bounceTemp[t] != null) {
                dma.free(bounceTemp[t]);
                bounceTemp[t] = null;
            }
        }
    }
}
