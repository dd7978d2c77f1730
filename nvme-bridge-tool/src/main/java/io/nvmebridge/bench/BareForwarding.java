package io.nvmebridge.bench;

import io.nvmebridge.bridge.BridgeErrno;
import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringCqe;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.ring.CompletionRing;
import io.nvmebridge.bridge.ring.RingLayout;
import io.nvmebridge.bridge.ring.RingMemory;
import io.nvmebridge.bridge.ring.SubmissionRing;
import io.nvmebridge.spec.CompletionEntry;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * 4 KiB reads forwarded on the inline path with only the work every read needs, written as one loop: the floor
 * under ring-bench's {@code inline ring} rows and {@link RingBenchmark}, not a forwarding path anyone should use.
 *
 * <p>Per read, in the order the real stack does it: the application writes a 64-byte READ SQE (liburing's
 * {@code io_uring_prep_rw} stores); the "bridge" reads it a quadword at a time, checks opcode, flags, fd,
 * alignment and that the buffer lies in the data area, takes a command id from a free stack, keeps user_data and
 * the length, and writes a 64-byte NVMe Read; one doorbell per batch; the "device" fetches each NVMe SQE, checks
 * opcode, NSID, LBA range and PRP1, and posts a CQE with the phase tag (a null namespace: no data moves); the
 * "driver" reaps by phase tag, frees the command id and posts the io_uring CQE; the application reaps it. The
 * rings' heads and tails are published with release and read with acquire, as in the real rings.
 *
 * <p>What it leaves out is everything else the real stack does, each required by the ring-bridge issue or the
 * driver's: links, drain, skip-success, CQ overflow and back-pressure, the other opcodes, MDTS splits, PRP lists
 * and the device's mapping of PRPs to host memory, timeouts, controller resets and re-submission, fault
 * injection, the error log, shadow doorbells and interrupts. Single-threaded; allocates nothing per read.
 */
final class BareForwarding implements AutoCloseable {
    static final int BLOCK = 4096;
    private static final int LBA_SHIFT = 12;
    private static final int NSID = 1;
    private static final int NVME_ENTRIES = 64;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** A CQE's second quadword (SQHD, SQID, CID, status with the phase tag), published and read as one. */
    private static final VarHandle CQE_HIGH = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final Arena arena = Arena.ofShared();
    private final int batch;
    private final SubmissionRing sq;
    private final CompletionRing cq;
    private final MemorySegment sqes;
    private final MemorySegment cqes;
    private final MemorySegment nvmeSq;
    private final MemorySegment nvmeCq;
    private final long dataBase;
    private final long dataSize;
    private final long namespaceBlocks;
    private final long[] userData = new long[NVME_ENTRIES];
    private final int[] length = new int[NVME_ENTRIES];
    private final int[] freeIds = new int[NVME_ENTRIES];
    private int freeCount;
    private int nvmeSqTail;
    private int deviceSqHead;
    private int deviceCqTail;
    private int devicePhase = 1;
    private int nvmeCqHead;
    private int nvmeCqPhase = 1;

    /** {@code batch} reads per round (at most 32, as the NVMe queue holds 63), each into its own 4 KiB buffer. */
    BareForwarding(int batch, long namespaceBytes) {
        if (batch < 1 || batch > 32) {
            throw new IllegalArgumentException("batch must be 1..32, not " + batch);
        }
        this.batch = batch;
        RingMemory mem = RingMemory.allocate(arena, RingLayout.of(64, 0));
        sq = mem.submissionRing();
        cq = mem.completionRing();
        sqes = sq.sqes();
        cqes = cq.segment();
        nvmeSq = arena.allocate((long) NVME_ENTRIES * SubmissionEntry.SIZE, BLOCK);
        nvmeCq = arena.allocate((long) NVME_ENTRIES * CompletionEntry.SIZE, BLOCK);
        MemorySegment data = arena.allocate((long) batch * BLOCK, BLOCK);
        dataBase = data.address();
        dataSize = data.byteSize();
        namespaceBlocks = namespaceBytes >>> LBA_SHIFT;
        for (int i = NVME_ENTRIES - 1; i >= 0; i--) {
            freeIds[freeCount++] = i;
        }
    }

    /**
     * One round: {@code batch} reads at byte offsets {@code offsets[first...]} (wrapping with {@code mask}),
     * each with user_data = its index in the batch. Returns the sum of the results (batch × 4096 when all succeed).
     */
    long round(long[] offsets, int first, int mask) {
        // application: prepare SQEs, release the tail
        int tail = sq.tailOwned();
        for (int i = 0; i < batch; i++) {
            IoUringSqe.prepRw(sqes, sq.producerSlot(tail + i), IoUring.OP_READ, 0, NSID, (long) i * BLOCK, BLOCK,
                    offsets[(first + i) & mask], 0, 0, i);
        }
        sq.publishTail(tail + batch);
        forward();
        deviceDoorbell(nvmeSqTail);
        reap();
        // application: acquire the CQ tail, reap, release the head
        long sum = 0;
        int head = cq.headOwned();
        int end = cq.tailAcquire();
        for (; head != end; head++) {
            sum += IoUringCqe.res(cqes, cq.cqeOffset(head));
        }
        cq.publishHead(head);
        return sum;
    }

