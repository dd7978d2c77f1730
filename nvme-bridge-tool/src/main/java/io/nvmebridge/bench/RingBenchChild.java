package io.nvmebridge.bench;

import io.nvmebridge.bridge.DataPath;
import io.nvmebridge.bridge.ForwardingPath;
import io.nvmebridge.tool.bench.BenchRunner;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The JVM of one ring-bench subject ({@link RingBench} starts one per subject and batch, so that one
 * subject's JIT profile does not shape the next one's code):
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp nvme-bridge.jar io.nvmebridge.bench.RingBenchChild SUBJECT BATCH WARMUP SECONDS NULL_READS</pre>
 *
 * Warms up for WARMUP seconds, measures SECONDS, and prints one line
 * {@code RESULT ios=N seconds=S bytes_per_io=B} (B is NaN for the shared-memory ring, whose I/O loop is
 * the C client's), followed by {@code core_rtt_ns=BEFORE,AFTER} for a subject that hands each I/O over between
 * cores ({@link CoreRoundTrip}, measured before the device is set up and after it closed, when no other thread
 * spins), or, when it fails, {@code ERROR message} and exit status 1.
 */
public final class RingBenchChild {
    static final String RESULT = "RESULT ";
    static final String ERROR = "ERROR ";
    /** How long each core round trip measurement runs (plus a fifth to warm up). */
    private static final long RTT_MILLIS = 100;

    private RingBenchChild() {
    }

    public static void main(String[] args) {
        try {
            RingBenchSubject subject = RingBenchSubject.valueOf(args[0]);
            double rttBefore = subject.handsOver() ? CoreRoundTrip.measure(RTT_MILLIS) : Double.NaN;
            Measured m = run(subject, Integer.parseInt(args[1]), Double.parseDouble(args[2]),
                    Double.parseDouble(args[3]), NullReads.valueOf(args[4]));
            String rtt = subject.handsOver()
                    ? String.format(Locale.ROOT, " core_rtt_ns=%f,%f", rttBefore, CoreRoundTrip.measure(RTT_MILLIS)) : "";
            System.out.printf(Locale.ROOT, "%sios=%d seconds=%f bytes_per_io=%f%s%n", RESULT, m.ios, m.seconds,
                    m.bytesPerIo, rtt);
        } catch (Throwable t) {
            t.printStackTrace();
            // the parent reports this line: one line, the cause's message included
            String msg = String.valueOf(t.getMessage());
            if (t.getCause() != null && t.getCause().getMessage() != null && !msg.contains(t.getCause().getMessage())) {
                msg += ": " + t.getCause().getMessage();
            }
            System.out.println(ERROR + t.getClass().getSimpleName() + ": " + msg.replace('\n', ' '));
            System.exit(1);
        }
    }

    static Measured run(RingBenchSubject subject, int batch, double warmup, double seconds, NullReads reads)
            throws Exception {
        return switch (subject) {
            case INLINE_RING -> ring(ForwardingPath.INLINE, Workload.READS, batch, warmup, seconds, reads);
            case INLINE_NOP -> ring(ForwardingPath.INLINE, Workload.NOPS, batch, warmup, seconds, reads);
            case DRIVER_QUEUE -> driverQueue(batch, warmup, seconds, reads);
            case SQPOLL_RING -> ring(ForwardingPath.SQPOLL, Workload.READS, batch, warmup, seconds, reads);
            case INLINE_FUTURE -> ring(ForwardingPath.INLINE, Workload.FUTURES, batch, warmup, seconds, reads);
            case SHM_RING -> SharedRingSubject.run(batch, warmup, seconds, reads);
            case KERNEL_NOP -> throw new IllegalArgumentException("the kernel NOP yardstick runs no JVM");
        };
    }

    record Measured(long ios, double seconds, double bytesPerIo) {
    }

    /** What a ring subject's batches carry. */
    enum Workload {
        /** 4 KiB random reads through the ring API. */
        READS,
        /** The same reads through the CompletableFuture layer. */
        FUTURES,
        /** IORING_OP_NOP through the ring API: forwarded to no device, answered by the bridge. */
        NOPS
    }

    /** Batches of {@code work} through a ring on {@link BridgeBenchSetup}'s device. */
    static Measured ring(ForwardingPath path, Workload work, int batch, double warmup, double seconds,
                         NullReads reads) throws Exception {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (BridgeBenchSetup s = new BridgeBenchSetup(path, DataPath.FIXED, batch, reads)) {
            runFor(s, work, warmup);
            // the threads that do the I/O: this one and the SQPOLL bridge thread (not the JIT compilers,
            // whose work during the run would otherwise count against the I/O)
            long[] ioThreads = ioThreadIds();
            long ops0 = s.completed;
            long bytes0 = allocated(mx, ioThreads);
            long t0 = System.nanoTime();
            runFor(s, work, seconds);
            long t1 = System.nanoTime();
            long bytes1 = allocated(mx, ioThreads);
            long ops = s.completed - ops0;
            return new Measured(ops, (t1 - t0) / 1e9, (double) (bytes1 - bytes0) / ops);
        }
    }

    /** Batches of reads straight on a driver queue pair ({@link DriverQueueSubject}). */
    static Measured driverQueue(int batch, double warmup, double seconds, NullReads reads) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (DriverQueueSubject s = new DriverQueueSubject(batch, reads)) {
            runFor(s, warmup);
            long self = Thread.currentThread().threadId();
            long ops0 = s.completed;
            long bytes0 = mx.getThreadAllocatedBytes(self);
            long t0 = System.nanoTime();
            runFor(s, seconds);
            long t1 = System.nanoTime();
            long ops = s.completed - ops0;
            return new Measured(ops, (t1 - t0) / 1e9, (double) (mx.getThreadAllocatedBytes(self) - bytes0) / ops);
        }
    }

    private static void runFor(DriverQueueSubject s, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        do {
            for (int i = 0; i < 100; i++) {
                s.batch();
            }
        } while (System.nanoTime() < end);
    }

    private static long[] ioThreadIds() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || BenchRunner.isPerIoHelper(t))
                .mapToLong(Thread::threadId).toArray();
    }

    private static long allocated(com.sun.management.ThreadMXBean mx, long[] ids) {
        long sum = 0;
        for (long b : mx.getThreadAllocatedBytes(ids)) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    /** Batches for {@code seconds}, reading the clock once per 100 batches so that it does not weigh on batch 1. */
    private static void runFor(BridgeBenchSetup s, Workload work, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        do {
            for (int i = 0; i < 100; i++) {
                switch (work) {
                    case READS -> s.ringBatch();
                    case FUTURES -> s.futureBatch();
                    case NOPS -> s.nopBatch();
                }
            }
        } while (System.nanoTime() < end);
    }
}
