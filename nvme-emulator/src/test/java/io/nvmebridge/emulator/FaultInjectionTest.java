package io.nvmebridge.emulator;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.regs.ControllerRegisters;
import io.nvmebridge.spec.regs.Csts;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static io.nvmebridge.emulator.TestHost.Command;
import static org.assertj.core.api.Assertions.assertThat;

class FaultInjectionTest {

    /** A clock the test moves by hand. */
    static final class ManualClock implements NanoClock {
        long now = 1_000_000;

        @Override
        public long nanoTime() {
            return now;
        }
    }

    private static TestHost host(FaultPlan plan, NanoClock clock) {
        return TestHost.started(TestHost.ramConfig().faultPlan(plan).clock(clock).build());
    }

    @Test
    void shouldFailOnlyTheNthMatchingRead() {
        FaultPlan plan = FaultPlan.of(FaultRule.match().io().opcode(NvmOpcode.READ).nth(3).completeWith(Status.UNRECOVERED_READ_ERROR));
        try (TestHost h = host(plan, NanoClock.SYSTEM)) {
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            DmaBuffer b = h.buffer(4096);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                assertThat(h.write(q, 1, 0, 1, b).ok()).isTrue();
                statuses.add(h.read(q, 1, 0, 1, b).status());
            }
            assertThat(statuses).containsExactly(0, 0, Status.UNRECOVERED_READ_ERROR, 0, 0);
        }
    }

    @Test
    void shouldMatchByLbaRangeAndNamespace() {
        FaultPlan plan = FaultPlan.of(FaultRule.match().nsid(1).lbaRange(100, 109).completeWith(Status.WRITE_FAULT));
        try (TestHost h = host(plan, NanoClock.SYSTEM)) {
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            DmaBuffer b = h.buffer(8192);
            assertThat(h.write(q, 1, 90, 10, b).status()).isZero();
            assertThat(h.write(q, 1, 95, 10, b).status()).isEqualTo(Status.WRITE_FAULT);
            assertThat(h.read(q, 1, 109, 1, b).status()).isEqualTo(Status.WRITE_FAULT);
            assertThat(h.read(q, 1, 110, 4, b).status()).isZero();
            assertThat(q.submit(Command.of(NvmOpcode.FLUSH).nsid(1)).status()).isZero(); // no LBAs: never matches
        }
    }

    @Test
    void shouldFailAdminCommandsOnly() {
        FaultPlan plan = FaultPlan.of(FaultRule.match().admin().opcode(AdminOpcode.IDENTIFY).times(1).completeWith(Status.INTERNAL));
        try (TestHost h = host(plan, NanoClock.SYSTEM)) {
            DmaBuffer b = h.buffer(4096);
            assertThat(h.adminCommand(Command.of(AdminOpcode.IDENTIFY).cdw(10, 1).data(b)).status()).isEqualTo(Status.INTERNAL);
            h.identify(1, 0); // times(1): only once
        }
    }

    @Test
    void shouldDelayCompletionUntilTimePassedAndADoorbellOrPoll() {
        ManualClock clock = new ManualClock();
        FaultPlan plan = FaultPlan.of(FaultRule.match().io().opcode(NvmOpcode.WRITE).delay(1_000_000));
        try (TestHost h = host(plan, clock)) {
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            DmaBuffer b = h.buffer(4096);
            TestHost.fill(b.segment(), 3);
            int cid = q.push(Command.rw(NvmOpcode.WRITE, 1, 0, 8).data(b));
            q.ringSq();
            assertThat(q.poll()).isNull();
            clock.now += 999_999;
            h.fn.poll();
            assertThat(q.poll()).isNull();
            clock.now += 1;
            assertThat(q.poll()).as("due, but nothing processed yet").isNull();
            h.fn.poll();
            TestHost.Completion c = q.poll();
            assertThat(c).isNotNull();
            assertThat(c.cid()).isEqualTo(cid);
            assertThat(c.status()).isZero();
            // the write itself was executed
            DmaBuffer in = h.buffer(4096);
            assertThat(h.read(q, 1, 0, 8, in).ok()).isTrue();
            assertThat(in.segment().mismatch(b.segment())).isEqualTo(-1);
        }
    }

    @Test
    void shouldNeverCompleteDroppedCommands() {
        FaultPlan plan = FaultPlan.of(FaultRule.match().io().nth(1).neverComplete());
        try (TestHost h = host(plan, NanoClock.SYSTEM)) {
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            DmaBuffer b = h.buffer(4096);
            assertThat(h.read(q, 1, 0, 1, b)).isNull();
            assertThat(h.read(q, 1, 0, 1, b).ok()).isTrue();
        }
    }

    @Test
    void shouldCorruptExactlyOneByteOfReadData() {
        FaultPlan plan = FaultPlan.of(FaultRule.match().io().opcode(NvmOpcode.READ).nth(2).corruptData());
        try (TestHost h = host(plan, NanoClock.SYSTEM)) {
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            DmaBuffer out = h.buffer(4096);
            TestHost.fill(out.segment(), 8);
            assertThat(h.write(q, 1, 0, 8, out).ok()).isTrue();
            DmaBuffer good = h.buffer(4096);
            DmaBuffer bad = h.buffer(4096);
            assertThat(h.read(q, 1, 0, 8, good).ok()).isTrue();
            assertThat(h.read(q, 1, 0, 8, bad).ok()).isTrue();
            assertThat(good.segment().mismatch(out.segment())).isEqualTo(-1);
            int differences = 0;
            for (long i = 0; i < 4096; i++) {
                if (bad.segment().get(ValueLayout.JAVA_BYTE, i) != out.segment().get(ValueLayout.JAVA_BYTE, i)) {
                    differences++;
                }
            }
            assertThat(differences).isEqualTo(1);
        }
    }

    @Test
    void shouldSetFatalStatusAndStopProcessing() {
        FaultPlan plan = FaultPlan.of(FaultRule.match().io().opcode(NvmOpcode.WRITE).fatal());
        try (TestHost h = host(plan, NanoClock.SYSTEM)) {
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            DmaBuffer b = h.buffer(4096);
            assertThat(h.write(q, 1, 0, 1, b)).isNull();
            assertThat(Csts.CFS.get(h.fn.read32(ControllerRegisters.CSTS))).isEqualTo(1);
            assertThat(h.read(q, 1, 0, 1, b)).isNull();
        }
    }

    /** Which of 200 reads fail under a seeded probability rule. */
    private static List<Integer> failuresWithSeed(long seed) {
        FaultPlan plan = FaultPlan.builder().seed(seed)
                .rule(FaultRule.match().io().opcode(NvmOpcode.READ).probability(0.25).completeWith(Status.UNRECOVERED_READ_ERROR))
                .build();
        List<Integer> failed = new ArrayList<>();
        try (TestHost h = host(plan, NanoClock.SYSTEM)) {
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            DmaBuffer b = h.buffer(4096);
            for (int i = 0; i < 200; i++) {
                if (!h.read(q, 1, 0, 1, b).ok()) {
                    failed.add(i);
                }
            }
        }
        return failed;
    }

    @Test
    void shouldBeDeterministicForASeed() {
        List<Integer> a = failuresWithSeed(42);
        List<Integer> b = failuresWithSeed(42);
        List<Integer> c = failuresWithSeed(43);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        assertThat(a.size()).isBetween(25, 75);
    }

    @Test
    void shouldAbortDelayedCommandsWhenTheirQueueIsDeleted() {
        ManualClock clock = new ManualClock();
        FaultPlan plan = FaultPlan.of(FaultRule.match().io().delay(5_000_000));
        try (TestHost h = host(plan, clock)) {
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            int cid = q.push(Command.rw(NvmOpcode.READ, 1, 0, 1).data(h.buffer(4096)));
            q.ringSq();
            assertThat(h.adminCommand(Command.of(AdminOpcode.DELETE_IO_SQ).cdw(10, 1)).ok()).isTrue();
            TestHost.Completion c = q.poll();
            assertThat(c).isNotNull();
            assertThat(c.cid()).isEqualTo(cid);
            assertThat(c.status()).isEqualTo(Status.ABORT_SQ_DELETED);
        }
    }

    @Test
    void shouldDropInFlightWorkOnReset() {
        ManualClock clock = new ManualClock();
        FaultPlan plan = FaultPlan.of(FaultRule.match().io().delay(5_000_000));
        try (TestHost h = host(plan, clock)) {
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            DmaBuffer b = h.buffer(4096);
            for (int i = 0; i < 4; i++) {
                q.push(Command.rw(NvmOpcode.READ, 1, i, 1).data(b));
            }
            q.ringSq();
            h.disable();
            MemorySegment oldCq = q.cq.segment();
            h.enable();
            clock.now += 10_000_000;
            h.fn.poll();
            assertThat(oldCq.get(ValueLayout.JAVA_SHORT_UNALIGNED, 14) & 1).as("no completion after reset").isZero();
            TestHost.QueuePair fresh = h.createIoQueuePair(1, 8);
            int cid = fresh.push(Command.rw(NvmOpcode.READ, 1, 0, 1).data(b));
            fresh.ringSq();
            clock.now += 10_000_000;
            h.fn.poll();
            TestHost.Completion c = fresh.poll();
            assertThat(c).isNotNull();
            assertThat(c.cid()).isEqualTo(cid);
            assertThat(fresh.poll()).isNull();
        }
    }

    @Test
    void shouldDescribeRules() {
        FaultRule r = FaultRule.match().io().opcode(NvmOpcode.READ).lbaRange(1, 2).nth(3).completeWith(Status.WRITE_FAULT);
        assertThat(r.toString()).contains("IO", "opc=0x2", "lba=1..2", "nth=3", "WRITE_FAULT");
    }
}
