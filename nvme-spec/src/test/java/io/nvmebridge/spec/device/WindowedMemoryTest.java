package io.nvmebridge.spec.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Host memory of a lent data window plus a private window that every allocation comes from. */
class WindowedMemoryTest {
    private static final long DATA_BUS = 0x1_0000_0000L;
    private static final long DATA = 1L << 20;
    private static final long PRIVATE = 256L << 10;

    @Test
    void shouldPutThePrivateWindowAboveTheDataWindowBehindAGap() {
        try (Arena arena = Arena.ofConfined();
             WindowedMemory m = WindowedMemory.withPrivateMemory(arena.allocate(DATA, 4096), DATA_BUS, PRIVATE)) {
            assertThat(m.windows()).containsExactly(m.dataWindow(), m.privateWindow());
            assertThat(m.dataWindow().busBase()).isEqualTo(DATA_BUS);
            assertThat(m.privateWindow().busBase() - m.dataWindow().busEnd()).isGreaterThanOrEqualTo(WindowedMemory.GAP);
            assertThat(m.privateWindow().busBase() % WindowedMemory.GAP).isZero();
            assertThat(m.privateWindow().size()).isEqualTo(PRIVATE);
            assertThat(m.size()).isEqualTo(DATA + PRIVATE);
        }
    }

    @Test
    void shouldResolveInBothWindowsAndMissEverywhereElse() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(DATA, 4096);
            try (WindowedMemory m = WindowedMemory.withPrivateMemory(data, DATA_BUS, PRIVATE)) {
                long priv = m.privateWindow().busBase();
                assertThat(m.resolve(DATA_BUS + 4096, 512).address()).isEqualTo(data.address() + 4096);
                assertThat(m.resolve(DATA_BUS, DATA).byteSize()).isEqualTo(DATA);
                assertThat(m.resolve(priv + 8192, 64).address())
                        .isEqualTo(m.privateWindow().segment().address() + 8192);
                assertThat(m.resolve(DATA_BUS - 1, 2)).as("straddles the data window's start").isNull();
                assertThat(m.resolve(DATA_BUS + DATA - 512, 1024)).as("runs off the data window").isNull();
                assertThat(m.resolve(DATA_BUS + DATA, 4096)).as("in the gap").isNull();
                assertThat(m.resolve(DATA_BUS + DATA - 4096, priv + 4096 - (DATA_BUS + DATA - 4096)))
                        .as("spans the gap into the private window").isNull();
                assertThat(m.resolve(priv + PRIVATE - 8, 16)).as("runs off the private window").isNull();
                assertThat(m.resolve(DATA_BUS, -1)).isNull();
                assertThat(m.resolve(-4096, 8192)).isNull();
                assertThat(m.resolve(0, 4096)).isNull();
            }
        }
    }

    @Test
    void shouldAllocateOnlyFromThePrivateWindow() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(DATA, 4096);
            data.fill((byte) 0x5A);
            try (WindowedMemory m = WindowedMemory.withPrivateMemory(data, DATA_BUS, PRIVATE)) {
                List<DmaBuffer> taken = new ArrayList<>();
                while (m.available() >= 4096) {
                    taken.add(m.allocate(4096, 4096));
                }
                assertThat(taken).hasSize((int) (PRIVATE / 4096));
                assertThat(taken).allSatisfy(b -> {
                    assertThat(m.privateWindow().contains(b.deviceAddress(), b.size())).isTrue();
                    assertThat(m.resolve(b.deviceAddress(), b.size()).address()).isEqualTo(b.segment().address());
                });
                assertThatThrownBy(() -> m.allocate(4096, 4096)).isInstanceOf(DmaExhaustedException.class);
                // the data window was never handed out, nor zeroed
                assertThat(data.mismatch(MemorySegment.ofArray(filled(DATA)))).isEqualTo(-1);
                taken.forEach(m::free);
                assertThat(m.available()).isEqualTo(PRIVATE);
            }
        }
    }

    @Test
    void shouldReleaseThePrivateWindowButNotTheLentData() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(DATA, 4096);
            WindowedMemory m = WindowedMemory.withPrivateMemory(data, DATA_BUS, PRIVATE);
            MemorySegment priv = m.privateWindow().segment();
            m.close();
            m.close();
            assertThat(priv.scope().isAlive()).isFalse();
            assertThat(data.scope().isAlive()).isTrue();
        }
    }

    @Test
    void shouldRefuseOverlappingWindowsAndImpossiblePlacements() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(DATA, 4096);
            try (FlatMemory inside = new FlatMemory(arena.allocate(PRIVATE, 4096), DATA_BUS + DATA - 4096, 0, null)) {
                assertThatThrownBy(() -> new WindowedMemory(new HostWindow(DATA_BUS, data), inside))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlaps");
            }
            assertThatThrownBy(() -> WindowedMemory.withPrivateMemory(data, Long.MAX_VALUE - 4096, PRIVATE))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> WindowedMemory.withPrivateMemory(data, DATA_BUS, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        }
    }

    private static byte[] filled(long n) {
        byte[] b = new byte[(int) n];
        java.util.Arrays.fill(b, (byte) 0x5A);
        return b;
    }
}
