package io.nvmebridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.device.WindowedMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The controller over a lent data window plus a private window (a shared ring file's data area and the
 * server's own memory): queues and PRP lists in the private window, data in the lent one, and nothing in
 * between reachable.
 */
class WindowedHostMemoryTest {
    private static final long DATA_BUS = EmulatedNvmeFunction.BUS_BASE;
    private static final long DATA = 1L << 20;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void shouldMoveDataInTheLentWindowWithQueuesAndPrpListsInThePrivateOne() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment data = arena.allocate(DATA, 4096);
            WindowedMemory memory = WindowedMemory.withPrivateMemory(data, DATA_BUS, 1L << 20);
            EmulatedNvmeFunction fn = EmulatedNvmeFunction.over(TestHost.ramConfig().build(), memory);
            try (TestHost h = new TestHost(fn.controller(), memory)) {
                h.enable();
                TestHost.QueuePair q = h.createIoQueuePair(1, 8);
                assertThat(memory.privateWindow().contains(q.sq.deviceAddress(), q.sq.size())).isTrue();
                assertThat(memory.privateWindow().contains(q.cq.deviceAddress(), q.cq.size())).isTrue();
                TestHost.fill(data.asSlice(0, 3 * 4096), 9);
                var list = h.buffer(4096);
                list.segment().set(U64, 0, DATA_BUS + 4096);
                list.segment().set(U64, 8, DATA_BUS + 8192);
                assertThat(q.submit(TestHost.Command.rw(NvmOpcode.WRITE, 1, 0, 24).prp1(DATA_BUS)
                        .prp2(list.deviceAddress())).ok()).isTrue();
                list.segment().set(U64, 0, DATA_BUS + 65536 + 4096);
                list.segment().set(U64, 8, DATA_BUS + 65536 + 8192);
                assertThat(q.submit(TestHost.Command.rw(NvmOpcode.READ, 1, 0, 24).prp1(DATA_BUS + 65536)
                        .prp2(list.deviceAddress())).ok()).isTrue();
                assertThat(data.asSlice(65536, 3 * 4096).mismatch(data.asSlice(0, 3 * 4096))).isEqualTo(-1);

                long gap = memory.dataWindow().busEnd();
                assertThat(q.submit(TestHost.Command.rw(NvmOpcode.READ, 1, 0, 1).prp1(gap)).status())
                        .as("a buffer in the gap").isEqualTo(Status.DATA_TRANSFER_ERROR);
                assertThat(q.submit(TestHost.Command.rw(NvmOpcode.READ, 1, 0, 16).prp1(gap - 4096).prp2(gap)).status())
                        .as("a second page in the gap").isEqualTo(Status.DATA_TRANSFER_ERROR);
                list.segment().set(U64, 0, DATA_BUS + 4096);
                list.segment().set(U64, 8, memory.privateWindow().busBase() - 4096);
                assertThat(q.submit(TestHost.Command.rw(NvmOpcode.READ, 1, 0, 24).prp1(DATA_BUS)
                        .prp2(list.deviceAddress())).status())
                        .as("a list entry just below the private window").isEqualTo(Status.DATA_TRANSFER_ERROR);
                assertThat(q.submit(TestHost.Command.rw(NvmOpcode.READ, 1, 0, 1).prp1(DATA_BUS)).ok())
                        .as("still serving").isTrue();
            }
            assertThat(memory.privateWindow().segment().scope().isAlive()).isFalse();
            assertThat(data.scope().isAlive()).isTrue();
        }
    }
}
