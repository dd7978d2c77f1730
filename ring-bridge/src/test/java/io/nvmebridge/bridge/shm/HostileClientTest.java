package io.nvmebridge.bridge.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.bridge.DriverDevice;
import io.nvmebridge.bridge.EmulatorFixture;
import io.nvmebridge.bridge.Ring;
import io.nvmebridge.bridge.RingCorruptedException;
import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringParams;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.ring.RingLayout;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorMode;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.FlatMemory;
import io.nvmebridge.spec.device.HostWindow;
import io.nvmebridge.spec.device.WindowedMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile client of a shared-memory ring: it scribbles on the header and the ring geometry, moves the
 * SQ tail backwards and far forwards, fills the SQ array with indices out of range, points buffers and
 * iovecs outside the data area, moves the CQ head past the tail, and goes away mid-run. The server must
 * answer what it can (-EFAULT, -EINVAL, dropped), mark a corrupt ring failed (state 3), never write
 * outside the data area (canaries in the file's padding and in the device's own memory stay intact),
 * and keep serving a second, healthy ring in the same JVM.
 */
class HostileClientTest {
    private static final long DATA = 1L << 20;
    private static final int ENTRIES = 16;
    private static final int NS = EmulatorFixture.RAM_NS;
    private static final int CANARY_BYTES = 64 << 10;
    private static final byte CANARY = (byte) 0xA5;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    @TempDir
    Path dir;

    /**
     * A ring served zero-copy by its own emulator, whose host memory is the file's data area plus private
     * memory of the server (here the test's, so it outlives the server and its canary can be checked after
     * the server stopped); a canary buffer allocated in that private memory (bus addresses above the data
     * area, so a data offset can name it) and canaries in the file's padding between regions.
     */
    static final class Served implements AutoCloseable {
        final Path path;
        final SharedRingServer server;
        final SharedRingFile view; // the hostile client's own mapping
        final long canaryOffset;   // data-area terms: an SQE addr naming the canary buffer
        final MemorySegment canary;
        final Arena privateArena = Arena.ofShared();
        final List<long[]> padding = new ArrayList<>();

        Served(Path path) throws Exception {
            this.path = path;
            AtomicReference<DmaBuffer> canaryBuffer = new AtomicReference<>();
            server = SharedRingServer.start(path, ENTRIES, DATA, SharedRingServer.Options.defaults(), dataArea -> {
                var data = new HostWindow(EmulatedNvmeFunction.BUS_BASE, dataArea);
                var memory = new WindowedMemory(data, new FlatMemory(privateArena.allocate(EmulatorFixture.PRIVATE_BYTES,
                        4096), WindowedMemory.privateBusAbove(data), 0, null));
                var fn = EmulatedNvmeFunction.over(EmulatorFixture.config(EmulatorMode.INLINE), memory);
                DmaBuffer c = fn.dma().allocate(CANARY_BYTES, 4096);
                c.segment().fill(CANARY);
                canaryBuffer.set(c);
                return new SharedRingServer.Opened(DriverDevice.owningFunction(NvmeController.open(fn,
                        EmulatorFixture.driverOptions())), EmulatedNvmeFunction.BUS_BASE);
            });
            canaryOffset = canaryBuffer.get().deviceAddress() - EmulatedNvmeFunction.BUS_BASE;
            canary = canaryBuffer.get().segment();
            view = SharedRingFile.open(path);
            MemorySegment f = view.file();
            RingLayout l = view.layout();
            long sq = f.get(U64, SharedRingFile.OFF_SQ_RING);
            long cq = f.get(U64, SharedRingFile.OFF_CQ_RING);
            long sqes = f.get(U64, SharedRingFile.OFF_SQES);
            long data = f.get(U64, SharedRingFile.OFF_DATA);
            padding.add(new long[] {SharedRingFile.HEADER_SIZE, sq});
            padding.add(new long[] {sq + l.sqRingSize(), cq});
            padding.add(new long[] {cq + l.cqRingSize(), sqes});
            padding.add(new long[] {sqes + l.sqesSize(), data});
            for (long[] p : padding) {
                f.asSlice(p[0], p[1] - p[0]).fill(CANARY);
            }
        }

