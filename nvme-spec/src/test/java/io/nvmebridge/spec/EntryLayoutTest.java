package io.nvmebridge.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Pins the submission and completion entry layouts to NVMe 1.4 figures 105 and 121. */
class EntryLayoutTest {

    @Test
    void submissionEntryOffsetsMatchTheSpecification() {
        assertThat(SubmissionEntry.SIZE).isEqualTo(64);
        assertThat(1 << SubmissionEntry.SIZE_LOG2).isEqualTo(SubmissionEntry.SIZE);
        assertThat(SubmissionEntry.OPCODE).isEqualTo(0);
        assertThat(SubmissionEntry.FLAGS).isEqualTo(1);
        assertThat(SubmissionEntry.CID).isEqualTo(2);
        assertThat(SubmissionEntry.NSID).isEqualTo(4);
        assertThat(SubmissionEntry.CDW2).isEqualTo(8);
        assertThat(SubmissionEntry.CDW3).isEqualTo(12);
        assertThat(SubmissionEntry.MPTR).isEqualTo(16);
        assertThat(SubmissionEntry.PRP1).isEqualTo(24);
        assertThat(SubmissionEntry.PRP2).isEqualTo(32);
        assertThat(SubmissionEntry.CDW10).isEqualTo(40);
        assertThat(SubmissionEntry.CDW11).isEqualTo(44);
        assertThat(SubmissionEntry.CDW12).isEqualTo(48);
        assertThat(SubmissionEntry.CDW13).isEqualTo(52);
        assertThat(SubmissionEntry.CDW14).isEqualTo(56);
        assertThat(SubmissionEntry.CDW15).isEqualTo(60);
    }

    @Test
    void completionEntryOffsetsMatchTheSpecification() {
        assertThat(CompletionEntry.SIZE).isEqualTo(16);
        assertThat(1 << CompletionEntry.SIZE_LOG2).isEqualTo(CompletionEntry.SIZE);
        assertThat(CompletionEntry.DW0).isEqualTo(0);
        assertThat(CompletionEntry.DW1).isEqualTo(4);
        assertThat(CompletionEntry.SQHD).isEqualTo(8);
        assertThat(CompletionEntry.SQID).isEqualTo(10);
        assertThat(CompletionEntry.CID).isEqualTo(12);
        assertThat(CompletionEntry.STATUS).isEqualTo(14);
    }

    @Test
    void shouldEncodeCdw0AsOpcodeFlagsAndCommandIdLittleEndian() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(64);
            SubmissionEntry.setCdw0(s, 0, 0x02, 0x40, 0xBEEF);
            assertThat(s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 0x02);
            assertThat(s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 1)).isEqualTo((byte) 0x40);
            assertThat(s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 2)).isEqualTo((byte) 0xEF);
            assertThat(s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 3)).isEqualTo((byte) 0xBE);
            assertThat(SubmissionEntry.opcode(s, 0)).isEqualTo(2);
            assertThat(SubmissionEntry.cid(s, 0)).isEqualTo(0xBEEF);
            SubmissionEntry.setCdw(s, 0, 10, 0x12345678);
            assertThat(SubmissionEntry.cdw(s, 0, 10)).isEqualTo(0x12345678);
            assertThat(s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 40)).isEqualTo((byte) 0x78);
        }
    }

    @Test
    void shouldPutPhaseTagInBitZeroAndStatusAbove() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(16);
            CompletionEntry.write(s, 0, 7, 0, 3, 1, 42, Status.LBA_OUT_OF_RANGE | Status.DNR, 1);
            int word = CompletionEntry.statusWord(s, 0);
            assertThat(CompletionEntry.phase(word)).isEqualTo(1);
            assertThat(CompletionEntry.status(word)).isEqualTo(Status.LBA_OUT_OF_RANGE | Status.DNR);
            assertThat(Status.sct(CompletionEntry.status(word))).isEqualTo(Status.SCT_GENERIC);
            assertThat(Status.sc(CompletionEntry.status(word))).isEqualTo(0x80);
            assertThat(Status.doNotRetry(CompletionEntry.status(word))).isTrue();
            assertThat(CompletionEntry.cid(s, 0)).isEqualTo(42);
            assertThat(CompletionEntry.sqhd(s, 0)).isEqualTo(3);
        }
    }

    @Test
    void statusValuesMatchLinuxNvmeScConstants() {
        assertThat(Status.INVALID_NAMESPACE).isEqualTo(0x0b);
        assertThat(Status.INVALID_QUEUE_IDENTIFIER).isEqualTo(0x101);
        assertThat(Status.INVALID_QUEUE_DELETION).isEqualTo(0x10c);
        assertThat(Status.COMPARE_FAILURE).isEqualTo(0x285);
        assertThat(Status.PRP_INVALID_OFFSET).isEqualTo(0x13);
        assertThat(Status.DNR).isEqualTo(0x4000);
        assertThat(Status.describe(Status.INVALID_FIELD | Status.DNR)).isEqualTo("INVALID_FIELD (sct 0 sc 0x02, DNR)");
    }
}
