package io.nvmebridge.driver;

import io.nvmebridge.spec.CompletionEntry;
import io.nvmebridge.spec.regs.ControllerRegisters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NvmeCqRingTest {
    private static final int QID = 3;
    private static final int ENTRIES = 4;
    private static final long CQ_DOORBELL = ControllerRegisters.cqHeadDoorbell(QID, 0);

    private final DoorbellRecordingFunction fn = new DoorbellRecordingFunction();
    private final CommandTrackers trackers = new CommandTrackers(ENTRIES - 1);
    private final List<Long> completed = new ArrayList<>();
    private final IoCompletionHandler handler = (ud, status, result) -> completed.add(ud);
    private NvmeCqRing ring;
    private MemorySegment cq;

    @BeforeEach
    void setUp() {
        ring = new NvmeCqRing(fn, QID, ENTRIES, 0, 4096, trackers);
        ring.attach(null, null);
        cq = fn.allocated.getFirst().segment();
    }

    @Test
    void shouldFlipThePhaseWhenTheCompletionQueueWraps() {
        // first lap: phase 1 in slots 0..2
        for (int slot = 0; slot < 3; slot++) {
            post(slot, trackers.begin(slot, handler, 1), 1);
        }
        assertThat(ring.reap(ENTRIES)).isEqualTo(3);
        // second lap: slot 3 still phase 1, then the ring wraps and new entries carry phase 0
        post(3, trackers.begin(10, handler, 1), 1);
        post(0, trackers.begin(11, handler, 1), 0);
        post(1, trackers.begin(12, handler, 1), 0);

        int handlerCalls = ring.reap(ENTRIES);

        assertThat(ring.lastReaped()).isEqualTo(3);
        assertThat(handlerCalls).isEqualTo(3);
        assertThat(completed).containsExactly(0L, 1L, 2L, 10L, 11L, 12L);
        // slot 2 still holds the first lap's entry (phase 1): old, not new
        assertThat(ring.hasEntry()).isFalse();
        assertThat(ring.reap(ENTRIES)).isZero();
        assertThat(ring.lastReaped()).isZero();
        post(2, trackers.begin(13, handler, 1), 0);
        assertThat(ring.hasEntry()).isTrue();
    }

    @Test
    void shouldWriteTheHeadDoorbellOncePerReapedBatch() {
        post(0, trackers.begin(0, handler, 1), 1);
        post(1, trackers.begin(1, handler, 1), 1);
        post(2, trackers.begin(2, handler, 1), 1);

        ring.reap(2);
        assertThat(ring.lastReaped()).isEqualTo(2);
        assertThat(fn.writes).containsExactly(new DoorbellRecordingFunction.Write(CQ_DOORBELL, 2));
        ring.reap(8);
        assertThat(ring.lastReaped()).isEqualTo(1);
        ring.reap(8);
        assertThat(ring.lastReaped()).isZero();

        assertThat(fn.writes).containsExactly(new DoorbellRecordingFunction.Write(CQ_DOORBELL, 2),
                new DoorbellRecordingFunction.Write(CQ_DOORBELL, 3));
        assertThat(ring.mmioWrites()).isEqualTo(2);
    }

    @Test
    void shouldConsumeButNotDeliverACompletionWhoseCidIsNotInFlight() {
        int inFlight = trackers.begin(7, handler, 1);
        post(0, 2, 1);      // a tracker that was never begun
        post(1, 999, 1);    // no such tracker
        post(2, inFlight, 1);

        int handlerCalls = ring.reap(ENTRIES);

        assertThat(ring.lastReaped()).isEqualTo(3);
        assertThat(handlerCalls).isEqualTo(1);
        assertThat(completed).containsExactly(7L);
        assertThat(ring.unknownCompletions()).isEqualTo(2);
        assertThat(fn.writes).containsExactly(new DoorbellRecordingFunction.Write(CQ_DOORBELL, 3));
    }

    @Test
    void shouldCountOneHandlerCallForASplitRequest() {
        int parent = trackers.begin(5, handler, 2);
        int child = trackers.beginPart(parent);
        post(0, child, 1);
        post(1, parent, 1);

        int handlerCalls = ring.reap(ENTRIES);

        assertThat(ring.lastReaped()).isEqualTo(2);
        assertThat(handlerCalls).isEqualTo(1);
        assertThat(completed).containsExactly(5L);
    }

    /** The device's side: a CQE for {@code cid} in {@code slot} with phase tag {@code phase}, status success. */
    private void post(int slot, int cid, int phase) {
        CompletionEntry.write(cq, (long) slot * CompletionEntry.SIZE, 0, 0, 0, QID, cid, 0, phase);
    }
}
