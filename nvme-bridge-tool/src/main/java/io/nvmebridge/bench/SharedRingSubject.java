package io.nvmebridge.bench;

import io.nvmebridge.bridge.shm.SharedRingServer;
import io.nvmebridge.driver.DriverOptions;
import io.nvmebridge.tool.bench.ShmBenchClient;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ring-bench's shared-memory ring: this JVM serves a ring file (as {@code nvme-bridge serve} does) on
 * {@link BridgeBenchSetup}'s device, zero copy — the emulator's host memory is the file's data area (plus private memory for its queues), so an SQE's data
 * offset is a device address — and the C client, a separate process, reads through it.
 */
final class SharedRingSubject {
    /** SQ entries: room for the largest batch (the CQ has twice as many). */
    private static final int ENTRIES = 64;
    /** Data area: one 4 KiB buffer per SQE. */
    private static final long DATA_BYTES = (long) ENTRIES * BridgeBenchSetup.BLOCK;

    private SharedRingSubject() {
    }

    static RingBenchChild.Measured run(int batch, double warmup, double seconds, NullReads reads) throws Exception {
        ShmBenchClient client = ShmBenchClient.build();
        Path file = ringFile();
        try (SharedRingServer server = SharedRingServer.start(file, ENTRIES, DATA_BYTES,
                SharedRingServer.Options.defaults(), EmulatorOnSharedMemory.zeroCopy(BridgeBenchSetup.emulatorConfig(reads),
                        BridgeBenchSetup.driverOptions()))) {
            long blocks4k = BridgeBenchSetup.BLOCKS * BridgeBenchSetup.BLOCK / 4096;
            ShmBenchClient.Reads r = client.reads(file, BridgeBenchSetup.NSID, blocks4k, batch, warmup, seconds);
            if (server.failure() != null) {
                throw new IllegalStateException("the ring's bridge thread died: " + server.failure().getMessage(),
                        server.failure());
            }
            return new RingBenchChild.Measured(r.ios(), r.seconds(), Double.NaN);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** In /dev/shm when there is one (memory, never written back to a disk), else the temp folder. */
    private static Path ringFile() {
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return dir.resolve("nvme-bridge-ring-bench-" + ProcessHandle.current().pid());
    }
}
