package io.nvmebridge.bridge.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.bridge.Collected;
import io.nvmebridge.bridge.DriverDevice;
import io.nvmebridge.bridge.EmulatorFixture;
import io.nvmebridge.bridge.Gcc;
import io.nvmebridge.bridge.Ring;
import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.abi.NvmeUringCmd;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorMode;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.DmaMemory;
import io.nvmebridge.spec.device.HostWindow;
import io.nvmebridge.spec.device.WindowedMemory;
import io.nvmebridge.spec.regs.ControllerRegisters;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared-memory ring file served in this JVM, driven by the liburing C client and by a Java client. */
class SharedRingServerTest {
    private static final long DATA = 4L << 20;
    private static Path client;

    @BeforeAll
    static void compileClient(@TempDir Path dir) throws Exception {
        client = Gcc.compile(Gcc.source("client.c"), dir);
    }

    /** Zero copy: the emulator's host memory is the ring file's data area plus private memory of its own. */
    static SharedRingServer.Opened emulatorOnTheFile(MemorySegment dataArea) {
        var fn = EmulatorFixture.onDataArea(EmulatorFixture.config(EmulatorMode.THREADED), dataArea);
        return opened(fn, EmulatedNvmeFunction.BUS_BASE);
    }

    /** Copy path: an emulator with its own host memory, which cannot reach the file. */
    static SharedRingServer.Opened emulatorElsewhere(MemorySegment dataArea) {
        var fn = EmulatedNvmeFunction.open(EmulatorFixture.config(EmulatorMode.THREADED), 32L << 20);
        return opened(fn, -1);
    }

    /** The driver on {@code fn}; the function (and its memory) closes with the device. */
    private static SharedRingServer.Opened opened(EmulatedNvmeFunction fn, long dataAreaDeviceAddress) {
        try {
            return new SharedRingServer.Opened(DriverDevice.owningFunction(NvmeController.open(fn,
                    EmulatorFixture.driverOptions())), dataAreaDeviceAddress);
        } catch (RuntimeException e) {
            fn.close();
            throw e;
        }
    }

    private static void runClient(Path ring) throws Exception {
        Gcc.Result r = Gcc.run(List.of(client.toString(), ring.toString(), "1"), 60);
        assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("ALL OK");
    }

    @Test
    void shouldServeTheLiburingClientZeroCopyFromTheFile(@TempDir Path dir) throws Exception {
        Path ring = dir.resolve("ring");
        try (SharedRingServer server = SharedRingServer.start(ring, 32, DATA, SharedRingServer.Options.defaults(),
                SharedRingServerTest::emulatorOnTheFile)) {
            assertThat(server.bridge().dataPath()).isEqualTo(io.nvmebridge.bridge.DataPath.FIXED);
            runClient(ring);
            assertThat(server.failure()).isNull();
        }
        try (SharedRingFile f = SharedRingFile.open(ring)) {
            assertThat(f.state()).isEqualTo(SharedRingFile.STATE_STOPPED);
        }
    }

    @Test
    void shouldServeTheLiburingClientThroughBounceBuffers(@TempDir Path dir) throws Exception {
        Path ring = dir.resolve("ring");
        try (SharedRingServer server = SharedRingServer.start(ring, 32, DATA, SharedRingServer.Options.defaults(),
                SharedRingServerTest::emulatorElsewhere)) {
            assertThat(server.bridge().dataPath()).isEqualTo(io.nvmebridge.bridge.DataPath.COPY);
            runClient(ring);
        }
    }

