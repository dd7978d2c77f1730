package io.nvmebridge.bridge.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.nvmebridge.testsupport.Examples;
import io.nvmebridge.testsupport.Generators;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * The hot path's quadword reads and writes of SQEs and CQEs. For SQEs, the quadword reads
 * ({@link IoUringSqe#word0}, {@code lenWord}, {@code bufWord} and their {@code *Of} decoders) give exactly what the
 * one-field accessors give, for any 64 bytes: the decoders are pinned to the field offsets, which
 * {@link IoUringAbiTest} pins to the Linux header. For CQEs, {@link IoUringCqe#set} (two quadword stores) and
 * {@link IoUringCqe#resWord} agree with the field accessors.
 */
class IoUringSqeWordsProperties {
    @Test
    void quadwordDecodersAgreeWithFieldAccessors() {
        Examples.atLeast(500).check(Generators.bytes(IoUringSqe.SIZE),
                IoUringSqeWordsProperties::sqeDecodersAgree);
    }

    private static void sqeDecodersAgree(byte[] bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(IoUringSqe.SIZE + 64);
            long at = 64; // not the segment's start: the offset is honoured
            MemorySegment.copy(MemorySegment.ofArray(bytes), 0, s, at, IoUringSqe.SIZE);
            long w0 = IoUringSqe.word0(s, at);
            long w3 = IoUringSqe.lenWord(s, at);
            long w5 = IoUringSqe.bufWord(s, at);
            assertThat(IoUringSqe.opcodeOf(w0)).isEqualTo(IoUringSqe.opcode(s, at));
            assertThat(IoUringSqe.flagsOf(w0)).isEqualTo(IoUringSqe.flags(s, at));
            assertThat(IoUringSqe.fdOf(w0)).isEqualTo(IoUringSqe.fd(s, at));
            assertThat(IoUringSqe.lenOf(w3)).isEqualTo(IoUringSqe.len(s, at));
            assertThat(IoUringSqe.rwFlagsOf(w3)).isEqualTo(IoUringSqe.rwFlags(s, at));
            assertThat(IoUringSqe.bufIndexOf(w5)).isEqualTo(IoUringSqe.bufIndex(s, at));
            assertThat(IoUringSqe.personalityOf(w5)).isEqualTo(IoUringSqe.personality(s, at));
            assertThat(IoUringSqe.spliceFdInOf(w5)).isEqualTo(IoUringSqe.spliceFdIn(s, at));
        }
    }

    @Test
    void cqeQuadwordsAgreeWithFieldAccessors() {
        Examples.atLeast(300).check(longs().all(), integers().all(), integers().all(),
                IoUringSqeWordsProperties::cqeWordsAgree);
    }

    private static void cqeWordsAgree(long userData, int res, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(IoUringCqe.SIZE + 16);
            long at = 16;
            IoUringCqe.set(s, at, userData, res, flags);
            assertThat(IoUringCqe.userData(s, at)).isEqualTo(userData);
            assertThat(IoUringCqe.res(s, at)).isEqualTo(res);
            assertThat(IoUringCqe.flags(s, at)).isEqualTo(flags);
            long w = IoUringCqe.resWord(s, at);
            assertThat(IoUringCqe.resOf(w)).isEqualTo(res);
            assertThat(IoUringCqe.flagsOf(w)).isEqualTo(flags);
            assertThat(s.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0)).as("bytes before the CQE untouched").isZero();
        }
    }
}