        MemorySegment sqRing() {
            return view.ring().sqRing();
        }

        MemorySegment cqRing() {
            return view.ring().cqRing();
        }

        void assertNothingOutsideTheDataAreaWritten() {
            for (long[] p : padding) {
                MemorySegment pad = view.file().asSlice(p[0], p[1] - p[0]);
                assertThat(pad.mismatch(filled(pad.byteSize()))).as("file padding " + p[0] + ".." + p[1]).isEqualTo(-1);
            }
            assertThat(canary.mismatch(filled(CANARY_BYTES))).as("the device's private memory").isEqualTo(-1);
        }

        /** Waits (bounded) for the server to give up on the ring. */
        void awaitFailed() throws InterruptedException {
            for (int i = 0; i < 1000 && server.failure() == null; i++) {
                Thread.sleep(5);
            }
            assertThat(server.failure()).isInstanceOf(RingCorruptedException.class);
            assertThat(view.state()).isEqualTo(SharedRingFile.STATE_FAILED);
        }

        @Override
        public void close() {
            server.close();
            view.close();
            privateArena.close();
        }
    }

    private static MemorySegment filled(long n) {
        MemorySegment s = MemorySegment.ofArray(new byte[(int) n]);
        s.fill(CANARY);
        return s;
    }

    /** Writes through the client API and reads back: the ring (still) serves correct I/O. */
    private static void assertServesCorrectIo(Path ring, int seed) throws Exception {
        try (SharedRingClient c = SharedRingClient.open(ring, 5000)) {
            Ring r = c.ring();
            Random rnd = new Random(seed);
            byte[] pattern = new byte[8192];
            rnd.nextBytes(pattern);
            long off = 16384L * (seed & 15);
            MemorySegment.copy(pattern, 0, c.data(), ValueLayout.JAVA_BYTE, 0, pattern.length);
            c.data().asSlice(65536, 8192).fill((byte) 0);
            r.prepWrite(NS, 0L, 8192, off, 1);
            r.setLastFlags(IoUring.IOSQE_IO_LINK);
            r.prepRead(NS, 65536L, 8192, off, 2);
            r.submit();
            List<long[]> cqes = reap(r, 2);
            assertThat(cqes).anySatisfy(e -> assertThat(e).containsExactly(1, 8192));
            assertThat(cqes).anySatisfy(e -> assertThat(e).containsExactly(2, 8192));
            byte[] back = c.data().asSlice(65536, 8192).toArray(ValueLayout.JAVA_BYTE);
            assertThat(back).isEqualTo(pattern);
        }
    }

    private static List<long[]> reap(Ring r, int n) {
        List<long[]> cqes = new ArrayList<>();
        while (cqes.size() < n) {
            r.waitCqes(1);
            r.forEachCqe((ud, res, fl, b) -> cqes.add(new long[] {ud, res}));
        }
        return cqes;
    }

    // ---- raw producer: the hostile client writes SQ words itself ----

    private static int sqHead(Served s) {
        return (int) INT.getAcquire(s.sqRing(), (long) RingLayout.HEAD);
    }

    private static int sqTail(Served s) {
        return (int) INT.getAcquire(s.sqRing(), (long) RingLayout.TAIL);
    }

    private static void publishSqTail(Served s, int tail) {
        INT.setRelease(s.sqRing(), (long) RingLayout.TAIL, tail);
    }

