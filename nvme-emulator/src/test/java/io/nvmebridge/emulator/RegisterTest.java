package io.nvmebridge.emulator;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.admin.IdentifyCns;
import io.nvmebridge.spec.regs.Aqa;
import io.nvmebridge.spec.regs.Cap;
import io.nvmebridge.spec.regs.Cc;
import io.nvmebridge.spec.regs.ControllerRegisters;
import io.nvmebridge.spec.regs.Csts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegisterTest {

    private static TestHost fresh() {
        return new TestHost(TestHost.ramConfig().build(), 1 << 20);
    }

    /** Programs admin queues of the host's own and writes {@code cc}; returns CSTS. */
    private static int enableWith(TestHost h, int aqa, long asq, long acq, int cc) {
        h.fn.write32(ControllerRegisters.AQA, aqa);
        h.fn.write64(ControllerRegisters.ASQ, asq);
        h.fn.write64(ControllerRegisters.ACQ, acq);
        h.fn.write32(ControllerRegisters.CC, cc);
        return h.fn.read32(ControllerRegisters.CSTS);
    }

    @Test
    void shouldIgnoreWritesToReadOnlyRegisters() {
        try (TestHost h = fresh()) {
            long cap = h.fn.read64(ControllerRegisters.CAP);
            h.fn.write32(ControllerRegisters.CAP, 0);
            h.fn.write64(ControllerRegisters.CAP, 0);
            h.fn.write32(ControllerRegisters.VS, 0);
            h.fn.write32(ControllerRegisters.CSTS, 0xFFFF);
            h.fn.write32(ControllerRegisters.CMBSZ, 0xFFFF);
            h.fn.write32(ControllerRegisters.NSSR, ControllerRegisters.NSSR_RESET_VALUE);
            h.fn.write32(0x18, 1);
            h.fn.write32(0x3, 1); // misaligned
            h.fn.write32(0x7FFF_FFFFL, 1); // far outside BAR0
            assertThat(h.fn.read64(ControllerRegisters.CAP)).isEqualTo(cap);
            assertThat(h.fn.read32(ControllerRegisters.CSTS)).isZero();
            assertThat(h.fn.read32(ControllerRegisters.CMBSZ)).isZero();
            assertThat(h.fn.read32(0x7FFF_FFFFL)).isZero();
        }
    }

    @Test
    void shouldHonourConfiguredCapabilities() {
        EmulatorConfig cfg = TestHost.ramConfig().mqes(0xff).dstrd(2).capTimeout(0x20).build();
        try (TestHost h = new TestHost(cfg, 1 << 20)) {
            long cap = h.fn.read64(ControllerRegisters.CAP);
            assertThat(Cap.MQES.get(cap)).isEqualTo(0xff);
            assertThat(Cap.DSTRD.get(cap)).isEqualTo(2);
            assertThat(Cap.TO.get(cap)).isEqualTo(0x20);
            assertThat(h.fn.read32(ControllerRegisters.CAP + 4)).isEqualTo((int) (cap >>> 32));
        }
    }

    @Test
    void shouldSetAndClearInterruptMask() {
        try (TestHost h = fresh()) {
            h.fn.write32(ControllerRegisters.INTMS, 0b101);
            assertThat(h.fn.read32(ControllerRegisters.INTMS)).isEqualTo(0b101);
            h.fn.write32(ControllerRegisters.INTMC, 0b001);
            assertThat(h.fn.read32(ControllerRegisters.INTMC)).isEqualTo(0b100);
        }
    }

    @Test
    void shouldKeepAdminQueueRegistersAsWritten() {
        try (TestHost h = fresh()) {
            h.fn.write32(ControllerRegisters.ASQ, 0x1000);
            h.fn.write32(ControllerRegisters.ASQ + 4, 0x1);
            assertThat(h.fn.read64(ControllerRegisters.ASQ)).isEqualTo(0x1_0000_1000L);
            h.fn.write64(ControllerRegisters.ACQ, 0x2_0000_2000L);
            assertThat(h.fn.read32(ControllerRegisters.ACQ + 4)).isEqualTo(2);
            h.fn.write32(ControllerRegisters.AQA, Aqa.of(4, 8));
            assertThat(h.fn.read32(ControllerRegisters.AQA)).isEqualTo(Aqa.of(4, 8));
        }
    }

    @Test
    void shouldFailEnableWithUnalignedAdminQueue() {
        try (TestHost h = fresh()) {
            var sq = h.buffer(4096);
            var cq = h.buffer(4096);
            int csts = enableWith(h, Aqa.of(4, 4), sq.deviceAddress() + 64, cq.deviceAddress(), Cc.enable(0, 6, 4));
            assertThat(Csts.RDY.get(csts)).isZero();
            assertThat(Csts.CFS.get(csts)).isEqualTo(1);
        }
    }

    @Test
    void shouldFailEnableWithZeroAdminQueueSizeOrAddress() {
        try (TestHost h = fresh()) {
            var sq = h.buffer(4096);
            var cq = h.buffer(4096);
            assertThat(Csts.RDY.get(enableWith(h, 0, sq.deviceAddress(), cq.deviceAddress(), Cc.enable(0, 6, 4)))).isZero();
            h.fn.write32(ControllerRegisters.CC, 0);
            assertThat(Csts.RDY.get(enableWith(h, Aqa.of(4, 4), 0, cq.deviceAddress(), Cc.enable(0, 6, 4)))).isZero();
            h.fn.write32(ControllerRegisters.CC, 0);
            assertThat(Csts.RDY.get(enableWith(h, Aqa.of(4, 4), sq.deviceAddress(), 0x10_0000_0000L, Cc.enable(0, 6, 4)))).isZero();
        }
    }

    @Test
    void shouldFailEnableWithBadPageSizeOrEntrySizes() {
        try (TestHost h = fresh()) {
            var sq = h.buffer(1 << 16);
            var cq = h.buffer(1 << 16);
            assertThat(Csts.RDY.get(enableWith(h, Aqa.of(4, 4), sq.deviceAddress(), cq.deviceAddress(), Cc.enable(5, 6, 4)))).isZero();
            h.fn.write32(ControllerRegisters.CC, 0);
            assertThat(Csts.RDY.get(enableWith(h, Aqa.of(4, 4), sq.deviceAddress(), cq.deviceAddress(), Cc.enable(0, 7, 4)))).isZero();
            h.fn.write32(ControllerRegisters.CC, 0);
            assertThat(Csts.RDY.get(enableWith(h, Aqa.of(4, 4), sq.deviceAddress(), cq.deviceAddress(), Cc.enable(0, 6, 3)))).isZero();
            h.fn.write32(ControllerRegisters.CC, 0);
            int csts = enableWith(h, Aqa.of(4, 4), sq.deviceAddress(), cq.deviceAddress(), Cc.enable(0, 6, 4));
            assertThat(Csts.RDY.get(csts)).isEqualTo(1);
            assertThat(Csts.CFS.get(csts)).isZero();
        }
    }

    @Test
    void shouldAcceptLargerMemoryPageSize() {
        try (TestHost h = fresh()) {
            var sq = h.mem.allocate(1 << 16, 1 << 16);
            var cq = h.mem.allocate(1 << 16, 1 << 16);
            int csts = enableWith(h, Aqa.of(4, 4), sq.deviceAddress(), cq.deviceAddress(), Cc.enable(4, 6, 4));
            assertThat(Csts.RDY.get(csts)).isEqualTo(1);
        }
    }

    @Test
    void shouldReportShutdownCompleteAndFlush() {
        try (TestHost h = TestHost.started(TestHost.ramConfig().build())) {
            int cc = h.fn.read32(ControllerRegisters.CC);
            h.fn.write32(ControllerRegisters.CC, (int) Cc.SHN.set(cc & 0xFFFFFFFFL, Cc.SHN_NORMAL));
            assertThat(Csts.SHST.get(h.fn.read32(ControllerRegisters.CSTS))).isEqualTo(Csts.SHST_COMPLETE);
            h.fn.write32(ControllerRegisters.CC, cc);
            assertThat(Csts.SHST.get(h.fn.read32(ControllerRegisters.CSTS))).isEqualTo(Csts.SHST_NORMAL);
        }
    }

    @Test
    void shouldDeleteQueuesOnResetAndWorkAfterReEnable() {
        try (TestHost h = TestHost.started(TestHost.ramConfig().build())) {
            h.createIoQueuePair(1, 8);
            h.disable();
            assertThat(h.fn.read32(ControllerRegisters.CSTS) & (int) Csts.RDY.of(1)).isZero();
            h.enable();
            // queue 1 is gone: creating it again succeeds
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            var b = h.buffer(512);
            assertThat(h.read(q, 1, 0, 1, b).status()).isEqualTo(Status.SUCCESS);
            h.identify(IdentifyCns.CONTROLLER, 0);
        }
    }

    @Test
    void shouldIgnoreDoorbellsWhileDisabled() {
        try (TestHost h = fresh()) {
            h.fn.write32(ControllerRegisters.sqTailDoorbell(0, 0), 1);
            h.fn.write32(ControllerRegisters.cqHeadDoorbell(5, 0), 1);
            assertThat(h.fn.read32(ControllerRegisters.CSTS)).isZero();
        }
    }

    @Test
    void shouldPresentNvmeConfigSpace() {
        try (TestHost h = fresh()) {
            assertThat(h.fn.readConfig32(0x08) >>> 8).isEqualTo(0x010802);
            assertThat(h.fn.readConfig32(0x00) & 0xFFFF).isEqualTo(IdentifyData.PCI_VENDOR_ID);
            h.fn.writeConfig32(0x10, 0xFFFFFFFF);
            int sizing = h.fn.readConfig32(0x10) & ~0xF;
            long size = (~sizing + 1) & 0xFFFFFFFFL;
            assertThat(size).isGreaterThanOrEqualTo(h.ctrl.bar0Size());
            assertThat(Long.bitCount(size)).isEqualTo(1);
            assertThat(h.fn.readConfig32(0x10) & 0x6).isEqualTo(0x4); // 64-bit memory BAR
            h.fn.writeConfig32(0x04, 0x6);
            assertThat(h.fn.readConfig32(0x04) & 0x6).isEqualTo(0x6);
            assertThat(h.fn.description()).contains("NVMEBRIDGE0001");
        }
    }

    @Test
    void shouldStopFetchingAfterFatalStatusUntilReset() {
        FaultPlan plan = FaultPlan.of(FaultRule.match().admin().opcode(AdminOpcode.GET_FEATURES).fatal());
        try (TestHost h = TestHost.started(TestHost.ramConfig().faultPlan(plan).build())) {
            assertThat(h.adminCommand(TestHost.Command.of(AdminOpcode.GET_FEATURES).cdw(10, 7))).isNull();
            assertThat(Csts.CFS.get(h.fn.read32(ControllerRegisters.CSTS))).isEqualTo(1);
            assertThat(h.adminCommand(TestHost.Command.of(AdminOpcode.IDENTIFY).cdw(10, 1).data(h.buffer(4096)))).isNull();
            h.disable();
            h.enable();
            assertThat(Csts.CFS.get(h.fn.read32(ControllerRegisters.CSTS))).isZero();
            h.identify(IdentifyCns.CONTROLLER, 0);
        }
    }
}
