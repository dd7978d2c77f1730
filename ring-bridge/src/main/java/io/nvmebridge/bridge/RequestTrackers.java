package io.nvmebridge.bridge;

import io.nvmebridge.spec.device.DmaBuffer;

/**
 * Per-request state of one {@link RingBridge}: a struct of arrays indexed by tracker (which is also the NVMe
 * user data of the request's commands), and the free stack trackers are taken from — nothing is allocated
 * per I/O. {@link SqeTranslator} fills a tracker from an SQE; the bridge issues and completes it. Owned by
 * the bridge's thread: the fields are plain arrays on purpose.
 */
final class RequestTrackers {
    // request kinds
    static final byte K_FAILED = 0;    // completes with its prepared error
    static final byte K_IMMEDIATE = 1; // NOP, zero-length transfers: completes with res
    static final byte K_FLAT = 2;      // one contiguous read/write
    static final byte K_VEC = 3;       // fixed-path vector: one NVMe command per iovec
    static final byte K_FLUSH = 4;
    static final byte K_CMD = 5;       // NVMe passthrough, data contiguous (direct or bounced) at devAddr
    static final byte K_CMD_VEC = 6;   // fixed-path vectored passthrough: the iovecs themselves become the PRPs

    // tracker states
    static final byte FREE = 0;
    static final byte WAITING = 1;     // in a chain, not started
    static final byte QUEUED = 2;      // started, parts not all on the NVMe queue yet
    static final byte INFLIGHT = 3;

    /** Words per tracker in {@link #cmd}: opcode, nsid, cdw2, cdw3, cdw10..cdw15. */
    static final int CMD_WORDS = 10;

    final byte[] state;
    final byte[] kind;
    final byte[] op;
    final byte[] sqeFlags;
    final long[] userData;
    final int[] nsid;
    final long[] slba;
    final long[] addr;      // buffer or iovec array, in BufferSpace terms
    final int[] iovCount;   // -1: flat buffer; else iovecs at addr (K_VEC, K_CMD_VEC, a bounced vector)
    final long[] bytes;     // total transfer length
    final long[] devAddr;   // K_FLAT / K_CMD data pointer (direct or bounce)
    final int[] cursor;     // K_VEC: next iovec to issue
    final long[] cursorLba; // K_VEC: LBA of that iovec
    final int[] pending;    // NVMe commands submitted and not completed
    final boolean[] allIssued;
    final int[] res;        // 0 or the first error (negative errno; NVMe status for K_CMD)
    final long[] big0;
    final int[] next;       // chain successor or -1
    final boolean[] copyBack;
    final DmaBuffer[] bounce;     // persistent bounce slot per tracker (copy path), lazily allocated
    final DmaBuffer[] bounceTemp; // one-off bounce for a request larger than the slot
    final int[] cmd;        // K_CMD: CMD_WORDS ints per tracker
    final long[] metaAddr;  // K_CMD, K_CMD_VEC: the client's metadata buffer, in BufferSpace terms
    final int[] metaLen;    // its length; 0: no metadata
    final long[] metaDev;   // the command's MPTR: the buffer itself (fixed path) or metaBounce
    final DmaBuffer[] metaBounce; // copy path: the metadata's one-off bounce buffer
    private final int[] freeStack;
    private int freeTop;
    private int inUse;

    RequestTrackers(int count) {
        state = new byte[count];
        kind = new byte[count];
        op = new byte[count];
        sqeFlags = new byte[count];
        userData = new long[count];
        nsid = new int[count];
        slba = new long[count];
        addr = new long[count];
        iovCount = new int[count];
        bytes = new long[count];
        devAddr = new long[count];
        cursor = new int[count];
        cursorLba = new long[count];
        pending = new int[count];
        allIssued = new boolean[count];
        res = new int[count];
        big0 = new long[count];
        next = new int[count];
        copyBack = new boolean[count];
        bounce = new DmaBuffer[count];
        bounceTemp = new DmaBuffer[count];
        cmd = new int[CMD_WORDS * count];
        metaAddr = new long[count];
        metaLen = new int[count];
        metaDev = new long[count];
        metaBounce = new DmaBuffer[count];
        freeStack = new int[count];
        for (int i = 0; i < count; i++) {
            freeStack[i] = count - 1 - i;
        }
        freeTop = count;
    }

    /** True for NVMe passthrough: res is the NVMe status and big_cqe[0] the command result. */
    static boolean isPassthrough(byte kind) {
        return kind == K_CMD || kind == K_CMD_VEC;
    }

    int count() {
        return state.length;
    }

    boolean hasFree() {
        return freeTop > 0;
    }

    /** A free tracker (the caller checked {@link #hasFree()}); counted in use until {@link #give}. */
    int take() {
        inUse++;
        return freeStack[--freeTop];
    }

    /** Marks {@code t} free and puts it back on the stack. */
    void give(int t) {
        state[t] = FREE;
        freeStack[freeTop++] = t;
        inUse--;
    }

    /** Requests taken and not given back. */
    int inUse() {
        return inUse;
    }

    /** Trackers per state (FREE, WAITING, QUEUED, INFLIGHT), for diagnostics. */
    int[] countStates() {
        int[] c = new int[4];
        for (byte s : state) {
            c[s]++;
        }
        return c;
    }
}
