package io.nvmebridge.bridge.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.bridge.DriverDevice;
import io.nvmebridge.bridge.EmulatorFixture;
import io.nvmebridge.bridge.Gcc;
import io.nvmebridge.bridge.Ring;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorMode;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /** Zero copy: the emulator's host memory is the ring file's data area plus its private tail. */
    static SharedRingServer.Opened emulatorOnTheFile(java.lang.foreign.MemorySegment memory, long dataSize) {
        long allocFrom = (dataSize + 4095) & -4096L;
        var fn = EmulatorFixture.overMemory(EmulatorFixture.config(EmulatorMode.THREADED), memory,
                EmulatedNvmeFunction.BUS_BASE, allocFrom);
        return new SharedRingServer.Opened(new DriverDevice(NvmeController.open(fn, EmulatorFixture.driverOptions()),
                true), EmulatedNvmeFunction.BUS_BASE);
    }

    /** Copy path: an emulator with its own host memory, which cannot reach the file. */
    static SharedRingServer.Opened emulatorElsewhere(java.lang.foreign.MemorySegment memory, long dataSize) {
        var fn = EmulatedNvmeFunction.open(EmulatorFixture.config(EmulatorMode.THREADED), 32L << 20);
        return new SharedRingServer.Opened(new DriverDevice(NvmeController.open(fn, EmulatorFixture.driverOptions()),
                true), -1);
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
            r.prepWriteFixed(1, java.lang.foreign.MemorySegment.NULL, 0, 1, 5); // buffer index 1 does not exist
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
}
