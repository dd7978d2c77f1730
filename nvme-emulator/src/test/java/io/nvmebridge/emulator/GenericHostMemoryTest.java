package io.nvmebridge.emulator;

import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.admin.IdentifyCns;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.FlatMemory;
import io.nvmebridge.spec.device.HostMemory;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

/** The controller over a host memory that is not a FlatMemory: every transfer asks {@link HostMemory#resolve}. */
class GenericHostMemoryTest {

    @Test
    void shouldDoIoThroughPerTransferResolve() {
        FlatMemory flat = FlatMemory.offHeap(8L << 20, 0x2_0000_0000L);
        int[] resolves = {0};
        HostMemory indirect = (bus, len) -> {
            resolves[0]++;
            return flat.resolve(bus, len);
        };
        EmulatorConfig cfg = TestHost.ramConfig().build();
        try (TestHost h = new TestHost(new EmulatedController(cfg, indirect), flat)) {
            h.enable();
            h.identify(IdentifyCns.CONTROLLER, 0);
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            DmaBuffer out = h.buffer(3 * 4096);
            TestHost.fill(out.segment(), 4);
            DmaBuffer list = h.buffer(4096);
            var u64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            list.segment().set(u64, 0, out.deviceAddress(4096));
            list.segment().set(u64, 8, out.deviceAddress(8192));
            assertThat(q.submit(TestHost.Command.rw(NvmOpcode.WRITE, 1, 0, 24).data(out).prp2(list.deviceAddress())).ok()).isTrue();
            DmaBuffer in = h.buffer(3 * 4096);
            list.segment().set(u64, 0, in.deviceAddress(4096));
            list.segment().set(u64, 8, in.deviceAddress(8192));
            assertThat(q.submit(TestHost.Command.rw(NvmOpcode.READ, 1, 0, 24).data(in).prp2(list.deviceAddress())).ok()).isTrue();
            assertThat(in.segment().mismatch(out.segment())).isEqualTo(-1);
            assertThat(q.submit(TestHost.Command.rw(NvmOpcode.READ, 1, 0, 1).prp1(0x1_0000_0000L)).status())
                    .isEqualTo(Status.DATA_TRANSFER_ERROR);
            assertThat(resolves[0]).isGreaterThan(5);
        }
    }
}
