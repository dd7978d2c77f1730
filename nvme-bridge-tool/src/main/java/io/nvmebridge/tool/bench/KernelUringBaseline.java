package io.nvmebridge.tool.bench;

import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringCqe;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.kernel.KernelIoUring;
import io.nvmebridge.bridge.nativeio.NativeCallException;
import io.nvmebridge.bridge.nativeio.PosixNative;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;

/**
 * Linux's own io_uring, measured in the same run, through FFM only ({@link KernelIoUring}: no compiler,
 * no liburing, so the main job runs on a machine with nothing but a JDK). It keeps DEPTH requests in flight
 * — NOPs, or buffered random reads of the benchmark's backing file — or submits and reaps NOPs in whole
 * batches, on the calling thread, after an unmeasured warm-up of the same loop (the JIT's first tiers
 * would otherwise weigh on a one-second row).
 *
 * <p>CPU time is the calling thread's user+system time: the work io_uring does inline in io_uring_enter
 * is charged to it, as getrusage charged it to the C helper this replaces.
 */
public final class KernelUringBaseline {
    /** xorshift64's state at start: the same offsets on every run, as the C helper drew them. */
    static final long SEED = 88172645463325252L;
    static final double WARMUP_SECONDS = 0.2;
    /** Latencies above this (ns) are recorded as this; nothing on a working machine comes near. */
    private static final long MAX_LATENCY = 60_000_000_000L;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Histogram latencies = new Histogram(MAX_LATENCY, 3);

    private KernelUringBaseline() {
    }

    /**
     * Checks that this kernel lets a process set up an io_uring.
     *
     * @throws IOException with one line naming the refusal (e.g. {@code io_uring_setup failed: errno 1
     *     (EPERM)} under {@code kernel.io_uring_disabled=2} or a seccomp filter)
     */
    public static KernelUringBaseline open() throws IOException {
        try (KernelIoUring probe = KernelIoUring.open(8)) {
            return new KernelUringBaseline();
        } catch (NativeCallException e) {
            throw new IOException("kernel io_uring unavailable: " + e.getMessage());
        }
    }

    /** NOPs with {@code depth} in flight for {@code seconds}. */
    public BenchResult nop(int depth, double seconds) throws IOException {
        return inFlight("kernel-nop qd" + depth, "kernel-io_uring-nop", null, 0, depth, seconds);
    }

    /** Buffered random reads of {@code bs} bytes from {@code file}, {@code depth} in flight. */
    public BenchResult read(Path file, int bs, int depth, double seconds) throws IOException {
        if (Files.size(file) / bs == 0) {
            throw new IOException(file + " is smaller than one block of " + bs + " bytes");
        }
        return inFlight("kernel-read qd" + depth, "kernel-io_uring-read", file, bs, depth, seconds);
    }

    /**
     * NOPs in batches for {@code seconds}: {@code batch} submitted with one io_uring_enter, all reaped,
     * repeated, nothing else in flight (ring-bench's yardstick; {@code iodepth} of the result is the batch).
     * No latencies: the clock is read once per 64 batches so that reading it does not weigh on batch 1.
     */
    public BenchResult nopBatches(int batch, double seconds) throws IOException {
        try (KernelIoUring ring = KernelIoUring.open(Math.max(8, batch))) {
            nopBatchLoop(ring, batch, Math.min(WARMUP_SECONDS, seconds));
            long c0 = threads.getCurrentThreadCpuTime();
            long u0 = threads.getCurrentThreadUserTime();
            long[] run = nopBatchLoop(ring, batch, seconds);
            long cpu = threads.getCurrentThreadCpuTime() - c0;
            long user = threads.getCurrentThreadUserTime() - u0;
            return result("kernel-nop batch" + batch, "kernel-io_uring-nop-batch", batch, 0, run[0], run[2] / 1e9,
                    Latency.NONE, cpu, user, run[1]);
        } catch (NativeCallException e) {
            throw new IOException(e.getMessage());
        }
    }

    /** {ios, errors, elapsed ns} of batches of NOPs for {@code seconds}. */
    private static long[] nopBatchLoop(KernelIoUring ring, int batch, double seconds) {
        MemorySegment sqes = ring.sqes();
        MemorySegment cq = ring.cq();
        long ios = 0;
        long errors = 0;
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long t1;
        do {
            for (int k = 0; k < 64; k++) {
                for (int i = 0; i < batch; i++) {
                    IoUringSqe.prepRw(sqes, ring.nextSqe(), IoUring.OP_NOP, 0, -1, 0, 0, 0, 0, 0, i);
                }
                ring.submitAndWait(batch);
                int got = 0;
                while (true) {
                    int n = ring.cqReady();
                    for (int i = 0; i < n; i++) {
                        if (IoUringCqe.res(cq, ring.cqeAt(i)) < 0) {
                            errors++;
                        }
                    }
                    ring.cqAdvance(n);
                    got += n;
                    if (got >= batch) {
                        break;
                    }
                    ring.submitAndWait(1);
                }
                ios += got;
            }
            t1 = System.nanoTime();
        } while (t1 < end);
        return new long[] {ios, errors, t1 - t0};
    }

