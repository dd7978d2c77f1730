package io.nvmebridge.bridge.shm;

import io.nvmebridge.bridge.BridgeDevice;
import io.nvmebridge.bridge.DataAreaSpace;
import io.nvmebridge.bridge.DataPath;
import io.nvmebridge.bridge.RingBridge;
import io.nvmebridge.bridge.SqPollWorker;
import io.nvmebridge.bridge.nativeio.PosixNative;
import io.nvmebridge.bridge.ring.RingLayout;
import io.nvmebridge.bridge.ring.RingMemory;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Serves one io_uring in a shared-memory ring file ({@link SharedRingFile}) to other processes: a bridge
 * thread (the SQPOLL path) forwards their SQEs to an NVMe device until {@link #close()}, which marks the
 * file stopped. Wake-ups: the thread sets IORING_SQ_NEED_WAKEUP before sleeping on the SQ tail futex;
 * clients that see it FUTEX_WAKE the SQ tail; a client about to sleep sets bit 31 of the CQ ring flags and
 * waits on the CQ tail futex, which the server wakes after publishing CQEs.
 *
 * <pre>{@code
 * SharedRingServer server = SharedRingServer.start(Path.of("/dev/shm/ring"), 64, 16 << 20,
 *         SharedRingServer.Options.defaults(), dataArea -> ...open device...);
 * server.awaitStop();
 * }</pre>
 */
public final class SharedRingServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SharedRingServer.class.getName());

    /**
     * Opens the device that serves the ring. {@code dataArea} is the file's data area, mapped in this
     * process: a device that can take it as part of its DMA memory (the in-JVM emulator over a
     * {@code WindowedMemory}: the data area plus private memory the opener allocates for the device's queues,
     * PRP lists and bounce buffers, released when the device closes) reports the device address of the data
     * area's first byte, and the server forwards zero-copy; any other device reports -1 and the server
     * bounces through the device's own DMA memory. The device must never allocate from the data area:
     * clients map it. An opener that throws releases what it allocated; the server closes the device it
     * returned when the server stops (or fails to start).
     */
    @FunctionalInterface
    public interface DeviceOpener {
        Opened open(MemorySegment dataArea) throws Exception;
    }

    /** @param dataAreaDeviceAddress device address of the data area's first byte, or -1 */
    public record Opened(BridgeDevice device, long dataAreaDeviceAddress) {
    }

    /**
     * Serves from an already opened controller (which stays open after the server stops): its DMA memory
     * is not the file, so data bounces (copy path).
     */
    public static DeviceOpener forController(io.nvmebridge.driver.NvmeController controller) {
        return dataArea -> new Opened(new io.nvmebridge.bridge.DriverDevice(controller, false), -1);
    }

    /**
     * There is no size for device memory here: the server owns none, and each {@link DeviceOpener} sizes
     * the private memory it allocates (the tool's zero-copy emulator: {@code EmulatorOnSharedMemory.PRIVATE_BYTES}).
     *
     * @param setupFlags    IORING_SETUP_* for the ring (0: 64-byte SQEs, 16-byte CQEs)
     * @param queueEntries  NVMe I/O queue entries
     * @param idleMs        bridge thread idle time before it sleeps
     * @param forceCopy     bounce even when the device could reach the data area
     */
    public record Options(int setupFlags, int queueEntries, int idleMs, boolean forceCopy) {
        public static Options defaults() {
            return new Options(0, 256, 10, false);
        }

        public Options withSetupFlags(int v) {
            return new Options(v, queueEntries, idleMs, forceCopy);
        }

        public Options withForceCopy(boolean v) {
            return new Options(setupFlags, queueEntries, idleMs, v);
        }
    }

    private final SharedRingFile file;
    private final BridgeDevice device;
    private final RingBridge bridge;
    private final SqPollWorker worker;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;

    private SharedRingServer(SharedRingFile file, BridgeDevice device, RingBridge bridge, SqPollWorker worker) {
        this.file = file;
        this.device = device;
        this.bridge = bridge;
        this.worker = worker;
    }

    /** Creates the ring file at {@code path} and starts serving it; the file's state becomes "serving". */
    public static SharedRingServer start(Path path, int entries, long dataSize, Options options, DeviceOpener opener)
            throws IOException {
        // always SQPOLL: a server thread polls the SQ, so clients check IORING_SQ_NEED_WAKEUP, as with Linux
        RingLayout layout = RingLayout.of(entries, options.setupFlags() | io.nvmebridge.bridge.abi.IoUring.SETUP_SQPOLL);
        SharedRingFile file = SharedRingFile.create(path, layout, dataSize);
        io.nvmebridge.bridge.abi.IoUringParams.set(file.file(), SharedRingFile.OFF_PARAMS,
                io.nvmebridge.bridge.abi.IoUringParams.SQ_THREAD_IDLE, options.idleMs());
        BridgeDevice device = null;
        try {
            Opened opened = opener.open(file.data());
            device = opened.device();
            long base = options.forceCopy() ? -1 : opened.dataAreaDeviceAddress();
            DataPath dataPath = base >= 0 ? DataPath.FIXED : DataPath.COPY;
            RingMemory ring = file.ring();
            RingBridge bridge = new RingBridge(ring.submissionRing(), ring.completionRing(), layout, device,
                    options.queueEntries(), new DataAreaSpace(file.data(), base), dataPath, 128 * 1024);
            // a dead bridge thread must not leave clients waiting on a file that still says "serving"
            SqPollWorker worker = new SqPollWorker(bridge, options.idleMs() * 1_000_000L,
                    "nvme-bridge-shm-" + path.getFileName(), why -> {
                        file.setState(SharedRingFile.STATE_FAILED);
                        LOG.log(System.Logger.Level.ERROR, "ring " + path + " marked failed (state "
                                + SharedRingFile.STATE_FAILED + "): " + why.getMessage() + "; other rings are unaffected");
                        PosixNative.futexWake(ring.completionRing().tailWord(), Integer.MAX_VALUE);
                    });
            worker.start();
            file.setState(SharedRingFile.STATE_SERVING);
            LOG.log(System.Logger.Level.DEBUG, "serving ring " + path + " (" + entries + " entries, " + dataSize
                    + " data bytes, " + dataPath + " data path) on " + device.description());
            return new SharedRingServer(file, device, bridge, worker);
        } catch (Exception e) {
            if (device != null) {
                device.close();
            }
            file.setState(SharedRingFile.STATE_STOPPED);
            file.close();
            throw e instanceof IOException io ? io : new IOException("cannot serve " + path + ": " + e.getMessage(), e);
        }
    }

    public SharedRingFile file() {
        return file;
    }

    public RingBridge bridge() {
        return bridge;
    }

    /** The bridge thread's failure, if it died. */
    public Throwable failure() {
        return worker.failure();
    }

    /** Blocks until {@link #close()} finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitStop(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /**
     * Stops the bridge thread, marks the file stopped (or failed, when the bridge thread died: a corrupt
     * ring) with a release store, wakes sleeping clients, closes the device. Unlinks nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            worker.close();
            // our own record, not the file's word (a client may have scribbled on it)
            file.setState(worker.failure() != null ? SharedRingFile.STATE_FAILED : SharedRingFile.STATE_STOPPED);
            PosixNative.futexWake(file.ring().completionRing().tailWord(), Integer.MAX_VALUE);
            bridge.close();
            device.close();
            file.close();
        } finally {
            stopped.countDown();
        }
    }
}
