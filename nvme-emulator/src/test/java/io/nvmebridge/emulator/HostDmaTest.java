package io.nvmebridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.spec.device.FlatMemory;
import io.nvmebridge.spec.device.HostMemory;
import io.nvmebridge.spec.device.WindowedMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The DMA engine's look-ups: arithmetic over fixed windows, misses as {@code false}. */
class HostDmaTest {
    private static final long DATA_BUS = EmulatedNvmeFunction.BUS_BASE;
    private static final long DATA = 1L << 20;

    @Test
    void shouldResolveIntoEitherWindowOfAWindowedMemory() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(DATA, 4096);
            try (WindowedMemory m = WindowedMemory.withPrivateMemory(data, DATA_BUS, 64 << 10)) {
                HostDma dma = new HostDma(m);
                long priv = m.privateWindow().busBase();
                assertThat(dma.resolve(DATA_BUS + 12288, 4096)).isTrue();
                assertThat(dma.seg).isSameAs(data);
                assertThat(dma.off).isEqualTo(12288);
                assertThat(dma.resolve(DATA_BUS, DATA)).isTrue();
                assertThat(dma.resolve(priv + 512, 64)).isTrue();
                assertThat(dma.seg).isSameAs(m.privateWindow().segment());
                assertThat(dma.off).isEqualTo(512);
                assertThat(dma.slice(priv + 4096, 4096).address()).isEqualTo(m.privateWindow().segment().address() + 4096);
            }
        }
    }

    @Test
    void shouldMissOutsideTheWindowsAndAcrossTheGapBetweenThem() {
        try (Arena arena = Arena.ofConfined();
             WindowedMemory m = WindowedMemory.withPrivateMemory(arena.allocate(DATA, 4096), DATA_BUS, 64 << 10)) {
            HostDma dma = new HostDma(m);
            long priv = m.privateWindow().busBase();
            long privEnd = m.privateWindow().busEnd();
            assertThat(dma.resolve(DATA_BUS + DATA, 1)).as("first byte of the gap").isFalse();
            assertThat(dma.resolve(DATA_BUS + DATA - 8, 16)).as("off the data window's end").isFalse();
            assertThat(dma.resolve(DATA_BUS + DATA - 4096, priv + 4096 - (DATA_BUS + DATA - 4096)))
                    .as("from the data window across the gap into the private one").isFalse();
            assertThat(dma.resolve(priv - 8, 16)).as("into the private window's start").isFalse();
            assertThat(dma.resolve(privEnd - 8, 16)).as("off the private window's end").isFalse();
            assertThat(dma.resolve(DATA_BUS - 4096, 8192)).as("below the data window").isFalse();
            assertThat(dma.resolve(0, 8)).isFalse();
            assertThat(dma.resolve(-1L, 2)).as("wraps around").isFalse();
            assertThat(dma.resolve(DATA_BUS, -1)).as("negative length").isFalse();
            assertThat(dma.resolve(DATA_BUS, Long.MIN_VALUE)).isFalse();
            assertThat(dma.slice(DATA_BUS + DATA, 64)).isNull();
        }
    }

    @Test
    void shouldResolveWindowsWithoutAllocating() {
        try (Arena arena = Arena.ofConfined();
             WindowedMemory m = WindowedMemory.withPrivateMemory(arena.allocate(DATA, 4096), DATA_BUS, 64 << 10);
             FlatMemory flat = FlatMemory.offHeap(DATA, DATA_BUS)) {
            HostDma windowed = new HostDma(m);
            HostDma single = new HostDma(flat);
            long priv = m.privateWindow().busBase();
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long hits = lookUps(windowed, single, priv); // warm up, and load whatever the measuring needs
            long before = threads.getCurrentThreadAllocatedBytes();
            hits += lookUps(windowed, single, priv);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(hits).isEqualTo(2 * 3 * 100_000L);
            assertThat(allocated).as("bytes allocated by 400,000 look-ups").isLessThan(1024);
        }
    }

    private static long lookUps(HostDma windowed, HostDma single, long priv) {
        long hits = 0;
        for (int i = 0; i < 100_000; i++) {
            long o = (i & 255) * 4096L;
            hits += windowed.resolve(DATA_BUS + o, 4096) ? 1 : 0;
            hits += windowed.resolve(priv + (o & 0xFFFF), 8) ? 1 : 0;
            hits += windowed.resolve(DATA_BUS + DATA + o, 8) ? 1 : 0; // a miss
            hits += single.resolve(DATA_BUS + o, 4096) ? 1 : 0;
        }
        return hits;
    }

    @Test
    void shouldAskAHostMemoryWithoutWindowsForEveryTransfer() {
        try (FlatMemory flat = FlatMemory.offHeap(DATA, DATA_BUS)) {
            int[] asked = {0};
            HostMemory indirect = (bus, len) -> {
                asked[0]++;
                return flat.resolve(bus, len);
            };
            HostDma dma = new HostDma(indirect);
            assertThat(dma.resolve(DATA_BUS + 4096, 512)).isTrue();
            assertThat(dma.off).isZero();
            assertThat(dma.seg.byteSize()).isEqualTo(512);
            assertThat(dma.resolve(DATA_BUS + DATA, 512)).isFalse();
            assertThat(asked[0]).isEqualTo(2);
        }
    }
}
