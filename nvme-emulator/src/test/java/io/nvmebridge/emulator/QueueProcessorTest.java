package io.nvmebridge.emulator;

import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.regs.ControllerRegisters;
import org.junit.jupiter.api.Test;

import static io.nvmebridge.emulator.TestHost.Command;
import static org.assertj.core.api.Assertions.assertThat;

/** Doorbell decode in {@link QueueProcessor} when CAP.DSTRD spreads the doorbells apart. */
class QueueProcessorTest {

    @Test
    void shouldRunCommandsThroughDoorbellsAtTheConfiguredStride() {
        try (TestHost h = TestHost.started(TestHost.ramConfig().dstrd(2).build())) {
            TestHost.QueuePair q = h.createIoQueuePair(2, 8);
            for (int i = 0; i < 10; i++) { // wraps the 8-entry queues: SQ tail and CQ head doorbells both decoded
                assertThat(h.read(q, 1, i, 1, h.buffer(4096)).ok()).isTrue();
            }
        }
    }

    @Test
    void shouldIgnoreDoorbellWriteBetweenStridedDoorbells() {
        try (TestHost h = TestHost.started(TestHost.ramConfig().dstrd(1).build())) {
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            q.push(Command.rw(NvmOpcode.READ, 1, 0, 1).data(h.buffer(4096)));
            // 8-byte stride: 4 bytes past SQ 1's tail doorbell is no doorbell (with DSTRD 0 it would be CQ 1's head)
            h.fn.write32(ControllerRegisters.sqTailDoorbell(1, 1) + 4, q.sqTail);
            assertThat(q.poll()).as("misaligned write must not fetch").isNull();
            q.ringSq();
            TestHost.Completion c = q.poll();
            assertThat(c).isNotNull();
            assertThat(c.ok()).isTrue();
        }
    }
}
