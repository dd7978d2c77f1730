package io.nvmebridge.spec.regs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pins register offsets and fields to NVMe 1.4 section 3.1. */
class RegisterLayoutTest {

    @Test
    void registerOffsetsMatchTheSpecification() {
        assertThat(ControllerRegisters.CAP).isEqualTo(0x00);
        assertThat(ControllerRegisters.VS).isEqualTo(0x08);
        assertThat(ControllerRegisters.INTMS).isEqualTo(0x0C);
        assertThat(ControllerRegisters.INTMC).isEqualTo(0x10);
        assertThat(ControllerRegisters.CC).isEqualTo(0x14);
        assertThat(ControllerRegisters.CSTS).isEqualTo(0x1C);
        assertThat(ControllerRegisters.NSSR).isEqualTo(0x20);
        assertThat(ControllerRegisters.AQA).isEqualTo(0x24);
        assertThat(ControllerRegisters.ASQ).isEqualTo(0x28);
        assertThat(ControllerRegisters.ACQ).isEqualTo(0x30);
        assertThat(ControllerRegisters.CMBLOC).isEqualTo(0x38);
        assertThat(ControllerRegisters.CMBSZ).isEqualTo(0x3C);
    }

    @Test
    void shouldPlaceDoorbellsByStride() {
        assertThat(ControllerRegisters.sqTailDoorbell(0, 0)).isEqualTo(0x1000);
        assertThat(ControllerRegisters.cqHeadDoorbell(0, 0)).isEqualTo(0x1004);
        assertThat(ControllerRegisters.sqTailDoorbell(1, 0)).isEqualTo(0x1008);
        assertThat(ControllerRegisters.cqHeadDoorbell(1, 0)).isEqualTo(0x100C);
        assertThat(ControllerRegisters.sqTailDoorbell(1, 2)).isEqualTo(0x1020);
        assertThat(ControllerRegisters.cqHeadDoorbell(3, 1)).isEqualTo(0x1000 + 7 * 8);
    }

    @Test
    void shouldDecodeQemuCapabilities() {
        // QEMU 7.2's CAP for its NVMe controller: MQES 0x7ff, CQR 1, TO 0xf, CSS NVM + admin-only, MPSMAX 4
        long cap = Cap.MQES.of(0x7ff) | Cap.CQR.of(1) | Cap.TO.of(0xf) | Cap.CSS.of(0xC1) | Cap.MPSMAX.of(4);
        assertThat(Cap.MQES.get(cap)).isEqualTo(0x7ff);
        assertThat(Cap.CQR.get(cap)).isEqualTo(1);
        assertThat(Cap.timeoutMillis(cap)).isEqualTo(7500);
        assertThat(Cap.DSTRD.get(cap)).isZero();
        assertThat(cap >>> 37 & 0xff).isEqualTo(0xC1);
    }

    @Test
    void shouldBuildCcFromNamedFields() {
        int cc = Cc.enable(0, 6, 4);
        assertThat(cc).isEqualTo(0x00460001);
        assertThat(Cc.IOSQES.get(cc)).isEqualTo(6);
        assertThat(Cc.IOCQES.get(cc)).isEqualTo(4);
        assertThat(Aqa.of(32, 32)).isEqualTo(0x001F001F);
        assertThat(Vs.V1_4).isEqualTo(0x00010400);
        assertThat(Csts.SHST.get(0b1001)).isEqualTo(2);
    }
}
