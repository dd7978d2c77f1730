package io.nvmebridge.emulator;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.admin.IdentifyCns;
import io.nvmebridge.spec.admin.QueueCommands;
import io.nvmebridge.spec.device.DmaBuffer;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.nvmebridge.emulator.TestHost.Command;
import static org.assertj.core.api.Assertions.assertThat;

class ThreadedModeTest {

    private static EmulatorConfig threaded() {
        return TestHost.ramConfig().mode(EmulatorMode.THREADED).build();
    }

    @Test
    void shouldCompleteIoOnTheWorkerThread() {
        try (TestHost h = TestHost.started(threaded())) {
            h.identify(IdentifyCns.CONTROLLER, 0);
            TestHost.QueuePair q = h.createIoQueuePair(1, 32);
            DmaBuffer out = h.buffer(4096);
            TestHost.fill(out.segment(), 5);
            for (int i = 0; i < 50; i++) {
                assertThat(h.write(q, 1, i * 8L, 8, out).ok()).isTrue();
            }
            DmaBuffer in = h.buffer(4096);
            assertThat(h.read(q, 1, 392, 8, in).ok()).isTrue();
            assertThat(in.segment().mismatch(out.segment())).isEqualTo(-1);
        }
    }

    @Test
    void shouldCompleteABatchSubmittedWithOneDoorbell() {
        try (TestHost h = TestHost.started(threaded())) {
            TestHost.QueuePair q = h.createIoQueuePair(1, 64);
            DmaBuffer b = h.buffer(4096);
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < 32; i++) {
                    q.push(Command.rw(NvmOpcode.READ, 1, i, 1).data(b));
                }
                q.ringSq();
                for (int i = 0; i < 32; i++) {
                    TestHost.Completion c = q.await();
                    assertThat(c).as("completion %d of round %d", i, round).isNotNull();
                    assertThat(c.ok()).isTrue();
                }
            }
        }
    }

    @Test
    void shouldRaiseTheCqVectorWhenInterruptsAreEnabled() throws InterruptedException {
        try (TestHost h = TestHost.started(threaded())) {
            AtomicInteger lastVector = new AtomicInteger(-1);
            CountDownLatch raised = new CountDownLatch(1);
            assertThat(h.fn.setInterruptHandler(v -> {
                if (v == 3) {
                    lastVector.set(v);
                    raised.countDown();
                }
            })).isTrue();
            DmaBuffer cq = h.buffer(4096);
            DmaBuffer sq = h.buffer(4096);
            assertThat(h.adminCommand(Command.of(AdminOpcode.CREATE_IO_CQ).prp1(cq.deviceAddress())
                    .cdw(10, QueueCommands.createCdw10(1, 8)).cdw(11, QueueCommands.createCqCdw11(true, 3))).ok()).isTrue();
            assertThat(h.adminCommand(Command.of(AdminOpcode.CREATE_IO_SQ).prp1(sq.deviceAddress())
                    .cdw(10, QueueCommands.createCdw10(1, 8)).cdw(11, QueueCommands.createSqCdw11(1, 0))).ok()).isTrue();
            Command read = Command.rw(NvmOpcode.READ, 1, 0, 1).data(h.buffer(4096));
            MemorySegment.copy(read.bytes, 0, sq.segment(), 0, 64);
            h.fn.write32(io.nvmebridge.spec.regs.ControllerRegisters.sqTailDoorbell(1, 0), 1);
            assertThat(raised.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(lastVector.get()).isEqualTo(3);
        }
    }

    @Test
    void shouldPollShadowDoorbellsWithoutMmioWrites() {
        try (TestHost h = TestHost.started(threaded())) {
            TestHost.QueuePair q = h.createIoQueuePair(1, 16);
            DmaBuffer dbs = h.buffer(4096);
            DmaBuffer eis = h.buffer(4096);
            assertThat(h.adminCommand(Command.of(AdminOpcode.DOORBELL_BUFFER_CONFIG).prp1(dbs.deviceAddress())
                    .prp2(eis.deviceAddress())).ok()).isTrue();
            var u32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
            var shadowTail = u32.varHandle();
            DmaBuffer b = h.buffer(4096);
            for (int i = 0; i < 5; i++) {
                q.push(Command.rw(NvmOpcode.READ, 1, i, 1).data(b));
            }
            // release: the SQEs above are visible before the device sees the new tail
            shadowTail.setRelease(dbs.segment(), 8L, q.sqTail);
            for (int i = 0; i < 5; i++) {
                long deadline = System.nanoTime() + 10_000_000_000L;
                TestHost.Completion c = null;
                while (c == null && System.nanoTime() < deadline) {
                    long at = (long) q.cqHead * 16;
                    int word = (short) ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle()
                            .getAcquire(q.cq.segment(), at + 14) & 0xFFFF;
                    if ((word & 1) == q.phase) {
                        c = new TestHost.Completion(0, 0, 0, 0, word >>> 1);
                        q.cqHead = (q.cqHead + 1) % q.entries;
                    } else {
                        Thread.onSpinWait();
                    }
                }
                assertThat(c).isNotNull();
                assertThat(c.ok()).isTrue();
                shadowTail.setRelease(dbs.segment(), 12L, q.cqHead);
            }
        }
    }

    @Test
    void shouldDeliverDelayedCompletionsFromTheWorker() {
        EmulatorConfig cfg = TestHost.ramConfig().mode(EmulatorMode.THREADED)
                .faultPlan(FaultPlan.of(FaultRule.match().io().opcode(NvmOpcode.READ).delay(2_000_000))).build();
        try (TestHost h = TestHost.started(cfg)) {
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            TestHost.Completion c = h.read(q, 1, 0, 1, h.buffer(4096));
            assertThat(c).isNotNull();
            assertThat(c.ok()).isTrue();
        }
    }
}
