package io.nvmebridge.bench;

import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringCqe;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.ring.CompletionRing;
import io.nvmebridge.bridge.ring.RingLayout;
import io.nvmebridge.bridge.ring.RingMemory;
import io.nvmebridge.bridge.ring.SubmissionRing;
import io.nvmebridge.driver.PrpBuilder;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The hot pieces alone, each per operation: PRP building (one PRP2 page, a PRP list of a 64 KiB unaligned
 * transfer), and one io_uring SQ + CQ round of publish and consume (32 SQEs prepared, tail released,
 * consumed with an acquire of the tail, head released; 32 CQEs posted and reaped the same way). SQE
 * translation and emulator command decode run inside {@link RingBenchmark} and {@link EmulatorBenchmark},
 * whose difference to {@link DriverBenchmark} is the bridge's own cost. {@link #bareForwarding} forwards 4 KiB reads
 * with only the work every read needs ({@link BareForwarding}): the floor under {@link RingBenchmark}'s
 * {@code ring}. All must show 0 B/op with -prof gc.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmark {
    private static final int BATCH = 32;
    private static final int OFFSETS = 4096;

    private Arena arena;
    private MemorySegment prpList;
    private SubmissionRing sq;
    private CompletionRing cq;
    private MemorySegment sqes;
    private MemorySegment cqes;
    private long address;
    private BareForwarding bare;
    private long[] offsets;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofConfined();
        prpList = arena.allocate(4096, 4096);
        RingMemory mem = RingMemory.allocate(arena, RingLayout.of(64, 0));
        sq = mem.submissionRing();
        cq = mem.completionRing();
        sqes = sq.sqes();
        cqes = cq.segment();
        address = 0x1_0000_0000L;
        bare = new BareForwarding(BATCH, BridgeBenchSetup.BLOCKS * BridgeBenchSetup.BLOCK);
        offsets = BridgeBenchSetup.randomOffsets(OFFSETS); // the offsets RingBenchmark reads
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bare.close();
        arena.close();
    }

    /** PRP2 for an 8 KiB page-aligned transfer: the second page's address, no list. */
    @Benchmark
    public long prpTwoPages() {
        address += 4096;
        return PrpBuilder.prp2(address, 8192, 12, prpList, 0x2_0000_0000L);
    }

    /** A PRP list for 64 KiB starting 512 bytes into a page: 16 list entries written. */
    @Benchmark
    public long prpList64k() {
        address += 4096;
        return PrpBuilder.prp2(address + 512, 65536, 12, prpList, 0x2_0000_0000L);
    }

    /** One SQE and one CQE through publish and consume, amortized over a batch of 32. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long ringRoundTrip() {
        // application: prepare SQEs, release the tail
        int tail = sq.tailOwned();
        for (int i = 0; i < BATCH; i++) {
            long at = sq.producerSlot(tail + i);
            IoUringSqe.prepRw(sqes, at, IoUring.OP_READ, 0, 1, 0x1000L * i, 4096, 4096L * i, 0, 0, i);
        }
        sq.publishTail(tail + BATCH);
        // bridge: acquire the tail, read every SQE, release the head
        int head = sq.headOwned();
        int end = sq.tailAcquire();
        long sum = 0;
        for (; head != end; head++) {
            long at = sq.sqeOffset(head);
            sum += IoUringSqe.userData(sqes, at) + IoUringSqe.len(sqes, at);
        }
        sq.publishHead(head);
        // bridge: post CQEs, release the CQ tail; application: acquire it, reap, release the head
        int ctail = cq.tailOwned();
        for (int i = 0; i < BATCH; i++) {
            IoUringCqe.set(cqes, cq.cqeOffset(ctail + i), i, 4096, 0);
        }
        cq.publishTail(ctail + BATCH);
        int chead = cq.headOwned();
        int cend = cq.tailAcquire();
        for (; chead != cend; chead++) {
            sum += IoUringCqe.res(cqes, cq.cqeOffset(chead));
        }
        cq.publishHead(chead);
        return sum;
    }

    /** A batch of 32 random 4 KiB reads through {@link BareForwarding}, per read. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long bareForwarding() {
        long sum = bare.round(offsets, next, OFFSETS - 1);
        next += BATCH;
        if (sum != (long) BATCH * BareForwarding.BLOCK) {
            throw new IllegalStateException("bare forwarding read " + sum + " bytes in a batch of " + BATCH);
        }
        return sum;
    }
}
