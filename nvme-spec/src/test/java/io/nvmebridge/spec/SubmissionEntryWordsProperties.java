package io.nvmebridge.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.spec.admin.NvmCommands;
import io.nvmebridge.testsupport.Examples;
import io.nvmebridge.testsupport.Generators;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * The quadword reads of an NVMe SQE ({@link SubmissionEntry#word0} and its {@code *Of} decoders,
 * {@link SubmissionEntry#cdw10And11}) give exactly what the one-field accessors give, for any 64 bytes.
 */
class SubmissionEntryWordsProperties {
    @Test
    void quadwordDecodersAgreeWithFieldAccessors() {
        Examples.atLeast(500).check(Generators.bytes(SubmissionEntry.SIZE), bytes -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment s = arena.allocate(SubmissionEntry.SIZE + 64);
                long at = 64; // not the segment's start: the offset is honoured
                MemorySegment.copy(MemorySegment.ofArray(bytes), 0, s, at, SubmissionEntry.SIZE);
                long w0 = SubmissionEntry.word0(s, at);
                assertThat(SubmissionEntry.opcodeOf(w0)).isEqualTo(SubmissionEntry.opcode(s, at));
                assertThat(SubmissionEntry.flagsOf(w0)).isEqualTo(SubmissionEntry.flags(s, at));
                assertThat(SubmissionEntry.cidOf(w0)).isEqualTo(SubmissionEntry.cid(s, at));
                assertThat(SubmissionEntry.nsidOf(w0)).isEqualTo(SubmissionEntry.nsid(s, at));
                assertThat(SubmissionEntry.cdw10And11(s, at))
                        .isEqualTo(NvmCommands.slba(SubmissionEntry.cdw(s, at, 10), SubmissionEntry.cdw(s, at, 11)));
            }
        });
    }
}
