package io.nvmebridge.tool.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.bridge.abi.IoCqringOffsets;
import io.nvmebridge.bridge.abi.IoSqringOffsets;
import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringCqe;
import io.nvmebridge.bridge.abi.IoUringParams;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.kernel.KernelIoUring;
import io.nvmebridge.bridge.nativeio.PosixNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FFM kernel baseline against its liburing twin ({@code src/test/resources/c/uring_baseline.c}, built
 * here with gcc and liburing-dev, which {@code ./run-tests} installs): the same ring parameters from the
 * kernel, the same bytes from the same random offsets, and both loops of the baseline complete their
 * requests without errors. Nothing here judges speed.
 */
class KernelBaselineCrossCheckTest {
    private static BundledCProgram liburing;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildTheLiburingTwin() throws Exception {
        liburing = BundledCProgram.build("uring_baseline");
    }

    @Test
    void theFfmRingGetsTheSameParametersAsLiburingsSetup() throws Exception {
        Map<String, Long> c = fields(liburing.run(List.of("params", "64"), 1));
        try (KernelIoUring ring = KernelIoUring.open(64)) {
            assertThat(ring.param(IoUringParams.SQ_ENTRIES)).isEqualTo(c.get("sq_entries").intValue());
            assertThat(ring.param(IoUringParams.CQ_ENTRIES)).isEqualTo(c.get("cq_entries").intValue());
            assertThat(ring.param(IoUringParams.FEATURES)).isEqualTo(c.get("features").intValue());
            int[] sq = {IoSqringOffsets.HEAD, IoSqringOffsets.TAIL, IoSqringOffsets.RING_MASK,
                IoSqringOffsets.RING_ENTRIES, IoSqringOffsets.FLAGS, IoSqringOffsets.DROPPED, IoSqringOffsets.ARRAY};
            String[] sqNames = {"sq_head", "sq_tail", "sq_ring_mask", "sq_ring_entries", "sq_flags", "sq_dropped", "sq_array"};
            for (int i = 0; i < sq.length; i++) {
                assertThat(ring.sqRingOffset(sq[i])).as(sqNames[i]).isEqualTo(c.get(sqNames[i]).intValue());
            }
            int[] cq = {IoCqringOffsets.HEAD, IoCqringOffsets.TAIL, IoCqringOffsets.RING_MASK,
                IoCqringOffsets.RING_ENTRIES, IoCqringOffsets.OVERFLOW, IoCqringOffsets.CQES, IoCqringOffsets.FLAGS};
            String[] cqNames = {"cq_head", "cq_tail", "cq_ring_mask", "cq_ring_entries", "cq_overflow", "cq_cqes", "cq_flags"};
            for (int i = 0; i < cq.length; i++) {
                assertThat(ring.cqRingOffset(cq[i])).as(cqNames[i]).isEqualTo(c.get(cqNames[i]).intValue());
            }
        }
    }

    @Test
    void theFfmRingReadsTheSameBytesAsLiburingAtTheBaselinesOffsets() throws Exception {
        Path file = dir.resolve("backing");
        byte[] content = new byte[256 * 4096];
        new Random(3).nextBytes(content);
        Files.write(file, content);
        int count = 200;
        Map<String, Long> c = fields(liburing.run(List.of("read-sum", file.toString(), "4096", Integer.toString(count)), 5));
        assertThat(c.get("errors")).isZero();
        assertThat(ffmReadSum(file, 4096, count)).isEqualTo(c.get("fnv1a"));
    }

    @Test
    void bothBaselinesCompleteTheirRequestsWithoutErrors() throws Exception {
        Path file = dir.resolve("backing");
        Files.write(file, new byte[64 * 4096]);
        KernelUringBaseline ffm = KernelUringBaseline.open();
        for (BenchResult r : List.of(ffm.nop(4, 0.05), ffm.read(file, 4096, 4, 0.05), ffm.nopBatches(32, 0.05))) {
            assertThat(r.ios()).as(r.label()).isPositive();
            assertThat(r.errors()).as(r.label()).isZero();
        }
        Map<String, Long> read = fields(liburing.run(List.of("read", "4", "0.05", file.toString(), "4096"), 0.05));
        Map<String, Long> batch = fields(liburing.run(List.of("nop-batch", "32", "0.05"), 0.05));
        assertThat(read.get("ios")).isPositive();
        assertThat(read.get("errors")).isZero();
        assertThat(batch.get("errors")).isZero();
    }

    /** The C twin's read-sum through the FFM ring: 8 reads in flight, FNV-1a over each group's slots. */
    private static long ffmReadSum(Path file, int bs, int count) throws Exception {
        long blocks = Files.size(file) / bs;
        long rng = KernelUringBaseline.SEED;
        long hash = 0xcbf29ce484222325L;
        int fd = PosixNative.open(file.toString(), PosixNative.O_RDONLY);
        try (Arena arena = Arena.ofConfined(); KernelIoUring ring = KernelIoUring.open(8)) {
            MemorySegment buf = arena.allocate(8L * bs, 4096);
            for (int done = 0; done < count; ) {
                int n = Math.min(8, count - done);
                for (int i = 0; i < n; i++) {
                    rng ^= rng << 13;
                    rng ^= rng >>> 7;
                    rng ^= rng << 17;
                    IoUringSqe.prepRw(ring.sqes(), ring.nextSqe(), IoUring.OP_READ, 0, fd, buf.address() + (long) i * bs,
                            bs, Long.remainderUnsigned(rng, blocks) * bs, 0, 0, i);
                }
                ring.submitAndWait(n);
                for (int got = 0; got < n; ) {
                    int ready = ring.cqReady();
                    for (int i = 0; i < ready; i++) {
                        assertThat(IoUringCqe.res(ring.cq(), ring.cqeAt(i))).isEqualTo(bs);
                    }
                    ring.cqAdvance(ready);
                    got += ready;
                    if (got < n) {
                        ring.submitAndWait(1);
                    }
                }
                for (long i = 0; i < (long) n * bs; i++) {
                    hash = (hash ^ (buf.get(ValueLayout.JAVA_BYTE, i) & 0xFF)) * 0x100000001b3L;
                }
                done += n;
            }
        } finally {
            PosixNative.close(fd);
        }
        return hash;
    }

    private static Map<String, Long> fields(String line) {
        Map<String, Long> m = new HashMap<>();
        for (String kv : line.split(" ")) {
            String[] p = kv.split("=", 2);
            if (p.length == 2 && p[1].matches("\\d+")) {
                m.put(p[0], Long.parseUnsignedLong(p[1]));
            }
        }
        return m;
    }
}
