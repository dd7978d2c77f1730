package io.nvmebridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvmebridge.spec.device.DmaBuffer;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AsyncNvmeTest {

    @Test
    void shouldCompleteFuturesWithBytesAndFailuresWithErrno() throws Exception {
        try (NvmeBridge bridge = EmulatorFixture.openBridge();
             AsyncNvme nvme = new AsyncNvme(bridge.openRing(RingOptions.defaults().withEntries(8)))) {
            DmaBuffer buf = nvme.ring().allocateBuffer(8192);
            buf.segment().asSlice(0, 4096).fill((byte) 0x5a);
            assertThat(nvme.await(nvme.write(EmulatorFixture.RAM_NS, buf.segment().asSlice(0, 4096), 0))).isEqualTo(4096);
            assertThat(nvme.await(nvme.read(EmulatorFixture.RAM_NS, buf.segment().asSlice(4096, 4096), 0))).isEqualTo(4096);
            assertThat(buf.segment().get(ValueLayout.JAVA_BYTE, 4096 + 17)).isEqualTo((byte) 0x5a);
            assertThat(nvme.await(nvme.fsync(EmulatorFixture.RAM_NS))).isZero();
            CompletableFuture<Integer> bad = nvme.read(99, buf.segment().asSlice(0, 4096), 0);
            assertThatThrownBy(() -> nvme.await(bad)).isInstanceOf(NvmeIoException.class)
                    .satisfies(e -> assertThat(((NvmeIoException) e).res()).isEqualTo(-9));
        }
    }

    @Test
    void shouldKeepMoreRequestsInFlightThanTheRingHolds() throws Exception {
        try (NvmeBridge bridge = EmulatorFixture.openBridge();
             AsyncNvme nvme = new AsyncNvme(bridge.openRing(RingOptions.defaults().withEntries(4)))) {
            DmaBuffer buf = nvme.ring().allocateBuffer(4096);
            List<CompletableFuture<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                fs.add(nvme.read(EmulatorFixture.NULL_NS, buf.segment(), i * 4096L));
            }
            for (CompletableFuture<Integer> f : fs) {
                assertThat(nvme.await(f)).isEqualTo(4096);
            }
        }
    }

    @Test
    void shouldBoxEveryResultToItsOwnValueInsideAndOutsideTheCachedRange() {
        for (int res : new int[] {0, 1, 511, 512, 4096, 4097, 1 << 20, (1 << 20) + 512, Integer.MAX_VALUE}) {
            assertThat(AsyncNvme.boxed(res)).as("res " + res).isEqualTo(res);
            assertThat(AsyncNvme.boxed(res)).as("res " + res + " again").isEqualTo(res);
        }
        assertThat(AsyncNvme.boxed(4096)).as("a usual result is boxed once").isSameAs(AsyncNvme.boxed(4096));
    }

    @Test
    void shouldCompleteAReadLargerThanTheCachedResultsWithItsByteCount() throws Exception {
        try (NvmeBridge bridge = EmulatorFixture.openBridge();
             AsyncNvme nvme = new AsyncNvme(bridge.openRing(RingOptions.defaults().withEntries(4)))) {
            DmaBuffer buf = nvme.ring().allocateBuffer(2 << 20);
            assertThat(nvme.await(nvme.read(EmulatorFixture.NULL_NS, buf.segment(), 0))).isEqualTo(2 << 20);
            assertThat(nvme.await(nvme.read(EmulatorFixture.NULL_NS, buf.segment().asSlice(0, 3 * 4096), 0)))
                    .isEqualTo(3 * 4096);
        }
    }
}