    @Test
    void shouldFaultBuffersOutsideTheDataAreaForAJavaClient(@TempDir Path dir) throws Exception {
        Path ring = dir.resolve("ring");
        try (SharedRingServer server = SharedRingServer.start(ring, 16, DATA, SharedRingServer.Options.defaults(),
                SharedRingServerTest::emulatorOnTheFile);
             SharedRingClient c = SharedRingClient.open(ring, 5000)) {
            Ring r = c.ring();
            for (int i = 0; i < 4096; i++) {
                c.data().set(ValueLayout.JAVA_BYTE, i, (byte) i);
            }
            r.prepWrite(1, 0L, 4096, 0, 1);                // data offsets, not addresses
            r.prepRead(1, 4096L, 4096, 0, 2);
            r.setLastFlags(0);
            r.prepRead(1, DATA - 512, 4096, 0, 3);         // runs past the end of the data area
            r.prepRead(1, -4096L, 4096, 0, 4);             // wraps around
            r.prepWriteFixed(1, MemorySegment.NULL, 0, 1, 5); // buffer index 1 does not exist
            r.submit();
            List<long[]> cqes = new ArrayList<>();
            while (cqes.size() < 5) {
                r.waitCqes(1);
                r.forEachCqe((ud, res, fl, b) -> cqes.add(new long[] {ud, res}));
            }
            assertThat(cqes).anySatisfy(e -> assertThat(e).containsExactly(1, 4096));
            assertThat(cqes).anySatisfy(e -> assertThat(e).containsExactly(3, -14));
            assertThat(cqes).anySatisfy(e -> assertThat(e).containsExactly(4, -14));
            assertThat(cqes).anySatisfy(e -> assertThat(e).containsExactly(5, -14)); // no such buffer, as Linux
        }
    }

    @Test
    void shouldServeVectoredPassthroughWithDataAreaOffsetsZeroCopy(@TempDir Path dir) throws Exception {
        vectoredPassthroughOnDataAreaOffsets(dir, SharedRingServerTest::emulatorOnTheFile);
    }

    @Test
    void shouldServeVectoredPassthroughWithDataAreaOffsetsThroughBounceBuffers(@TempDir Path dir) throws Exception {
        vectoredPassthroughOnDataAreaOffsets(dir, SharedRingServerTest::emulatorElsewhere);
    }

    @Test
    void shouldServePassthroughMetadataAtDataAreaOffsetsZeroCopy(@TempDir Path dir) throws Exception {
        metadataOnDataAreaOffsets(dir, SharedRingServerTest::emulatorOnTheFile);
    }

    @Test
    void shouldServePassthroughMetadataAtDataAreaOffsetsThroughBounceBuffers(@TempDir Path dir) throws Exception {
        metadataOnDataAreaOffsets(dir, SharedRingServerTest::emulatorElsewhere);
    }

    /**
     * struct nvme_uring_cmd's metadata buffer is a data area offset like addr: written with 4 blocks, read back
     * with them; one running off the data area is -EFAULT.
     */
    private static void metadataOnDataAreaOffsets(Path dir, SharedRingServer.DeviceOpener opener) throws Exception {
        Path ring = dir.resolve("ring");
        SharedRingServer.Options options = SharedRingServer.Options.defaults()
                .withSetupFlags(IoUring.SETUP_SQE128 | IoUring.SETUP_CQE32);
        try (SharedRingServer server = SharedRingServer.start(ring, 16, DATA, options, opener);
             SharedRingClient c = SharedRingClient.open(ring, 5000)) {
            Ring r = c.ring();
            MemorySegment data = c.data();
            for (int k = 0; k < 2048 + 32; k++) {
                data.set(ValueLayout.JAVA_BYTE, 0x1000 + k, (byte) (k * 5 + 3)); // data 0x1000, metadata 0x1800
            }
            assertThat(withMetadata(r, NvmOpcode.WRITE, 0x1000, 0x1800, 32, 1)).isZero();
            assertThat(withMetadata(r, NvmOpcode.READ, 0x4000, 0x4800, 32, 2)).isZero();
            assertThat(MemorySegment.mismatch(data, 0x1000, 0x1000 + 2048 + 32, data, 0x4000, 0x4000 + 2048 + 32))
                    .isEqualTo(-1);
            assertThat(withMetadata(r, NvmOpcode.READ, 0x4000, DATA - 16, 32, 3)).isEqualTo(-14);
            assertThat(server.failure()).isNull();
        }
    }

