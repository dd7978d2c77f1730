package io.nvmebridge.tool.bench;

import io.nvmebridge.bridge.NvmeBridge;
import io.nvmebridge.driver.NvmeController;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.HdrHistogram.Histogram;

/**
 * Runs one workload through one path on an opened device: starts the jobs, moves them through ramp,
 * measure and stop together, and adds up what they measured — with the CPU and allocation of the bridge's
 * and the device's own threads (the SQPOLL thread, emulator workers) counted too.
 */
public final class BenchRunner {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /**
     * Threads whose work is part of every I/O's cost besides the jobs': SQPOLL and shared-ring bridge threads,
     * emulator workers, QEMU's MSI-X notifier and timer kicker. Not the housekeeping threads (qtest reply
     * watchdog, QMP event loop, reaper): they do no per-I/O work, and another thread's allocation is only
     * visible when it retires a whole TLAB, so a rare housekeeping allocation would show up as a jump of a
     * megabyte in the middle of a row.
     */
    private static final String[] HELPER_THREAD_PREFIXES = {"nvme-bridge-sqpoll", "nvme-bridge-shm", "nvme-emulator",
            "nvme-bridge-qemu-msix", "nvme-qemu-kicker"};

    private volatile int phase = Job.RAMP;
    private CountDownLatch ready;
    private volatile Throwable jobFailure;

    int phase() {
        return phase;
    }

    void ready() {
        ready.countDown();
    }

    void jobFailed(Throwable t) {
        jobFailure = t;
        ready.countDown();
    }

    /**
     * Runs {@code w} on {@code path}.
     *
     * @param progress called about every 200 ms with the nanoseconds left (for a progress line), may be null
     */
    public BenchResult run(Workload w, IoPath path, NvmeController controller, NvmeBridge bridge, int nsid, int lbaSize,
                           String device, LongConsumer progress) throws InterruptedException {
        if (w.bs() % lbaSize != 0) {
            throw new IllegalArgumentException("--bs " + w.bs() + " is not a multiple of the LBA size " + lbaSize);
        }
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < w.numjobs(); i++) {
            jobs.add(switch (path) {
                case driver -> new DriverJob(w, i, lbaSize, this, controller, nsid);
                case async -> new AsyncJob(w, i, lbaSize, this, bridge, nsid);
                default -> new RingJob(w, i, lbaSize, this, bridge, path, nsid);
            });
        }
        ready = new CountDownLatch(jobs.size());
        List<Thread> threads = new ArrayList<>();
        for (Job j : jobs) {
            threads.add(Thread.ofPlatform().name("bench-job-" + j.index).start(j));
        }
        ready.await();
        if (jobFailure != null) {
            phase = Job.STOP;
            joinAll(threads);
            throw failure(jobFailure);
        }
        sleepWithProgress(w.rampNanos(), w.runtimeNanos() + w.rampNanos(), progress);
        Map<Long, long[]> helpersBefore = helperThreads();
        long mmioBefore = controller.mmioWrites();
        phase = Job.MEASURE;
        if (w.runtimeNanos() > 0) {
            sleepWithProgress(w.runtimeNanos(), w.runtimeNanos(), progress);
            phase = Job.STOP;
        }
        joinAll(threads);
        phase = Job.STOP;
        Map<Long, long[]> helpersAfter = helperThreads();
        long mmio = controller.mmioWrites() - mmioBefore;
        for (Job j : jobs) {
            if (j.failure != null) {
                throw failure(j.failure);
            }
        }
        return aggregate(w, path, device, jobs, helpersBefore, helpersAfter, mmio);
    }

    private static RuntimeException failure(Throwable t) {
        return t instanceof RuntimeException r ? r : new IllegalStateException(t.getMessage(), t);
    }

    private void sleepWithProgress(long nanos, long total, LongConsumer progress) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (jobFailure != null) {
                return;
            }
            if (progress != null) {
                progress.accept(left);
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 200_000_000L));
        }
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }

    /** True for a thread of the bridge or the device that works on every I/O (see HELPER_THREAD_PREFIXES). */
    public static boolean isPerIoHelper(Thread t) {
        for (String prefix : HELPER_THREAD_PREFIXES) {
            if (t.getName().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** CPU and allocated bytes of the bridge's and device's threads, by thread id. */
    private static Map<Long, long[]> helperThreads() {
        Map<Long, long[]> m = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (isPerIoHelper(t)) {
                long id = t.threadId();
                m.put(id, new long[] {THREADS.getThreadCpuTime(id), THREADS.getThreadAllocatedBytes(id),
                        THREADS.getThreadUserTime(id)});
            }
        }
        return m;
    }

    private static BenchResult aggregate(Workload w, IoPath path, String device, List<Job> jobs,
                                         Map<Long, long[]> before, Map<Long, long[]> after, long mmio) {
        Histogram all = new Histogram(1, 3_600_000_000_000L, 3);
        long ios = 0, reads = 0, writes = 0, errors = 0, cpu = 0, user = 0, alloc = 0, verified = 0, mismatches = 0;
        int firstError = 0;
        double seconds = 0;
        for (Job j : jobs) {
            all.add(j.latency);
            ios += j.ios;
            reads += j.reads;
            writes += j.writes;
            errors += j.errors;
            cpu += j.cpuNanos;
            user += j.userCpuNanos;
            alloc += j.allocatedBytes;
            verified += j.verifiedBlocks;
            mismatches += j.verifyMismatches;
            if (firstError == 0) {
                firstError = j.firstErrno;
            }
            seconds = Math.max(seconds, (j.measureEndNanos - j.measureStartNanos) / 1e9);
        }
        for (Map.Entry<Long, long[]> e : after.entrySet()) {
            long[] b = before.get(e.getKey());
            if (b != null && e.getValue()[0] >= 0 && b[0] >= 0) {
                cpu += e.getValue()[0] - b[0];
                user += e.getValue()[2] - b[2];
                alloc += e.getValue()[1] - b[1];
            }
        }
        double n = Math.max(1, ios);
        return new BenchResult(path.name() + " qd" + w.iodepth(), path.name(), device, w, w.iodepth(), ios, reads,
                writes, seconds, w.bs(), Latency.of(all), cpu / n, user / n, alloc / n, mmio / n, errors, firstError, verified,
                mismatches);
    }
}
