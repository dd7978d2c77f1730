package io.nvmebridge.bridge.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvmebridge.bridge.abi.IoSqringOffsets;
import io.nvmebridge.bridge.abi.IoUringParams;
import io.nvmebridge.bridge.ring.RingLayout;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedRingFileTest {
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void shouldWriteTheVersion1HeaderExactly(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("ring");
        long[] dataEnd = new long[1];
        try (SharedRingFile f = SharedRingFile.create(p, RingLayout.of(16, 0), 1 << 20)) {
            MemorySegment h = f.file();
            assertThat(new String(h.asSlice(0, 8).toArray(ValueLayout.JAVA_BYTE))).isEqualTo("NVMEBRG1");
            assertThat(h.get(U32, 8)).isEqualTo(1);
            assertThat(h.get(U32, 12)).isEqualTo(184);
            long sq = h.get(U64, 16);
            long cq = h.get(U64, 24);
            long sqes = h.get(U64, 32);
            long data = h.get(U64, 40);
            assertThat(h.get(U64, 48)).isEqualTo(1 << 20);
            dataEnd[0] = data + (1 << 20);
            assertThat(h.get(U32, 56)).isEqualTo(SharedRingFile.STATE_STARTING);
            assertThat(sq).isGreaterThanOrEqualTo(184);
            assertThat(cq).isGreaterThan(sq);
            assertThat(sqes).isGreaterThan(cq);
            assertThat(data).isGreaterThan(sqes);
            assertThat(data % 4096).isZero();
            assertThat(IoUringParams.get(h, 64, IoUringParams.SQ_ENTRIES)).isEqualTo(16);
            // offsets in params are relative to the SQ ring region: tail at +64 from the region start
            int tailOff = IoUringParams.sqOff(h, 64, IoSqringOffsets.TAIL);
            f.ring().submissionRing().publishTail(5);
            assertThat(h.get(U32, sq + tailOff)).isEqualTo(5);
            int maskOff = IoUringParams.sqOff(h, 64, IoSqringOffsets.RING_MASK);
            assertThat(h.get(U32, sq + maskOff)).isEqualTo(15);
            f.setState(SharedRingFile.STATE_SERVING);
            assertThat(h.get(U32, 56)).isEqualTo(1);
        }
        // the file ends where the data area does: the protocol's regions and nothing else
        assertThat(Files.size(p)).isEqualTo(dataEnd[0]);
        try (SharedRingFile again = SharedRingFile.open(p)) {
            assertThat(again.layout().sqEntries()).isEqualTo(16);
            assertThat(again.state()).isEqualTo(SharedRingFile.STATE_SERVING);
            assertThat(again.data().byteSize()).isEqualTo(1 << 20);
        }
    }

    @Test
    void shouldRefuseAFileWithoutTheMagic(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("junk");
        Files.write(p, new byte[4096]);
        assertThatThrownBy(() -> SharedRingFile.open(p)).isInstanceOf(IOException.class).hasMessageContaining("magic");
    }
}
