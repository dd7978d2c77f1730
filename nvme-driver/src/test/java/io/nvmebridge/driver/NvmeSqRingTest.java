package io.nvmebridge.driver;

import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.regs.ControllerRegisters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class NvmeSqRingTest {
    private static final int QID = 2;
    private static final int ENTRIES = 4;
    private static final long SQ_DOORBELL = ControllerRegisters.sqTailDoorbell(QID, 0);
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    private final DoorbellRecordingFunction fn = new DoorbellRecordingFunction();
    private final CommandTrackers trackers = new CommandTrackers(ENTRIES - 1);
    private NvmeSqRing ring;
    private MemorySegment sq;

    @BeforeEach
    void setUp() {
        ring = new NvmeSqRing(fn, QID, ENTRIES, 0, 4096, trackers, TIMEOUT);
        ring.attach(null, null);
        sq = fn.allocated.getFirst().segment();
    }

    @Test
    void shouldRingTheTailDoorbellOncePerBatchAndWrapTheTail() {
        write(0);
        write(1);
        assertThat(fn.writes).as("writing SQEs rings nothing").isEmpty();
        assertThat(ring.hasUnrung()).isTrue();

        ring.ring();

        assertThat(fn.writes).containsExactly(new DoorbellRecordingFunction.Write(SQ_DOORBELL, 2));
        assertThat(ring.hasUnrung()).isFalse();
        write(2);
        write(0);
        write(1); // slot 0 again: the tail wraps at the end of the ring
        ring.ring();
        assertThat(fn.writes).last().isEqualTo(new DoorbellRecordingFunction.Write(SQ_DOORBELL, 1));
        assertThat(SubmissionEntry.cid(sq, 0)).isEqualTo(1);
        assertThat(ring.mmioWrites()).isEqualTo(2);
    }

    @Test
    void shouldStampDeadlinesOnlyForTheCommandsTheDoorbellPublishes() {
        long before = System.nanoTime();
        write(1);
        ring.ring();
        long first = trackers.deadline[1];
        assertThat(first - before).isGreaterThanOrEqualTo(TIMEOUT);

        write(2);
        ring.ring();

        assertThat(trackers.deadline[1]).isEqualTo(first);
        assertThat(trackers.deadline[2] - first).isGreaterThanOrEqualTo(0);
        assertThat(trackers.deadline[0]).as("never written").isZero();
    }

    @Test
    void shouldWriteAKeptSqeAgainByteForByte() {
        ring.write(2, 0x02, 1, 0x11, 0x22, 0x1000, 0x2000, 7, 8, 9, 10, 11, 12);

        ring.writeKept(2);

        MemorySegment first = sq.asSlice(0, SubmissionEntry.SIZE);
        MemorySegment again = sq.asSlice(SubmissionEntry.SIZE, SubmissionEntry.SIZE);
        assertThat(again.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(first.toArray(ValueLayout.JAVA_BYTE));
        assertThat(SubmissionEntry.opcode(sq, 0)).isEqualTo(0x02);
        assertThat(SubmissionEntry.cid(sq, 0)).isEqualTo(2);
        assertThat(SubmissionEntry.nsid(sq, 0)).isEqualTo(1);
        assertThat(SubmissionEntry.prp1(sq, 0)).isEqualTo(0x1000);
        assertThat(SubmissionEntry.prp2(sq, 0)).isEqualTo(0x2000);
    }

    @Test
    void shouldTakeATemplateWithItsOwnCidAndPrpsAndKeepTheResult() {
        MemorySegment template = Arena.ofAuto().allocate(SubmissionEntry.SIZE);
        template.fill((byte) 0x5A);
        template.set(ValueLayout.JAVA_BYTE, SubmissionEntry.OPCODE, (byte) 0x81);

        ring.writeFromTemplate(1, template, 0x3000, 0);
        ring.writeKept(1);

        assertThat(SubmissionEntry.opcode(sq, 0)).isEqualTo(0x81);
        assertThat(SubmissionEntry.flags(sq, 0)).as("FUSE and PSDT cleared").isZero();
        assertThat(SubmissionEntry.cid(sq, 0)).isEqualTo(1);
        assertThat(SubmissionEntry.nsid(sq, 0)).isEqualTo(0x5A5A5A5A);
        assertThat(SubmissionEntry.prp1(sq, 0)).isEqualTo(0x3000);
        assertThat(SubmissionEntry.prp2(sq, 0)).isZero();
        assertThat(sq.asSlice(SubmissionEntry.SIZE, SubmissionEntry.SIZE).toArray(ValueLayout.JAVA_BYTE))
                .isEqualTo(sq.asSlice(0, SubmissionEntry.SIZE).toArray(ValueLayout.JAVA_BYTE));
    }

    @Test
    void shouldKeepAnInFlightCommandsSqeWhenTheTailReusesItsSlot() {
        int id = trackers.begin(7, (ud, st, res) -> { }, 1); // in flight
        ring.write(id, 0x02, 1, 0x11, 0x22, 0x1000, 0x2000, 7, 8, 9, 10, 11, 12);
        byte[] submitted = sq.asSlice(0, SubmissionEntry.SIZE).toArray(ValueLayout.JAVA_BYTE);
        int other = id == 0 ? 1 : 0;
        for (int i = 0; i < ENTRIES; i++) {
            write(other); // slots 1, 2, 3, then 0 again: the in-flight command's slot is overwritten
        }
        assertThat(SubmissionEntry.cid(sq, 0)).isEqualTo(other);

        ring.writeKept(id); // slot 1

        assertThat(sq.asSlice(SubmissionEntry.SIZE, SubmissionEntry.SIZE).toArray(ValueLayout.JAVA_BYTE))
                .isEqualTo(submitted);
    }

    @Test
    void shouldKeepInFlightSqesAcrossAReattachThatZeroesTheRing() {
        int id = trackers.begin(7, (ud, st, res) -> { }, 1);
        ring.write(id, 0x01, 3, 0, 0, 0x4000, 0, 1, 2, 3, 4, 5, 6);
        byte[] submitted = sq.asSlice(0, SubmissionEntry.SIZE).toArray(ValueLayout.JAVA_BYTE);

        ring.attach(null, null); // a reset re-creates the queue
        assertThat(sq.asSlice(0, SubmissionEntry.SIZE).toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
        ring.writeKept(id);

        assertThat(sq.asSlice(0, SubmissionEntry.SIZE).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(submitted);
    }

    @Test
    void shouldNeverTellTheDeviceAboutDroppedSqes() {
        write(0);
        ring.dropUnrung();

        assertThat(ring.hasUnrung()).isFalse();
        assertThat(fn.writes).isEmpty();
    }

    /** A Flush for command {@code id}. */
    private void write(int id) {
        ring.write(id, 0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