    private BenchResult inFlight(String label, String path, Path file, int bs, int depth, double seconds)
            throws IOException {
        int fd = -1;
        try (Arena arena = Arena.ofConfined(); KernelIoUring ring = KernelIoUring.open(Math.max(8, depth * 2))) {
            long blocks = 0;
            MemorySegment buffers = MemorySegment.NULL;
            if (file != null) {
                fd = PosixNative.open(file.toString(), PosixNative.O_RDONLY);
                blocks = Files.size(file) / bs;
                buffers = arena.allocate((long) bs * depth, 4096);
            }
            InFlightLoop loop = new InFlightLoop(ring, fd, buffers, blocks, bs, depth);
            loop.run(Math.min(WARMUP_SECONDS, seconds), latencies);
            latencies.reset();
            long c0 = threads.getCurrentThreadCpuTime();
            long u0 = threads.getCurrentThreadUserTime();
            loop.run(seconds, latencies);
            long cpu = threads.getCurrentThreadCpuTime() - c0;
            long user = threads.getCurrentThreadUserTime() - u0;
            return result(label, path, depth, bs, loop.ios, loop.seconds,
                    loop.ios == 0 ? Latency.NONE : Latency.of(latencies), cpu, user, loop.errors);
        } catch (NativeCallException e) {
            throw new IOException(e.getMessage());
        } finally {
            if (fd >= 0) {
                PosixNative.close(fd);
            }
        }
    }

    private static BenchResult result(String label, String path, int depth, int bs, long ios, double seconds,
                                      Latency lat, long cpuNanos, long userCpuNanos, long errors) {
        return new BenchResult(label, path, "linux kernel " + System.getProperty("os.version"), null, depth, ios,
                bs == 0 ? 0 : ios, 0, seconds, bs, lat, ios == 0 ? Double.NaN : (double) cpuNanos / ios,
                ios == 0 ? Double.NaN : (double) userCpuNanos / ios, Double.NaN, Double.NaN, errors, 0, 0, 0);
    }

    /**
     * DEPTH requests kept in flight: every completion frees a slot that is refilled before the next
     * io_uring_enter, which submits the new SQEs and waits for at least one completion.
     */
    private static final class InFlightLoop {
        private final KernelIoUring ring;
        private final int fd;
        private final MemorySegment buffers;
        private final long blocks;
        private final int bs;
        private final int depth;
        private final long[] started;
        private final int[] freeSlots;
        private long rng = SEED;
        long ios;
        long errors;
        double seconds;

        InFlightLoop(KernelIoUring ring, int fd, MemorySegment buffers, long blocks, int bs, int depth) {
            this.ring = ring;
            this.fd = fd;
            this.buffers = buffers;
            this.blocks = blocks;
            this.bs = bs;
            this.depth = depth;
            this.started = new long[depth];
            this.freeSlots = new int[depth];
        }

        void run(double runSeconds, Histogram latencies) {
            boolean reads = fd >= 0;
            MemorySegment sqes = ring.sqes();
            MemorySegment cq = ring.cq();
            int free = depth;
            for (int i = 0; i < depth; i++) {
                freeSlots[i] = depth - 1 - i;
            }
            ios = 0;
            errors = 0;
            int inflight = 0;
            boolean stopping = false;
            long t0 = System.nanoTime();
            long end = t0 + (long) (runSeconds * 1e9);
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    stopping = true;
                }
                if (stopping && inflight == 0) {
                    break;
                }
                while (!stopping && free > 0) {
                    long at = ring.nextSqe();
                    if (at < 0) {
                        break;
                    }
                    int slot = freeSlots[--free];
                    if (reads) {
                        rng ^= rng << 13;
                        rng ^= rng >>> 7;
                        rng ^= rng << 17;
                        long offset = Long.remainderUnsigned(rng, blocks) * bs;
                        IoUringSqe.prepRw(sqes, at, IoUring.OP_READ, 0, fd, buffers.address() + (long) slot * bs, bs,
                                offset, 0, 0, slot);
                    } else {
                        IoUringSqe.prepRw(sqes, at, IoUring.OP_NOP, 0, -1, 0, 0, 0, 0, 0, slot);
                    }
                    started[slot] = now;
                    inflight++;
                }
                ring.submitAndWait(1);
                long done = System.nanoTime();
                int n = ring.cqReady();
                for (int i = 0; i < n; i++) {
                    long cqe = ring.cqeAt(i);
                    int slot = (int) IoUringCqe.userData(cq, cqe);
                    int res = IoUringCqe.res(cq, cqe);
                    if (res < 0 || (reads && res != bs)) {
                        errors++;
                    }
                    if (!stopping || done < end) {
                        ios++;
                        latencies.recordValue(Math.min(Math.max(done - started[slot], 1), MAX_LATENCY));
                    }
                    freeSlots[free++] = slot;
                }
                ring.cqAdvance(n);
                inflight -= n;
            }
            long t1 = System.nanoTime();
            seconds = (Math.min(end, t1) - t0) / 1e9;
        }
    }
}