    /**
     * A passthrough of 4 blocks at LBA 60 of the fixture's metadata namespace (8 bytes per block) with data and
     * metadata at data area offsets.
     */
    private static int withMetadata(Ring r, int opcode, long data, long metadata, int metadataLength, long userData) {
        long at = r.prepNvmeCommand(EmulatorFixture.META_NS, opcode, MemorySegment.ofAddress(data).reinterpret(2048),
                userData);
        long cmd = at + IoUringSqe.CMD;
        NvmeUringCmd.setU32(r.sqes(), cmd, NvmeUringCmd.CDW10, 60);
        NvmeUringCmd.setU32(r.sqes(), cmd, NvmeUringCmd.CDW12, 3);
        NvmeUringCmd.setU64(r.sqes(), cmd, NvmeUringCmd.METADATA, metadata);
        NvmeUringCmd.setU32(r.sqes(), cmd, NvmeUringCmd.METADATA_LEN, metadataLength);
        r.submit();
        return Collected.reap(r, 1).res((int) userData);
    }

    /**
     * NVME_URING_CMD_IO_VEC from a Java client of a served ring: the iovec array and every iov_base are data
     * area offsets; page-aligned and unaligned iovecs both move the right bytes, one past the area faults.
     */
    private static void vectoredPassthroughOnDataAreaOffsets(Path dir, SharedRingServer.DeviceOpener opener)
            throws Exception {
        Path ring = dir.resolve("ring");
        SharedRingServer.Options options = SharedRingServer.Options.defaults()
                .withSetupFlags(IoUring.SETUP_SQE128 | IoUring.SETUP_CQE32);
        try (SharedRingServer server = SharedRingServer.start(ring, 16, DATA, options, opener);
             SharedRingClient c = SharedRingClient.open(ring, 5000)) {
            Ring r = c.ring();
            MemorySegment data = c.data();
            long[][] pieces = {{0x2000, 4096}, {0x6000, 4096}, {0x4000, 1024}}; // page-aligned: PRPs on the file
            long[][] unaligned = {{0x8100, 512}, {0x9300, 1024}};               // bounced
            for (int k = 0; k < 0x10000; k++) {
                data.set(ValueLayout.JAVA_BYTE, 0x2000 + k, (byte) (k * 7 + 1));
            }
            iovecs(data, pieces);
            assertThat(vectored(r, NvmOpcode.WRITE, 40, 18, 0, pieces.length)).isZero();
            r.prepRead(1, 0x40000L, 9216, 40L * 512, 2);
            r.submit();
            assertThat(Collected.reap(r, 1).res(2)).isEqualTo(9216);
            assertConcatenation(data, 0x40000, pieces);

            iovecs(data, unaligned);
            assertThat(vectored(r, NvmOpcode.READ, 40, 3, 0, unaligned.length)).isZero();
            assertConcatenation(data, 0x40000, unaligned);

            iovecs(data, new long[][] {{0x2000, 512}, {DATA - 256, 512}}); // the second runs off the data area
            assertThat(vectored(r, NvmOpcode.READ, 40, 2, 0, 2)).isEqualTo(-14);
            assertThat(server.failure()).isNull();
        }
    }

    private static void iovecs(MemorySegment data, long[][] pieces) {
        for (int i = 0; i < pieces.length; i++) {
            data.set(ValueLayout.JAVA_LONG_UNALIGNED, 16L * i, pieces[i][0]);
            data.set(ValueLayout.JAVA_LONG_UNALIGNED, 16L * i + 8, pieces[i][1]);
        }
    }

    private static int vectored(Ring r, int opcode, long slba, int blocks, long iovecs, int count) {
        long at = r.prepNvmeCommandVec(1, opcode, iovecs, count, 1);
        NvmeUringCmd.setU32(r.sqes(), at + IoUringSqe.CMD, NvmeUringCmd.CDW10, (int) slba);
        NvmeUringCmd.setU32(r.sqes(), at + IoUringSqe.CMD, NvmeUringCmd.CDW12, blocks - 1);
        r.submit();
        return Collected.reap(r, 1).res(1);
    }