    private static void rawSqe(Served s, int position, int opcode, long addr, long len, long off, long userData) {
        MemorySegment sqes = s.view.ring().sqes();
        int slot = position & (ENTRIES - 1);
        long at = (long) slot * IoUringSqe.SIZE;
        sqes.asSlice(at, IoUringSqe.SIZE).fill((byte) 0);
        IoUringSqe.prepRw(sqes, at, opcode, 0, NS, addr, len, off, 0, 0, userData);
        s.sqRing().set(U32, RingLayout.ARRAY_OR_CQES + 4L * slot, slot);
    }

    @Test
    void shouldIgnoreAScribbledHeaderAndRingGeometryAndKeepServing() throws Exception {
        try (Served s = new Served(dir.resolve("header"))) {
            assertServesCorrectIo(s.path, 1); // a client opened before the scribbling
            try (SharedRingClient c = SharedRingClient.open(s.path, 5000)) {
                MemorySegment f = s.view.file();
                f.set(U64, SharedRingFile.OFF_MAGIC, 0x4141414141414141L);
                f.set(U32, SharedRingFile.OFF_VERSION, 77);
                f.set(U64, SharedRingFile.OFF_SQ_RING, -1L);
                f.set(U64, SharedRingFile.OFF_CQ_RING, 1L << 40);
                f.set(U64, SharedRingFile.OFF_SQES, 12345);
                f.set(U64, SharedRingFile.OFF_DATA, 0);
                f.set(U64, SharedRingFile.OFF_DATA_SIZE, Long.MAX_VALUE);
                f.set(U32, SharedRingFile.OFF_STATE, 2);
                IoUringParams.set(f, SharedRingFile.OFF_PARAMS, IoUringParams.SQ_ENTRIES, 1 << 30);
                for (MemorySegment ring : List.of(s.sqRing(), s.cqRing())) {
                    ring.set(U32, RingLayout.RING_MASK, -1);
                    ring.set(U32, RingLayout.RING_ENTRIES, 0x7FFFFFFF);
                }
                // the server keeps its own copies of all of it: I/O through the open client still works
                Ring r = c.ring();
                MemorySegment.copy(new byte[] {1, 2, 3, 4}, 0, c.data(), ValueLayout.JAVA_BYTE, 0, 4);
                r.prepWrite(NS, 0L, 512, 0, 7);
                r.setLastFlags(IoUring.IOSQE_IO_LINK);
                r.prepRead(NS, 4096L, 512, 0, 8);
                r.submit();
                assertThat(reap(r, 2)).allSatisfy(e -> assertThat(e[1]).isEqualTo(512));
                assertThat(c.data().asSlice(4096, 4).toArray(ValueLayout.JAVA_BYTE)).containsExactly(1, 2, 3, 4);
            }
            assertThat(s.server.failure()).isNull();
            s.assertNothingOutsideTheDataAreaWritten();
            s.server.close();
            // the server's own record decides the final state, not the scribbled word
            assertThat(s.view.state()).isEqualTo(SharedRingFile.STATE_STOPPED);
        }
    }

