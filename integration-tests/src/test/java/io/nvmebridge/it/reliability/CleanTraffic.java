package io.nvmebridge.it.reliability;

import io.nvmebridge.bridge.ForwardingPath;
import io.nvmebridge.bridge.NvmeBridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Clean traffic on a second ring and namespace while a test injects faults elsewhere: its own thread owns the
 * ring and keeps {@link #BLOCKS} blocks busy with write → read-back → verify cycles. A completion with an errno
 * the fault may cause to every queue (a controller reset cancels everything) is retried; the device going away
 * (ENODEV, when allowed) stops new submissions. At the end every block is read once more and must hold the last
 * version written successfully.
 */
final class CleanTraffic implements AutoCloseable {
    static final int BLOCKS = 16;
    private static final int ENODEV = 19;

    private final NvmeBridge bridge;
    private final ForwardingPath path;
    private final int nsid;
    private final int lbaSize;
    private final Set<Integer> retryable;
    private final boolean deviceMayDie;
    private final Thread thread;
    private final CountDownLatch started = new CountDownLatch(1);
    private final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stop;
    private volatile boolean deviceGone;
    private volatile String summary = "not run";
    private volatile long cycles;

    CleanTraffic(NvmeBridge bridge, ForwardingPath path, int nsid, int lbaSize, Set<Integer> retryable,
                 boolean deviceMayDie) {
        this.bridge = bridge;
        this.path = path;
        this.nsid = nsid;
        this.lbaSize = lbaSize;
        this.retryable = retryable;
        this.deviceMayDie = deviceMayDie;
        this.thread = Thread.ofPlatform().name("clean-traffic").unstarted(this::run);
    }

    CleanTraffic start() throws InterruptedException {
        thread.start();
        if (!started.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("clean traffic did not start");
        }
        return this;
    }

    /** Waits until at least {@code n} verified cycles ran (so faults hit a busy device). */
    void awaitCycles(long n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (cycles < n && System.nanoTime() < end && thread.isAlive()) {
            Thread.sleep(5);
        }
    }

    private void run() {
        long[] expected = new long[BLOCKS];   // last version written successfully
        long[] writing = new long[BLOCKS];    // version in flight (0 = reading or idle)
        long seq = 0;
        try (RingClient c = new RingClient(bridge, path, false, BLOCKS, "clean-ring")) {
            started.countDown();
            for (int b = 0; b < BLOCKS; b++) {
                writing[b] = 1;
                BlockPattern.fill(c.buf, c.slotOffset(b), nsid, b, 1);
                c.write(nsid, lbaSize, b, b, ud(b, true, seq++));
            }
            c.submit();
            long[] seqBox = {seq};
            while (c.ledger.outstanding() > 0) {
                c.reap((ud, res, flags, big0) -> {
                    int b = (int) (ud & 0xFF);
                    boolean wasWrite = (ud & 0x100) != 0;
                    if (res != 0 && res == -ENODEV && deviceMayDie) {
                        deviceGone = true;
                        return;
                    }
                    if (res != 0 && !retryable.contains(-res)) {
                        problems.add("clean ring: block " + b + (wasWrite ? " write" : " read") + " failed with " + res);
                        return;
                    }
                    boolean again = res != 0;
                    if (!again && wasWrite) {
                        expected[b] = writing[b];
                        writing[b] = 0;
                    } else if (!again) {
                        long v = BlockPattern.versionOf(c.buf, c.slotOffset(b), nsid, b);
                        if (v != expected[b]) {
                            problems.add("clean ring: block " + b + " read version " + v + ", expected " + expected[b]);
                        }
                        cycles++;
                    }
                    if (deviceGone || (stop && !again)) {
                        return;
                    }
                    if (writing[b] != 0 && again) {
                        BlockPattern.fill(c.buf, c.slotOffset(b), nsid, b, writing[b]); // retry the same version
                        c.write(nsid, lbaSize, b, b, ud(b, true, seqBox[0]++));
                    } else if (wasWrite && !again) {
                        c.read(nsid, lbaSize, b, b, ud(b, false, seqBox[0]++));
                    } else if (!wasWrite && again) {
                        c.read(nsid, lbaSize, b, b, ud(b, false, seqBox[0]++));
                    } else {
                        writing[b] = expected[b] + 1;
                        BlockPattern.fill(c.buf, c.slotOffset(b), nsid, b, writing[b]);
                        c.write(nsid, lbaSize, b, b, ud(b, true, seqBox[0]++));
                    }
                });
                c.submit();
            }
            if (!deviceGone) {
                verifyAll(c, expected, seqBox);
            }
            problems.addAll(c.ledger.violations());
            summary = c.ledger + " cycles=" + cycles + (deviceGone ? " (device gone)" : "");
        } catch (Throwable t) {
            problems.add("clean traffic thread died: " + t);
        } finally {
            started.countDown();
        }
    }

    private void verifyAll(RingClient c, long[] expected, long[] seqBox) {
        c.buf.fill((byte) 0x5A);
        for (int b = 0; b < BLOCKS; b++) {
            c.read(nsid, lbaSize, b, b, ud(b, false, seqBox[0]++));
        }
        c.submit();
        while (c.ledger.outstanding() > 0) {
            c.reap((ud, res, flags, big0) -> {
                int b = (int) (ud & 0xFF);
                if (res != 0) {
                    problems.add("clean ring: final read of block " + b + " failed with " + res);
                    return;
                }
                long v = BlockPattern.versionOf(c.buf, c.slotOffset(b), nsid, b);
                if (v != expected[b]) {
                    problems.add("clean ring: final read of block " + b + " holds version " + v + ", expected " + expected[b]);
                }
            });
        }
    }

    private static long ud(int block, boolean write, long seq) {
        return block | (write ? 0x100 : 0) | seq << 9;
    }

    boolean deviceGone() {
        return deviceGone;
    }

    long cycles() {
        return cycles;
    }

    String summary() {
        return summary;
    }

    /** Stops issuing new I/O, waits for the thread (which drains and verifies), and returns the problems. */
    List<String> stopAndVerify() throws InterruptedException {
        stop = true;
        thread.join(TimeUnit.SECONDS.toMillis(60));
        if (thread.isAlive()) {
            problems.add("clean traffic thread still running 60 s after stop: " + summary);
        }
        return new ArrayList<>(problems);
    }

    @Override
    public void close() throws InterruptedException {
        stopAndVerify();
    }
}
