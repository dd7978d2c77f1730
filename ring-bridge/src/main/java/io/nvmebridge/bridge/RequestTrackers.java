package io.nvmebridge.bridge;

import io.nvmebridge.spec.device.DmaBuffer;

/**
 * Per-request state of one {@link RingBridge}: a fixed array of {@link Request}s indexed by tracker (which is also
 * the NVMe user data of the request's commands), all made up front, and the free stack trackers are taken from —
 * nothing is allocated per I/O. {@link SqeTranslator} fills a tracker from an SQE; the bridge issues and completes
 * it. Owned by the bridge's thread: plain fields on purpose.
 *
 * <p>One object per request rather than one array per field: a request's twenty-odd fields are read and written
 * together, and an object costs one bounds check for all of them where the arrays cost a reference load, a length
 * load and a bounds check each (measured: about 10 ns per forwarded I/O).
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

    /** Words per request in {@link Request#cmd}: opcode, nsid, cdw2, cdw3, cdw10..cdw15. */
    static final int CMD_WORDS = 10;

    /** One request's state; see {@link RequestTrackers}. */
    static final class Request {
        byte state;
        byte kind;
        byte op;
        byte sqeFlags;
        long userData;
        int nsid;
        long slba;
        long addr;      // buffer or iovec array, in BufferSpace terms
        int iovCount;   // -1: flat buffer; else iovecs at addr (K_VEC, K_CMD_VEC, a bounced vector)
        long bytes;     // total transfer length
        long devAddr;   // K_FLAT / K_CMD data pointer (direct or bounce)
        int cursor;     // K_VEC: next iovec to issue
        long cursorLba; // K_VEC: LBA of that iovec
        int pending;    // NVMe commands submitted and not completed
        boolean allIssued;
        int res;        // 0 or the first error (negative errno; NVMe status for K_CMD)
        long big0;
        int next;       // chain successor or -1
        boolean copyBack;
        DmaBuffer bounce;     // persistent bounce slot (copy path), lazily allocated
        DmaBuffer bounceTemp; // one-off bounce for a request larger than the slot
        final int[] cmd = new int[CMD_WORDS]; // K_CMD, K_CMD_VEC
        long metaAddr;  // K_CMD, K_CMD_VEC: the client's metadata buffer, in BufferSpace terms
        int metaLen;    // its length; 0: no metadata
        long metaDev;   // the command's MPTR: the buffer itself (fixed path) or metaBounce
        DmaBuffer metaBounce; // copy path: the metadata's one-off bounce buffer
    }

    private final Request[] requests;
    private final int[] freeStack;
    private int freeTop;
    private int inUse;

    RequestTrackers(int count) {
        requests = new Request[count];
        freeStack = new int[count];
        for (int i = 0; i < count; i++) {
            requests[i] = new Request();
            freeStack[i] = count - 1 - i;
        }
        freeTop = count;
    }

    /** Tracker {@code t}'s request. */
    Request at(int t) {
        return requests[t];
    }

    /** True for NVMe passthrough: res is the NVMe status and big_cqe[0] the command result. */
    static boolean isPassthrough(byte kind) {
        return kind == K_CMD || kind == K_CMD_VEC;
    }

    int count() {
        return requests.length;
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
        requests[t].state = FREE;
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
        for (Request r : requests) {
            c[r.state]++;
        }
        return c;
    }
}