    @Test
    void shouldFaultEveryBufferOutsideTheDataAreaAndNeverTouchTheDevicesOtherMemory() throws Exception {
        try (Served s = new Served(dir.resolve("fault"));
             SharedRingClient c = SharedRingClient.open(s.path, 5000)) {
            assertThat(s.canaryOffset).isGreaterThanOrEqualTo(DATA); // device memory the client must not reach
            Ring r = c.ring();
            MemorySegment d = c.data();
            long vec = 8192; // iovec arrays inside the area...
            d.set(U64, vec, s.canaryOffset);       // ...whose iovec names the canary
            d.set(U64, vec + 8, 4096);
            d.set(U64, vec + 16, DATA - 512);      // ...runs past the end
            d.set(U64, vec + 24, 4096);
            d.set(U64, vec + 32, 0);               // ...has a huge length
            d.set(U64, vec + 40, -1L);
            long[][] sqes = {
                {IoUring.OP_READ, s.canaryOffset, 4096},             // straight at the device's memory
                {IoUring.OP_WRITE, s.canaryOffset, 4096},            // would leak it to the disk
                {IoUring.OP_READ, DATA - 512, 1024},                 // straddles the end
                {IoUring.OP_READ, DATA, 512},                        // one past the end
                {IoUring.OP_READ, -512L, 1024},                      // wraps around
                {IoUring.OP_READ, 0, 0xFFFF_FFFFL},                  // 4 GiB - 1
                {IoUring.OP_READV, vec, 1},                          // iovec at the canary
                {IoUring.OP_READV, vec + 16, 1},                     // iovec past the end
                {IoUring.OP_READV, vec + 32, 1},                     // iovec of length -1
                {IoUring.OP_READV, s.canaryOffset, 1},               // iovec array at the canary
                {IoUring.OP_READV, DATA - 8, 4},                     // array runs past the end
                {IoUring.OP_WRITEV, 0, 0x7FFF_FFFFL},                // absurd iovec count
                {IoUring.OP_READ_FIXED, s.canaryOffset, 4096},       // outside buffer 0
                {IoUring.OP_WRITE_FIXED, DATA - 4096, 8192},         // runs past buffer 0
            };
            List<long[]> cqes = new ArrayList<>();
            for (int i = 0; i < sqes.length; i += 8) {
                int pos = sqTail(s);
                int n = Math.min(8, sqes.length - i);
                for (int k = 0; k < n; k++) {
                    rawSqe(s, pos + k, (int) sqes[i + k][0], sqes[i + k][1], sqes[i + k][2], 0, 100 + i + k);
                }
                publishSqTail(s, pos + n);
                PosixNativeWake.wake(s.sqRing());
                cqes.addAll(reap(r, n));
            }
            assertThat(cqes).hasSize(sqes.length);
            assertThat(cqes).allSatisfy(e -> assertThat(e[1]).as("user_data " + e[0]).isIn(-14L, -22L));
            assertThat(cqes).anySatisfy(e -> assertThat(e).containsExactly(100, -14));
            assertThat(cqes).anySatisfy(e -> assertThat(e).containsExactly(101, -14));
            assertThat(cqes).anySatisfy(e -> assertThat(e).containsExactly(106, -14));
            assertThat(cqes).anySatisfy(e -> assertThat(e).containsExactly(109, -14));
            assertThat(cqes).anySatisfy(e -> assertThat(e).containsExactly(112, -14));
            assertThat(s.server.failure()).isNull();
            s.assertNothingOutsideTheDataAreaWritten();
        }
    }

    @Test
    void shouldDropSqArrayIndicesOutOfRangeAndServeTheNextSqe() throws Exception {
        try (Served s = new Served(dir.resolve("array"));
             SharedRingClient c = SharedRingClient.open(s.path, 5000)) {
            int pos = sqTail(s);
            int[] bad = {ENTRIES, -1, Integer.MIN_VALUE, 1 << 20, ENTRIES * 2 - 1};
            for (int i = 0; i < bad.length; i++) {
                s.sqRing().set(U32, RingLayout.ARRAY_OR_CQES + 4L * ((pos + i) & (ENTRIES - 1)), bad[i]);
            }
            publishSqTail(s, pos + bad.length);
            for (int i = 0; i < 2000 && sqHead(s) != pos + bad.length; i++) {
                Thread.sleep(1);
            }
            assertThat(sqHead(s)).isEqualTo(pos + bad.length);
            assertThat(s.view.ring().submissionRing().dropped()).isEqualTo(bad.length);
            assertThat(c.ring().cqReady()).isZero(); // nothing to answer: there is no user_data
            assertThat(s.server.failure()).isNull();
        }
        // a fresh ring, for the Ring client's own view of the tail
        try (Served s = new Served(dir.resolve("array2"))) {
            int pos = sqTail(s);
            s.sqRing().set(U32, RingLayout.ARRAY_OR_CQES + 4L * (pos & (ENTRIES - 1)), -7);
            publishSqTail(s, pos + 1);
            for (int i = 0; i < 2000 && sqHead(s) != pos + 1; i++) {
                Thread.sleep(1);
            }
            assertServesCorrectIo(s.path, 3);
            s.assertNothingOutsideTheDataAreaWritten();
        }
    }