    /** Bridge: every SQE below the tail becomes an NVMe Read; the head is released when they are read. */
    private void forward() {
        int head = sq.headOwned();
        int end = sq.tailAcquire(); // acquire: the SQEs below it are fully written
        try {
            for (; head != end; head++) {
                long at = sq.sqeOffset(head);
                long word0 = IoUringSqe.word0(sqes, at);
                long off = IoUringSqe.off(sqes, at);
                long addr = IoUringSqe.addr(sqes, at);
                long lenWord = IoUringSqe.lenWord(sqes, at);
                long ud = IoUringSqe.userData(sqes, at);
                long rest = sqes.get(U64, at + IoUringSqe.BUF_INDEX) | sqes.get(U64, at + IoUringSqe.ADDR3)
                        | sqes.get(U64, at + IoUringSqe.PAD2);
                int len = (int) lenWord;
                if ((int) word0 != IoUring.OP_READ // opcode, flags and ioprio
                        || IoUringSqe.fdOf(word0) != NSID
                        || (lenWord >>> 32) != 0 || rest != 0 || ((off | len) & (BLOCK - 1)) != 0 || len == 0
                        || addr < 0 || addr > dataSize - len || freeCount == 0) {
                    throw new IllegalStateException("the bare loop only forwards its own well-formed reads");
                }
                int cid = freeIds[--freeCount];
                userData[cid] = ud;
                length[cid] = len;
                long q = (long) (nvmeSqTail & (NVME_ENTRIES - 1)) << SubmissionEntry.SIZE_LOG2;
                nvmeSqTail++;
                nvmeSq.set(U64, q, NvmOpcode.READ | (long) cid << 16 | (long) NSID << 32);
                nvmeSq.set(U64, q + SubmissionEntry.CDW2, 0L);
                nvmeSq.set(U64, q + SubmissionEntry.MPTR, 0L);
                nvmeSq.set(U64, q + SubmissionEntry.PRP1, dataBase + addr);
                nvmeSq.set(U64, q + SubmissionEntry.PRP2, 0L);
                nvmeSq.set(U64, q + SubmissionEntry.CDW10, off >>> LBA_SHIFT);
                nvmeSq.set(U64, q + SubmissionEntry.CDW12, (len >>> LBA_SHIFT) - 1);
                nvmeSq.set(U64, q + SubmissionEntry.CDW14, 0L);
            }
        } finally {
            sq.publishHead(head); // release: our reads of the SQEs are done before the slots are reused
        }
        // the NVMe SQEs are written before the doorbell makes the device read them
        VarHandle.releaseFence();
    }

    /** Device: executes the NVMe SQ up to {@code tail} and posts one CQE per command. */
    private void deviceDoorbell(int tail) {
        int end = tail & (NVME_ENTRIES - 1);
        while (deviceSqHead != end) {
            long q = (long) deviceSqHead << SubmissionEntry.SIZE_LOG2;
            deviceSqHead = (deviceSqHead + 1) & (NVME_ENTRIES - 1);
            long word0 = SubmissionEntry.word0(nvmeSq, q);
            long prp1 = nvmeSq.get(U64, q + SubmissionEntry.PRP1);
            long slba = nvmeSq.get(U64, q + SubmissionEntry.CDW10);
            int blocks = (SubmissionEntry.cdw(nvmeSq, q, 12) & 0xFFFF) + 1;
            int status;
            if (SubmissionEntry.opcodeOf(word0) != NvmOpcode.READ || SubmissionEntry.flagsOf(word0) != 0) {
                status = Status.INVALID_OPCODE;
            } else if (SubmissionEntry.nsidOf(word0) != NSID) {
                status = Status.INVALID_NAMESPACE;
            } else if (slba < 0 || slba + blocks > namespaceBlocks) {
                status = Status.LBA_OUT_OF_RANGE;
            } else if ((prp1 & 3) != 0 || prp1 < dataBase || prp1 - dataBase > dataSize - ((long) blocks << LBA_SHIFT)) {
                status = Status.PRP_INVALID_OFFSET; // the bare loop's data area is its host memory
            } else {
                status = Status.SUCCESS;
            }
            long c = (long) deviceCqTail << CompletionEntry.SIZE_LOG2;
            nvmeCq.set(U64, c, 0L); // DW0, DW1
            // release: the entry's body is written before the quadword that carries the phase tag
            CQE_HIGH.setRelease(nvmeCq, c + CompletionEntry.SQHD, (long) deviceSqHead
                    | (long) SubmissionEntry.cidOf(word0) << 32 | (long) (status << 1 | devicePhase) << 48);
            if (++deviceCqTail == NVME_ENTRIES) {
                deviceCqTail = 0;
                devicePhase ^= 1;
            }
        }
    }

    /** Driver and bridge: reap NVMe CQEs by phase tag, post one io_uring CQE each, release the CQ tail. */
    private void reap() {
        int tail = cq.tailOwned();
        while (true) {
            long c = (long) nvmeCqHead << CompletionEntry.SIZE_LOG2;
            // acquire: a CQE seen with the current phase tag is seen whole
            long high = (long) CQE_HIGH.getAcquire(nvmeCq, c + CompletionEntry.SQHD);
            int word = (int) (high >>> 48);
            if ((word & 1) != nvmeCqPhase) {
                break;
            }
            int cid = (int) (high >>> 32) & 0xFFFF;
            if (++nvmeCqHead == NVME_ENTRIES) {
                nvmeCqHead = 0;
                nvmeCqPhase ^= 1;
            }
            int res = (word >>> 1) == Status.SUCCESS ? length[cid] : -BridgeErrno.EIO;
            IoUringCqe.set(cqes, cq.cqeOffset(tail++), userData[cid], res, 0);
            freeIds[freeCount++] = cid;
        }
        cq.publishTail(tail); // release: the CQEs are written before the application may read them
        // the CQ head doorbell would follow here: our reads of the reaped entries come before the device reuses them
        VarHandle.fullFence();
    }

    @Override
    public void close() {
        arena.close();
    }
}
