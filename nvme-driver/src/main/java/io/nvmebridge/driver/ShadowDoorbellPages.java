package io.nvmebridge.driver;

import io.nvmebridge.spec.device.DmaAllocator;
import io.nvmebridge.spec.device.DmaBuffer;
import java.lang.foreign.MemorySegment;

/**
 * The two pages of Doorbell Buffer Config ({@link ShadowDoorbell} has their layout): the shadow doorbell page the
 * driver writes and the EventIdx page the controller writes. Allocated at the first bring-up that offers them to
 * the controller, zeroed again at every later one (a reset), freed when the controller closes. Whether the
 * controller took them is {@link #enabled()}, read by each queue pair when it (re-)attaches its rings.
 */
final class ShadowDoorbellPages {
    private final DmaAllocator dma;
    private DmaBuffer shadow;
    private DmaBuffer eventIdx;
    private volatile boolean enabled;

    ShadowDoorbellPages(DmaAllocator dma) {
        this.dma = dma;
    }

    /** Allocates the pages ({@code pageSize} each, page aligned) if not yet, and zeroes them. */
    void prepare(int pageSize) {
        if (shadow == null) {
            shadow = dma.allocate(pageSize, pageSize);
            eventIdx = dma.allocate(pageSize, pageSize);
        }
        shadow.segment().fill((byte) 0);
        eventIdx.segment().fill((byte) 0);
    }

    /** Whether the controller accepted Doorbell Buffer Config at the last bring-up. */
    void setEnabled(boolean on) {
        enabled = on;
    }

    boolean enabled() {
        return enabled;
    }

    /** PRP1 of Doorbell Buffer Config (after {@link #prepare}). */
    long shadowAddress() {
        return shadow.deviceAddress();
    }

    /** PRP2 of Doorbell Buffer Config (after {@link #prepare}). */
    long eventIdxAddress() {
        return eventIdx.deviceAddress();
    }

    MemorySegment shadowPage() {
        return shadow.segment();
    }

    MemorySegment eventIdxPage() {
        return eventIdx.segment();
    }

    /** Gives the pages back (the controller no longer reads them: it is disabled or gone). Idempotent. */
    void free() {
        if (shadow != null) {
            dma.free(shadow);
            dma.free(eventIdx);
            shadow = null;
            eventIdx = null;
        }
    }
}