    /** The data area from {@code flat} on equals {@code pieces} (offset, length) one after another. */
    private static void assertConcatenation(MemorySegment data, long flat, long[][] pieces) {
        long pos = flat;
        for (long[] p : pieces) {
            assertThat(MemorySegment.mismatch(data, pos, pos + p[1], data, p[0], p[0] + p[1])).isEqualTo(-1);
            pos += p[1];
        }
    }

    @Test
    void shouldKeepTheDevicesQueuesAndPrpListsOutOfTheRingFile(@TempDir Path dir) throws Exception {
        Path ring = dir.resolve("ring");
        AtomicReference<RecordingMemory> memory = new AtomicReference<>();
        AtomicReference<EmulatedNvmeFunction> function = new AtomicReference<>();
        try (SharedRingServer server = SharedRingServer.start(ring, 32, DATA, SharedRingServer.Options.defaults(),
                dataArea -> {
                    memory.set(new RecordingMemory(WindowedMemory.withPrivateMemory(dataArea,
                            EmulatedNvmeFunction.BUS_BASE, EmulatorFixture.PRIVATE_BYTES)));
                    function.set(EmulatedNvmeFunction.over(EmulatorFixture.config(EmulatorMode.THREADED), memory.get()));
                    return opened(function.get(), EmulatedNvmeFunction.BUS_BASE);
                })) {
            runClient(ring); // I/O queues created, PRP lists used (8 KiB transfers), served zero copy
            assertThat(server.bridge().dataPath()).isEqualTo(io.nvmebridge.bridge.DataPath.FIXED);
            long dataOff = server.file().file().get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN),
                    SharedRingFile.OFF_DATA);
            // the file ends with the data area: no room in it for anything of the device's
            assertThat(Files.size(ring)).isEqualTo(dataOff + DATA);
            assertThat(server.file().file().byteSize()).isEqualTo(dataOff + DATA);

            HostWindow data = memory.get().windowed.dataWindow();
            HostWindow priv = memory.get().windowed.privateWindow();
            assertThat(data.busBase()).isEqualTo(EmulatedNvmeFunction.BUS_BASE);
            assertThat(data.size()).isEqualTo(DATA);
            MemorySegment file = server.file().file();
            assertThat(priv.segment().address() + priv.size() <= file.address()
                    || priv.segment().address() >= file.address() + file.byteSize())
                    .as("private memory is not part of the file's mapping").isTrue();
            // admin queues from the registers, everything else (I/O queues, PRP lists, identify data) as allocated
            long asq = function.get().read64(ControllerRegisters.ASQ);
            long acq = function.get().read64(ControllerRegisters.ACQ);
            assertThat(priv.contains(asq, 4096)).isTrue();
            assertThat(priv.contains(acq, 4096)).isTrue();
            assertThat(memory.get().allocations).hasSizeGreaterThan(4).allSatisfy(b -> {
                assertThat(priv.contains(b.deviceAddress(), b.size())).isTrue();
                assertThat(data.overlaps(new HostWindow(b.deviceAddress(), b.segment()))).isFalse();
            });
        }
        assertThat(memory.get().windowed.privateWindow().segment().scope().isAlive())
                .as("private memory released with the device").isFalse();
    }

    /** A device's memory that records every allocation (the driver's queues, PRP lists, identify buffers). */
    private static final class RecordingMemory implements DmaMemory {
        final WindowedMemory windowed;
        final List<DmaBuffer> allocations = new CopyOnWriteArrayList<>();

        RecordingMemory(WindowedMemory windowed) {
            this.windowed = windowed;
        }

        @Override
        public MemorySegment resolve(long busAddress, long length) {
            return windowed.resolve(busAddress, length);
        }

        @Override
        public List<HostWindow> windows() {
            return windowed.windows();
        }

        @Override
        public DmaBuffer allocate(long size, long alignment) {
            DmaBuffer b = windowed.allocate(size, alignment);
            allocations.add(b);
            return b;
        }

        @Override
        public void free(DmaBuffer buffer) {
            windowed.free(buffer);
        }

        @Override
        public long available() {
            return windowed.available();
        }

        @Override
        public long size() {
            return windowed.size();
        }

        @Override
        public void close() {
            windowed.close();
        }
    }
}
