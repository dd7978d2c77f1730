package io.nvmebridge.bridge;

import io.nvmebridge.bridge.core.NvmeQueue;
import io.nvmebridge.spec.device.DmaAllocator;

/**
 * An opened NVMe device as the bridge uses it: its namespaces, I/O queue pairs, and DMA memory for
 * bounce buffers. {@link DriverDevice} implements it over the userspace driver's controller.
 */
public interface BridgeDevice extends AutoCloseable {

    NamespaceTable namespaces();

    /** Creates an I/O queue pair of {@code entries} whose completions go to {@code sink}. */
    NvmeQueue openQueue(int entries, NvmeQueue.Completion sink);

    /** Gives back a queue pair from {@link #openQueue}. */
    void closeQueue(NvmeQueue queue);

    DmaAllocator dma();

    /** One line naming the device. */
    String description();

    @Override
    void close();
}
