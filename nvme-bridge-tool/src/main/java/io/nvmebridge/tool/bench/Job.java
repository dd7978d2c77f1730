package io.nvmebridge.tool.bench;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.HdrHistogram.Histogram;

/**
 * One benchmark job: a thread keeping {@code iodepth} I/Os in flight on its own queue through one
 * forwarding path. This class owns what every path shares — offsets, read/write mix, timing, latency
 * histogram, verification, counters — and nothing it does per I/O allocates; subclasses only put one I/O
 * on their path, submit, and reap.
 */
abstract class Job implements Runnable {
    /** Phases the runner moves all jobs through. */
    static final int RAMP = 0;
    static final int MEASURE = 1;
    static final int STOP = 2;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    protected final Workload w;
    protected final int index;
    protected final int lbaSize;
    private final BenchRunner runner;
    private final long firstBlock;
    private final long blockCount;
    private final long[] written;
    private final long[] slotStart;
    private final long[] slotBlock;
    private final boolean[] slotWrite;
    private final int[] freeSlots;
    private int freeTop;
    private long rng;
    private long nextSeq;
    private int seenPhase = RAMP;
    private boolean verifying;

    // measured results (read by the runner after the thread ended)
    final Histogram latency = new Histogram(1, 3_600_000_000_000L, 3);
    long ios;
    long reads;
    long writes;
    long errors;
    int firstErrno;
    long verifiedBlocks;
    long verifyMismatches;
    long cpuNanos;
    long userCpuNanos;
    long allocatedBytes;
    long measureStartNanos;
    long measureEndNanos;
    volatile Throwable failure;

    private long cpuAtStart;
    private long userCpuAtStart;
    private long allocAtStart;
    private long measuredLimit;

    Job(Workload w, int index, int lbaSize, BenchRunner runner) {
        this.w = w;
        this.index = index;
        this.lbaSize = lbaSize;
        this.runner = runner;
        long total = w.blocks();
        this.blockCount = Math.max(1, total / w.numjobs());
        this.firstBlock = blockCount * index;
        this.written = w.verify() ? new long[(int) ((blockCount + 63) / 64)] : null;
        this.slotStart = new long[w.iodepth()];
        this.slotBlock = new long[w.iodepth()];
        this.slotWrite = new boolean[w.iodepth()];
        this.freeSlots = new int[w.iodepth()];
        for (int i = 0; i < w.iodepth(); i++) {
            freeSlots[i] = w.iodepth() - 1 - i;
        }
        this.freeTop = w.iodepth();
        this.rng = w.seed() * 0x9E3779B97F4A7C15L + index + 1;
        this.measuredLimit = w.numberIos() > 0 ? w.numberIos() : Long.MAX_VALUE;
    }

    // ------------------------------------------------------------------ what a path implements

    /** Allocates buffers and opens the queue; runs on the job's thread. */
    abstract void open();

    /** The data buffer of slot {@code slot} ({@code bs} bytes). */
    abstract MemorySegment buffer(int slot);

    /** Puts one I/O on the path; false when the queue is full. */
    abstract boolean issue(int slot, boolean write, long byteOffset);

    /** Submits what was issued (one doorbell or tail publish for the batch). */
    abstract void submit();

    /** Waits until at least one I/O completed and reaps all completed ones through {@link #completed}. */
    abstract void reap();

    /** Releases the path's resources. */
    abstract void close();

    // ------------------------------------------------------------------ the loop

