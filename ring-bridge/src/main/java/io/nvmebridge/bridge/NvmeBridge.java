package io.nvmebridge.bridge;

import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.ring.RingLayout;
import io.nvmebridge.bridge.ring.RingMemory;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.spec.device.DmaBuffer;
import java.lang.foreign.Arena;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Entry point: an opened NVMe device handing out io_uring rings, one per thread, each bound to its own
 * NVMe I/O queue pair.
 *
 * <pre>{@code
 * NvmeController ctrl = NvmeController.open(function, DriverOptions.defaults());
 * try (NvmeBridge bridge = NvmeBridge.of(ctrl, true);
 *      Ring ring = bridge.openRing(RingOptions.defaults().withPath(ForwardingPath.SQPOLL))) { ... }
 * }</pre>
 */
public final class NvmeBridge implements AutoCloseable {
    private final BridgeDevice device;
    private final AtomicInteger rings = new AtomicInteger();

    public NvmeBridge(BridgeDevice device) {
        this.device = device;
    }

    /** @param owned close the controller when the bridge closes */
    public static NvmeBridge of(NvmeController controller, boolean owned) {
        return new NvmeBridge(new DriverDevice(controller, owned));
    }

    public BridgeDevice device() {
        return device;
    }

    /** Opens an in-JVM ring whose addresses are native addresses of registered memory. */
    public Ring openRing(RingOptions options) {
        int setup = options.setupFlags() & ~IoUring.SETUP_SQPOLL;
        if (options.path() == ForwardingPath.SQPOLL) {
            setup |= IoUring.SETUP_SQPOLL;
        }
        RingLayout layout = RingLayout.of(options.entries(), setup);
        Arena arena = Arena.ofShared();
        try {
            RingMemory memory = RingMemory.allocate(arena, layout);
            ProcessSpace space = new ProcessSpace();
            RingBridge bridge = new RingBridge(memory.submissionRing(), memory.completionRing(), layout, device,
                    options.queueEntries(), space, options.data(), options.bounceSize());
            Ring.BufferAllocator alloc = new Ring.BufferAllocator() {
                @Override
                public DmaBuffer allocate(long size) {
                    return device.dma().allocate(size, 4096);
                }

                @Override
                public void free(DmaBuffer b) {
                    device.dma().free(b);
                }
            };
            int id = rings.incrementAndGet();
            Ring.Driver driver;
            if (options.path() == ForwardingPath.INLINE) {
                driver = Ring.inline(bridge, () -> {
                    bridge.close();
                    arena.close();
                });
            } else {
                SqPollWorker worker = new SqPollWorker(bridge, options.sqThreadIdleMs() * 1_000_000L,
                        "nvme-bridge-sqpoll-" + id).start();
                driver = Ring.polled(memory.submissionRing(), memory.completionRing(), () -> {
                    worker.close();
                    bridge.close();
                    arena.close();
                });
            }
            return new Ring(memory.submissionRing(), memory.completionRing(), layout, driver, space, alloc);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public void close() {
        device.close();
    }
}
