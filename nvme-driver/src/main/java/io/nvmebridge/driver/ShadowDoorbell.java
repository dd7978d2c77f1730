package io.nvmebridge.driver;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Shadow doorbells and EventIdx (Doorbell Buffer Config, NVMe 1.4 section 5.8): the driver writes each new
 * doorbell value into a shadow page the controller reads, and writes the MMIO doorbell only when the
 * controller's EventIdx says it waits for it — Linux's {@code nvme_dbbuf_update_and_check_event()}.
 *
 * <pre>
 *  shadow page   (PRP1 of Doorbell Buffer Config): u32 per doorbell, SQ y tail at (2y) * (4 &lt;&lt; DSTRD),
 *                                                  CQ y head at (2y + 1) * (4 &lt;&lt; DSTRD)
 *  EventIdx page (PRP2):                           same layout, written by the controller
 * </pre>
 */
final class ShadowDoorbell {
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = U32.varHandle();

    private ShadowDoorbell() {
    }

    /**
     * Linux's {@code nvme_dbbuf_need_event}: true when the controller asked to be told about an index in
     * {@code (old, newIdx]}, all in 16-bit wrapping arithmetic.
     */
    static boolean needEvent(int eventIdx, int newIdx, int old) {
        return ((newIdx - eventIdx - 1) & 0xFFFF) < ((newIdx - old) & 0xFFFF);
    }

    /**
     * Stores {@code value} in the shadow doorbell at {@code offset} and says whether the MMIO doorbell must be
     * written too.
     */
    static boolean updateAndCheckEvent(int value, MemorySegment shadow, MemorySegment eventIdx, long offset) {
        // wmb(): the queue entries (SQEs written, CQEs consumed) are visible before the new shadow value
        VarHandle.releaseFence();
        int old = (int) INT.get(shadow, offset);
        INT.set(shadow, offset, value);
        // mb(): the shadow store is globally visible before we read EventIdx (the controller orders the
        // other way round: it updates EventIdx, then reads the shadow doorbell), else both sides can miss
        VarHandle.fullFence();
        int event = (int) INT.getVolatile(eventIdx, offset);
        return needEvent(event & 0xFFFF, value & 0xFFFF, old & 0xFFFF);
    }

    /** Zeroes a queue's shadow doorbell and EventIdx (queue creation and reset). */
    static void clear(MemorySegment shadow, MemorySegment eventIdx, long offset) {
        INT.setVolatile(shadow, offset, 0);
        INT.setVolatile(eventIdx, offset, 0);
    }
}
