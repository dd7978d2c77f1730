package io.nvmebridge.tool.cli;

import io.nvmebridge.bench.EmulatorOnSharedMemory;
import io.nvmebridge.bridge.shm.SharedRingFile;
import io.nvmebridge.bridge.shm.SharedRingServer;
import io.nvmebridge.driver.DriverOptions;
import io.nvmebridge.emulator.EmulatorMode;
import io.nvmebridge.bridge.ring.RingLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code ./nvme-bridge serve --ring PATH}: creates a shared-memory io_uring ring file (ring-bridge's
 * README-shm.md) and forwards what other processes submit in it to the device until SIGINT or SIGTERM.
 * On the emulator the device's host memory is the file's data area (zero copy) plus memory of this process
 * for its NVMe queues and PRP lists, which clients cannot map; on QEMU data bounces
 * through guest RAM (copy path). Stopping marks the file "stopped" (release store) and unlinks nothing:
 * clients keep their mappings.
 *
 * <p>An existing PATH is reused only when it is a ring file whose server stopped or failed (it is
 * unlinked and created anew, so a client still mapping the old one keeps valid memory); a ring that says
 * "serving" or any other file is refused.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a shared-memory io_uring ring file to other processes until SIGINT/SIGTERM.")
public final class ServeCommand implements Callable<Integer> {
    /** Largest data area: the file is mapped whole by the server and every client. */
    static final long MAX_DATA_SIZE = 1L << 34;

    @Mixin
    DeviceOptions device = new DeviceOptions();

    @Option(names = "--ring", required = true, paramLabel = "PATH", description = "Ring file to create (e.g. /dev/shm/nvme-ring).")
    Path ring;

    @Option(names = "--entries", defaultValue = "64",
            description = "SQ entries, a power of two up to " + RingLayout.MAX_ENTRIES + " (CQ: twice that; default: ${DEFAULT-VALUE}).")
    int entries = 64;

    @Option(names = "--data-size", paramLabel = "BYTES", converter = SizeConverter.class, defaultValue = "16M",
            description = "Data area size, a multiple of 4096 (default: ${DEFAULT-VALUE}; K/M/G suffixes).")
    long dataSize = 16L << 20;

    @Override
    public Integer call() throws Exception {
        validate();
        prepareRingPath();
        DeviceSession session = null;
        SharedRingServer.DeviceOpener opener;
        String path;
        if (device.backend == DeviceOptions.Backend.emulator) {
            // INLINE emulator: the bridge thread's doorbell writes run the device, no device threads
            opener = EmulatorOnSharedMemory.zeroCopy(DeviceSession.emulatorConfig(device, EmulatorMode.INLINE),
                    DriverOptions.defaults().withInterrupts(false));
            path = "zero-copy";
        } else {
            // bounce buffers (up to 128 KiB per tracker, 2 x entries trackers) live in guest RAM
            long bounce = Math.min(2L * entries * (128 << 10), 64L << 20);
            session = DeviceSession.open(device, bounce, EmulatorMode.INLINE,
                    DriverOptions.defaults().withInterrupts(false).withIoQueues(1));
            opener = SharedRingServer.forController(session.controller());
            path = "copy";
        }
        SharedRingServer server;
        try {
            server = SharedRingServer.start(ring, entries, dataSize, SharedRingServer.Options.defaults(), opener);
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close();
            }
            throw e;
        }
        DeviceSession owned = session;
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        // any other way out of the JVM (System.exit elsewhere, SIGHUP) still marks the file stopped
        Thread hook = new Thread(() -> shutdown(server, owned), "nvme-bridge-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (!Quiet.on()) {
            System.err.println("nvme-bridge: serving ring " + ring + " (" + entries + " entries, " + dataSize
                    + " data bytes) on " + deviceName(session) + ", " + path + " data path; stop with SIGINT or SIGTERM");
            System.err.flush();
        }
        int exit = 0;
        while (!stop.await(100, TimeUnit.MILLISECONDS)) {
            if (server.failure() != null) {
                System.err.println("nvme-bridge: ring " + ring + " failed: " + server.failure().getMessage());
                exit = 1;
                break;
            }
        }
        shutdown(server, owned);
        Runtime.getRuntime().removeShutdownHook(hook);
        if (exit == 0 && !Quiet.on()) {
            System.err.println("nvme-bridge: stopped serving " + ring + " (" + server.bridge().sqesConsumed()
                    + " SQEs, " + server.bridge().cqesPosted() + " CQEs)");
        }
        return exit;
    }

    private static void shutdown(SharedRingServer server, DeviceSession session) {
        server.close(); // idempotent: marks the file stopped (release) and wakes sleeping clients
        if (session != null) {
            synchronized (session) {
                session.close();
            }
        }
    }

    private String deviceName(DeviceSession session) {
        return session != null ? session.function().description() : "the emulated NVMe controller (namespace 1: "
                + (device.nullNamespace ? "null" : device.image != null ? device.image.toString() : "RAM") + ", "
                + device.size + " bytes, " + device.lbaSize + "-byte blocks"
                + (device.metadataSize == 0 ? "" : " with " + device.metadataSize + " bytes of metadata each") + ")";
    }

    void validate() {
        device.validate();
        if (entries <= 0 || Integer.bitCount(entries) != 1 || entries > RingLayout.MAX_ENTRIES) {
            throw new UsageException("--entries must be a power of two between 1 and " + RingLayout.MAX_ENTRIES
                    + ", not " + entries);
        }
        if (dataSize < 4096 || dataSize % 4096 != 0 || dataSize > MAX_DATA_SIZE) {
            throw new UsageException("--data-size must be a multiple of 4096 between 4096 and " + MAX_DATA_SIZE
                    + ", not " + dataSize);
        }
    }

    /** Refuses to overwrite anything but a ring file whose server is gone; unlinks such a file. */
    private void prepareRingPath() {
        if (!Files.exists(ring, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Path parent = ring.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new UsageException("cannot create ring " + ring + ": no such directory " + parent);
            }
            return;
        }
        if (!Files.isRegularFile(ring, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("refusing to replace " + ring + ": not a regular file");
        }
        int state;
        try {
            state = SharedRingFile.stateOf(ring);
        } catch (IOException e) {
            throw new UsageException("cannot read " + ring + ": " + e.getMessage());
        }
        if (state < 0) {
            throw new UsageException("refusing to overwrite " + ring + ": it exists and is not an nvme-bridge ring file");
        }
        if (state != SharedRingFile.STATE_STOPPED && state != SharedRingFile.STATE_FAILED) {
            throw new UsageException("ring " + ring + " is still " + (state == SharedRingFile.STATE_SERVING
                    ? "being served" : "starting (state " + state + ")") + " by another server; remove it if that server is gone");
        }
        try {
            // a new inode: a client still mapping the old ring keeps its memory
            Files.delete(ring);
        } catch (IOException e) {
            throw new UsageException("cannot replace stopped ring " + ring + ": " + e.getMessage());
        }
    }
}
