package io.nvmebridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorMode;
import io.nvmebridge.emulator.FaultPlan;
import io.nvmebridge.emulator.FaultRule;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.device.DmaBuffer;
import org.junit.jupiter.api.Test;

/** The SQPOLL sleep/wake protocol: NEED_WAKEUP + SQ tail futex, CQ waiter bit + CQ tail futex. */
class SqPollWakeupTest {

    @Test
    void shouldWakeASleepingBridgeThreadOnSubmit() {
        try (NvmeBridge bridge = EmulatorFixture.openBridge();
             Ring ring = bridge.openRing(RingOptions.defaults().withPath(ForwardingPath.SQPOLL).withSqThreadIdleMs(1))) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!ring.sqNeedsWakeup() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(ring.sqNeedsWakeup()).as("idle bridge thread asks to be woken").isTrue();
            for (int round = 0; round < 20; round++) {
                ring.prepNop(round);
                ring.submit();
                assertThat(Collected.reap(ring, 1).res(round)).isZero();
                while (!ring.sqNeedsWakeup() && System.nanoTime() < deadline) {
                    Thread.onSpinWait(); // let it fall asleep again
                }
            }
        }
    }

    @Test
    void shouldWakeAClientSleepingOnTheCqTail() {
        // reads take 30 ms on a threaded device: the client sleeps on the CQ tail futex meanwhile
        var cfg = EmulatorFixture.config(EmulatorMode.THREADED).toBuilder()
                .faultPlan(FaultPlan.of(FaultRule.match().io().opcode(NvmOpcode.READ).delay(30_000_000L))).build();
        var fn = EmulatedNvmeFunction.open(cfg, 64L << 20);
        try (NvmeBridge bridge = NvmeBridge.of(NvmeController.open(fn, EmulatorFixture.driverOptions()), true);
             Ring ring = bridge.openRing(RingOptions.defaults().withPath(ForwardingPath.SQPOLL))) {
            DmaBuffer buf = ring.allocateBuffer(4096);
            for (int i = 0; i < 3; i++) {
                ring.prepRead(EmulatorFixture.RAM_NS, buf.segment(), 0, i);
                ring.submit();
                ring.waitCqes(1);
                assertThat(Collected.reap(ring, 1).res(i)).isEqualTo(4096);
            }
        }
    }
}
