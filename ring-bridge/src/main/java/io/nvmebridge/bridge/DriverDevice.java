package io.nvmebridge.bridge;

import io.nvmebridge.bridge.core.NvmeQueue;
import io.nvmebridge.driver.NamespaceInfo;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.spec.device.DmaAllocator;

/** {@link BridgeDevice} over an opened {@link NvmeController}. */
public final class DriverDevice implements BridgeDevice {
    private final NvmeController controller;
    private final boolean owned;
    private final boolean ownsFunction;
    private final NamespaceTable namespaces = new NamespaceTable();

    /** @param owned close the controller with this device (its NVMe function stays open) */
    public DriverDevice(NvmeController controller, boolean owned) {
        this(controller, owned, false);
    }

    private DriverDevice(NvmeController controller, boolean owned, boolean ownsFunction) {
        this.controller = controller;
        this.owned = owned;
        this.ownsFunction = ownsFunction;
        for (NamespaceInfo ns : controller.namespaces()) {
            namespaces.add(ns.nsid(), ns.lbaSize(), ns.size(), ns.metadataSize());
        }
    }

    /**
     * A device that closes the controller and then its NVMe function: for a function opened just for this
     * device (a shared ring's emulator), whose memory must go when the device goes.
     */
    public static DriverDevice owningFunction(NvmeController controller) {
        return new DriverDevice(controller, true, true);
    }

    public NvmeController controller() {
        return controller;
    }

    @Override
    public NamespaceTable namespaces() {
        return namespaces;
    }

    @Override
    public NvmeQueue openQueue(int entries, NvmeQueue.Completion sink) {
        return new DriverQueue(controller.createIoQueuePair(entries), sink);
    }

    @Override
    public void closeQueue(NvmeQueue queue) {
        ((DriverQueue) queue).pair().close();
    }

    @Override
    public DmaAllocator dma() {
        return controller.function().dma();
    }

    @Override
    public String description() {
        return controller.function().description();
    }

    @Override
    public void close() {
        if (!owned) {
            return;
        }
        try {
            controller.close();
        } finally {
            if (ownsFunction) {
                controller.function().close();
            }
        }
    }
}