    @Test
    void shouldMarkTheRingFailedWhenTheSqTailJumpsAndKeepServingTheHealthyRing() throws Exception {
        try (Served healthy = new Served(dir.resolve("healthy"))) {
            AtomicReference<Throwable> healthyFailure = new AtomicReference<>();
            Thread healthyClient = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 40; i++) {
                        assertServesCorrectIo(healthy.path, i);
                    }
                } catch (Throwable t) {
                    healthyFailure.set(t);
                }
            });
            int[] jumps = {ENTRIES + 1, 1 << 30, -1, -ENTRIES};
            for (int k = 0; k < jumps.length; k++) {
                try (Served hostile = new Served(dir.resolve("hostile" + k))) {
                    if (jumps[k] < 0) {
                        assertServesCorrectIo(hostile.path, k); // move the head off 0 first
                    }
                    publishSqTail(hostile, sqHead(hostile) + jumps[k]);
                    PosixNativeWake.wake(hostile.sqRing());
                    hostile.awaitFailed();
                    assertThat(hostile.server.failure().getMessage()).contains("SQ tail");
                    hostile.assertNothingOutsideTheDataAreaWritten();
                    hostile.server.close();
                    assertThat(hostile.view.state()).isEqualTo(SharedRingFile.STATE_FAILED);
                }
            }
            healthyClient.join();
            assertThat(healthyFailure.get()).isNull();
            assertThat(healthy.server.failure()).isNull();
            assertServesCorrectIo(healthy.path, 99);
            healthy.assertNothingOutsideTheDataAreaWritten();
        }
    }

    @Test
    void shouldMarkTheRingFailedWhenTheCqHeadPassesTheTail() throws Exception {
        try (Served s = new Served(dir.resolve("cqhead"));
             SharedRingClient c = SharedRingClient.open(s.path, 5000)) {
            INT.setRelease(s.cqRing(), (long) RingLayout.HEAD, 1000);
            // completions keep coming until the CQ looks full and the bridge re-reads the head
            for (int round = 0; round < 20 && s.server.failure() == null; round++) {
                int pos = sqTail(s);
                int room = ENTRIES - (pos - sqHead(s));
                for (int i = 0; i < room; i++) {
                    rawSqe(s, pos + i, IoUring.OP_NOP, 0, 0, 0, i);
                }
                publishSqTail(s, pos + room);
                PosixNativeWake.wake(s.sqRing());
                Thread.sleep(20);
            }
            s.awaitFailed();
            assertThat(s.server.failure().getMessage()).contains("CQ head");
            s.assertNothingOutsideTheDataAreaWritten();
        }
    }

    @Test
    void shouldOutliveAClientThatLeavesMidRun() throws Exception {
        try (Served s = new Served(dir.resolve("leaver"))) {
            // a client fills the ring with writes and goes away without reaping anything, three times
            for (int k = 0; k < 3; k++) {
                for (int i = 0; i < 2000 && sqHead(s) != sqTail(s); i++) {
                    Thread.sleep(1); // the previous client's SQEs taken
                }
                SharedRingClient c = SharedRingClient.open(s.path, 5000);
                int pos = sqTail(s);
                int room = ENTRIES - (pos - sqHead(s));
                assertThat(room).isEqualTo(ENTRIES);
                for (int i = 0; i < room; i++) {
                    rawSqe(s, pos + i, IoUring.OP_WRITE, 65536L * (i % 8), 65536, 65536L * i, i);
                }
                publishSqTail(s, pos + room);
                PosixNativeWake.wake(s.sqRing());
                c.close();
            }
            for (int i = 0; i < 2000 && (s.server.bridge().inFlight() > 0 || sqHead(s) != sqTail(s)); i++) {
                Thread.sleep(1);
            }
            assertThat(s.server.failure()).isNull();
            // nobody reaps: the CQ is full and the rest wait in the server, which stops cleanly anyway
            assertThat(s.view.ring().completionRing().tailAcquire()).isEqualTo(2 * ENTRIES);
            assertThat(s.server.bridge().overflowCount()).isEqualTo(ENTRIES);
            assertThat(s.view.ring().submissionRing().flagsAcquire() & IoUring.SQ_CQ_OVERFLOW).isNotZero();
            s.assertNothingOutsideTheDataAreaWritten();
            s.server.close();
            assertThat(s.view.state()).isEqualTo(SharedRingFile.STATE_STOPPED);
        }
    }

    @Test
    void shouldSurviveRandomScribblingOnEveryProtocolWord() throws Exception {
        try (Served healthy = new Served(dir.resolve("healthy-rnd"))) {
            int failed = 0;
            for (int seed = 0; seed < 12; seed++) {
                Random rnd = new Random(seed);
                try (Served s = new Served(dir.resolve("rnd" + seed))) {
                    MemorySegment sqes = s.view.ring().sqes();
                    for (int i = 0; i < 3000 && s.server.failure() == null; i++) {
                        switch (rnd.nextInt(6)) {
                            case 0 -> s.sqRing().set(U32, rnd.nextInt((int) s.sqRing().byteSize() / 4) * 4L, rnd.nextInt());
                            case 1 -> s.cqRing().set(U32, rnd.nextInt((int) s.cqRing().byteSize() / 4) * 4L, rnd.nextInt());
                            case 2 -> sqes.set(U32, rnd.nextInt((int) sqes.byteSize() / 4) * 4L,
                                    rnd.nextBoolean() ? rnd.nextInt() : rnd.nextInt(64));
                            case 3 -> s.view.file().set(U32, rnd.nextInt(SharedRingFile.HEADER_SIZE / 4) * 4L, rnd.nextInt());
                            case 4 -> { // a plausible SQE, published
                                int pos = sqTail(s);
                                rawSqe(s, pos, rnd.nextInt(8) == 0 ? rnd.nextInt(64) : IoUring.OP_READ,
                                        rnd.nextInt((int) DATA), rnd.nextInt(1 << 17), 512L * rnd.nextInt(64), i);
                                publishSqTail(s, pos + 1);
                            }
                            default -> PosixNativeWake.wake(s.sqRing());
                        }
                    }
                    Thread.sleep(20);
                    // stop first, then read the verdict: the server may still find corruption until it stops
                    s.server.close(); // the final state comes from the server's record, whatever was scribbled
                    Throwable f = s.server.failure();
                    assertThat(f == null || f instanceof RingCorruptedException).as(String.valueOf(f)).isTrue();
                    assertThat(s.view.state()).isEqualTo(f != null ? SharedRingFile.STATE_FAILED : SharedRingFile.STATE_STOPPED);
                    if (f != null) {
                        failed++;
                    }
                    s.assertNothingOutsideTheDataAreaWritten();
                }
                assertServesCorrectIo(healthy.path, seed);
            }
            assertThat(failed).as("scribbling on the ring words corrupts some rings").isPositive();
            healthy.assertNothingOutsideTheDataAreaWritten();
        }
    }

    /** FUTEX_WAKE on the SQ tail, as a client does when it sees IORING_SQ_NEED_WAKEUP. */
    static final class PosixNativeWake {
        static void wake(MemorySegment sqRing) {
            io.nvmebridge.bridge.nativeio.PosixNative.futexWake(sqRing.asSlice(RingLayout.TAIL, 4), Integer.MAX_VALUE);
        }
    }
}