    @Override
    public final void run() {
        try {
            open();
            if (w.verify() && !w.writes()) {
                prefill();
            }
            runner.ready();
            loop();
            if (w.verify()) {
                verifyPass();
            }
        } catch (Throwable t) {
            failure = t;
            runner.jobFailed(t);
        } finally {
            try {
                close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
    }

    private void loop() {
        int inflight = 0;
        boolean stopping = false;
        while (true) {
            int phase = runner.phase();
            if (phase != seenPhase) {
                if (phase >= MEASURE && seenPhase == RAMP) {
                    beginMeasuring();
                }
                if (phase == STOP) {
                    stopping = true;
                }
                seenPhase = phase;
            }
            if (!stopping && seenPhase == MEASURE && ios >= measuredLimit) {
                stopping = true;
            }
            if (stopping && measureEndNanos == 0) {
                endMeasuring();
            }
            if (!stopping) {
                long now = System.nanoTime();
                while (freeTop > 0) {
                    int slot = freeSlots[freeTop - 1];
                    boolean write = chooseWrite();
                    long block = chooseBlock();
                    long offset = block * w.bs();
                    if (write && w.verify()) {
                        BlockPattern.fill(buffer(slot), w.bs(), offset, w.seed());
                    }
                    if (!issue(slot, write, offset)) {
                        break;
                    }
                    freeTop--;
                    slotStart[slot] = now;
                    slotBlock[slot] = block;
                    slotWrite[slot] = write;
                    inflight++;
                }
                submit();
            } else if (inflight == 0) {
                return;
            }
            inflight -= reapCounted();
        }
    }

    private int completedThisReap;

    private int reapCounted() {
        completedThisReap = 0;
        reap();
        return completedThisReap;
    }

    /** Called by {@link #reap()} for each completion: {@code res} bytes moved, or a negative errno / NVMe status. */
    protected final void completed(int slot, int res) {
        completedThisReap++;
        long block = slotBlock[slot];
        boolean write = slotWrite[slot];
        freeSlots[freeTop++] = slot;
        if (res < 0 || (res != w.bs() && res != 0)) {
            if (seenPhase == MEASURE && measureEndNanos == 0) {
                errors++;
            }
            if (firstErrno == 0) {
                firstErrno = res;
            }
            return;
        }
        if (w.verify()) {
            if (write) {
                markWritten(block);
            } else if (isWritten(block) || verifying) {
                verifiedBlocks++;
                verifyMismatches += BlockPattern.mismatches(buffer(slot), w.bs(), block * w.bs(), w.seed()) > 0 ? 1 : 0;
            }
        }
        if (seenPhase == MEASURE && measureEndNanos == 0 && !verifying) {
            latency.recordValue(Math.max(1, System.nanoTime() - slotStart[slot]));
            ios++;
            if (write) {
                writes++;
            } else {
                reads++;
            }
        }
    }

    private boolean chooseWrite() {
        if (verifying) {
            return false;
        }
        return switch (w.rw()) {
            case "write", "randwrite" -> true;
            case "randrw" -> Long.remainderUnsigned(next(), 100) >= w.rwmixread();
            default -> false;
        };
    }

    private long chooseBlock() {
        long b;
        if (w.random() && !verifying) {
            b = Long.remainderUnsigned(next(), blockCount);
            if (w.verify()) {
                b = avoidInflight(b);
            }
        } else {
            b = nextSeq;
            nextSeq = nextSeq + 1 == blockCount ? 0 : nextSeq + 1;
        }
        return firstBlock + b;
    }

    /** With --verify, two I/Os to one block at once would race; step to a block not in flight. */
    private long avoidInflight(long b) {
        for (int tries = 0; tries < w.iodepth() + 1; tries++) {
            boolean busy = false;
            for (int s = 0; s < w.iodepth(); s++) {
                if (!isFree(s) && slotBlock[s] == firstBlock + b) {
                    busy = true;
                    break;
                }
            }
            if (!busy) {
                return b;
            }
            b = b + 1 == blockCount ? 0 : b + 1;
        }
        return b;
    }

    private boolean isFree(int slot) {
        for (int i = 0; i < freeTop; i++) {
            if (freeSlots[i] == slot) {
                return true;
            }
        }
        return false;
    }

    private long next() {
        long x = rng;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        rng = x;
        return x;
    }

    private void markWritten(long block) {
        long b = block - firstBlock;
        written[(int) (b >>> 6)] |= 1L << b;
    }

    private boolean isWritten(long block) {
        long b = block - firstBlock;
        return (written[(int) (b >>> 6)] & (1L << b)) != 0;
    }

    private void beginMeasuring() {
        latency.reset();
        ios = reads = writes = errors = 0;
        measureStartNanos = System.nanoTime();
        cpuAtStart = THREADS.getCurrentThreadCpuTime();
        userCpuAtStart = THREADS.getCurrentThreadUserTime();
        allocAtStart = THREADS.getCurrentThreadAllocatedBytes();
    }

    private void endMeasuring() {
        measureEndNanos = System.nanoTime();
        if (measureStartNanos == 0) {
            measureStartNanos = measureEndNanos;
        }
        cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuAtStart;
        userCpuNanos = THREADS.getCurrentThreadUserTime() - userCpuAtStart;
        allocatedBytes = THREADS.getCurrentThreadAllocatedBytes() - allocAtStart;
    }

    /** Writes the pattern over the job's whole region, so a read-only workload has something to verify. */
    private void prefill() {
        runSequentialPass(true);
    }

    /** Reads back every block the run wrote and checks it. */
    private void verifyPass() {
        verifying = true;
        runSequentialPass(false);
    }

    private void runSequentialPass(boolean write) {
        long block = 0;
        int inflight = 0;
        while (block < blockCount || inflight > 0) {
            while (freeTop > 0 && block < blockCount) {
                if (!write && !isWritten(firstBlock + block)) {
                    block++;
                    continue;
                }
                int slot = freeSlots[freeTop - 1];
                long offset = (firstBlock + block) * w.bs();
                if (write) {
                    BlockPattern.fill(buffer(slot), w.bs(), offset, w.seed());
                }
                if (!issue(slot, write, offset)) {
                    break;
                }
                freeTop--;
                slotBlock[slot] = firstBlock + block;
                slotWrite[slot] = write;
                block++;
                inflight++;
            }
            submit();
            if (inflight > 0) {
                inflight -= reapCounted();
            }
        }
    }
}
