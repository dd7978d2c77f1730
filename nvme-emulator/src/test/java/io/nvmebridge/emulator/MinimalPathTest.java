package io.nvmebridge.emulator;

import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.admin.Ascii;
import io.nvmebridge.spec.admin.IdentifyCns;
import io.nvmebridge.spec.admin.IdentifyController;
import io.nvmebridge.spec.admin.IdentifyNamespace;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.regs.Cap;
import io.nvmebridge.spec.regs.ControllerRegisters;
import io.nvmebridge.spec.regs.Vs;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.assertj.core.api.Assertions.assertThat;

class MinimalPathTest {

    @Test
    void shouldReportCapabilitiesLikeQemu() {
        try (TestHost h = new TestHost(TestHost.ramConfig().build(), 1 << 20)) {
            long cap = h.fn.read64(ControllerRegisters.CAP);
            assertThat(Cap.MQES.get(cap)).isEqualTo(0x7ff);
            assertThat(Cap.CQR.get(cap)).isEqualTo(1);
            assertThat(Cap.TO.get(cap)).isEqualTo(0xf);
            assertThat(Cap.CSS.get(cap)).isEqualTo(Cap.CSS_NVM);
            assertThat(Cap.MPSMAX.get(cap)).isEqualTo(4);
            assertThat(h.fn.read32(ControllerRegisters.VS)).isEqualTo(Vs.V1_4);
            assertThat(h.fn.read32(ControllerRegisters.CMBSZ)).isZero();
        }
    }

    @Test
    void shouldIdentifyWriteAndReadBack() {
        try (TestHost h = TestHost.started(TestHost.ramConfig().build())) {
            MemorySegment idc = h.identify(IdentifyCns.CONTROLLER, 0);
            assertThat(idc.get(ValueLayout.JAVA_BYTE, IdentifyController.SQES)).isEqualTo((byte) 0x66);
            assertThat(idc.get(ValueLayout.JAVA_BYTE, IdentifyController.CQES)).isEqualTo((byte) 0x44);
            assertThat(idc.get(ValueLayout.JAVA_BYTE, IdentifyController.MDTS)).isEqualTo((byte) 7);
            assertThat(Ascii.get(idc, IdentifyController.SN, IdentifyController.SN_LENGTH)).isEqualTo("NVMEBRIDGE0001");
            MemorySegment idns = h.identify(IdentifyCns.NAMESPACE, 1);
            assertThat(idns.get(ValueLayout.JAVA_LONG_UNALIGNED, IdentifyNamespace.NSZE)).isEqualTo(2048);

            TestHost.QueuePair q = h.createIoQueuePair(1, 16);
            DmaBuffer out = h.buffer(8192);
            TestHost.fill(out.segment(), 7);
            assertThat(h.write(q, 1, 100, 16, out).status()).isEqualTo(Status.SUCCESS);
            DmaBuffer in = h.buffer(8192);
            TestHost.Completion c = h.read(q, 1, 100, 16, in);
            assertThat(c.status()).isEqualTo(Status.SUCCESS);
            assertThat(c.sqid()).isEqualTo(1);
            assertThat(in.segment().mismatch(out.segment())).isEqualTo(-1);
        }
    }
}
