package io.nvmebridge.tool.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.HdrHistogram.Histogram;

/**
 * What a Java program would do instead: {@link FileChannel} positional reads of the same backing file,
 * one at a time on one thread (the page cache serves them, as it serves the kernel io_uring baseline).
 */
public final class FileChannelBaseline {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private FileChannelBaseline() {
    }

    public static BenchResult read(Path file, int bs, double seconds, long seed) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long blocks = ch.size() / bs;
            if (blocks == 0) {
                throw new IOException(file + " is smaller than one block");
            }
            ByteBuffer buf = ByteBuffer.allocateDirect(bs);
            long x = seed * 0x9E3779B97F4A7C15L + 1;
            Histogram h = new Histogram(1, 3_600_000_000_000L, 3);
            // warm up the same way the JVM paths do, then measure
            long warmEnd = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < warmEnd) {
                x = step(x);
                readFully(ch, buf, Long.remainderUnsigned(x, blocks) * bs);
            }
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long user0 = THREADS.getCurrentThreadUserTime();
            long alloc0 = THREADS.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long ios = 0;
            long now = start;
            while (now < end) {
                x = step(x);
                readFully(ch, buf, Long.remainderUnsigned(x, blocks) * bs);
                long t = System.nanoTime();
                h.recordValue(Math.max(1, t - now));
                now = t;
                ios++;
            }
            double elapsed = (now - start) / 1e9;
            long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
            long user = THREADS.getCurrentThreadUserTime() - user0;
            long alloc = THREADS.getCurrentThreadAllocatedBytes() - alloc0;
            return new BenchResult("filechannel qd1", "java-filechannel-read", "page cache of " + file.getFileName(),
                    null, 1, ios, ios, 0, elapsed, bs, Latency.of(h), (double) cpu / ios, (double) user / ios, (double) alloc / ios,
                    Double.NaN, 0, 0, 0, 0);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        buf.clear();
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new IOException("short read at " + position);
            }
        }
    }

    private static long step(long x) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        return x;
    }
}
