package io.nvmebridge.spec.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Pins identify, log page and feature layouts to the NVMe 1.4 base specification's figures. */
class AdminLayoutTest {

    @Test
    void identifyControllerOffsetsMatchFigure247() {
        assertThat(IdentifyController.SIZE).isEqualTo(4096);
        int[][] pinned = {
            {IdentifyController.VID, 0}, {IdentifyController.SSVID, 2}, {IdentifyController.SN, 4},
            {IdentifyController.MN, 24}, {IdentifyController.FR, 64}, {IdentifyController.RAB, 72},
            {IdentifyController.IEEE, 73}, {IdentifyController.CMIC, 76}, {IdentifyController.MDTS, 77},
            {IdentifyController.CNTLID, 78}, {IdentifyController.VER, 80}, {IdentifyController.RTD3R, 84},
            {IdentifyController.RTD3E, 88}, {IdentifyController.OAES, 92}, {IdentifyController.CTRATT, 96},
            {IdentifyController.RRLS, 100}, {IdentifyController.CNTRLTYPE, 111}, {IdentifyController.FGUID, 112},
            {IdentifyController.CRDT1, 128}, {IdentifyController.OACS, 256}, {IdentifyController.ACL, 258},
            {IdentifyController.AERL, 259}, {IdentifyController.FRMW, 260}, {IdentifyController.LPA, 261},
            {IdentifyController.ELPE, 262}, {IdentifyController.NPSS, 263}, {IdentifyController.AVSCC, 264},
            {IdentifyController.APSTA, 265}, {IdentifyController.WCTEMP, 266}, {IdentifyController.CCTEMP, 268},
            {IdentifyController.MTFA, 270}, {IdentifyController.HMPRE, 272}, {IdentifyController.HMMIN, 276},
            {IdentifyController.TNVMCAP, 280}, {IdentifyController.UNVMCAP, 296}, {IdentifyController.RPMBS, 312},
            {IdentifyController.EDSTT, 316}, {IdentifyController.DSTO, 318}, {IdentifyController.FWUG, 319},
            {IdentifyController.KAS, 320}, {IdentifyController.HCTMA, 322}, {IdentifyController.MNTMT, 324},
            {IdentifyController.MXTMT, 326}, {IdentifyController.SANICAP, 328}, {IdentifyController.HMMINDS, 332},
            {IdentifyController.HMMAXD, 336}, {IdentifyController.NSETIDMAX, 338}, {IdentifyController.ENDGIDMAX, 340},
            {IdentifyController.ANATT, 342}, {IdentifyController.ANACAP, 343}, {IdentifyController.ANAGRPMAX, 344},
            {IdentifyController.NANAGRPID, 348}, {IdentifyController.PELS, 352}, {IdentifyController.SQES, 512},
            {IdentifyController.CQES, 513}, {IdentifyController.MAXCMD, 514}, {IdentifyController.NN, 516},
            {IdentifyController.ONCS, 520}, {IdentifyController.FUSES, 522}, {IdentifyController.FNA, 524},
            {IdentifyController.VWC, 525}, {IdentifyController.AWUN, 526}, {IdentifyController.AWUPF, 528},
            {IdentifyController.NVSCC, 530}, {IdentifyController.NWPC, 531}, {IdentifyController.ACWU, 532},
            {IdentifyController.SGLS, 536}, {IdentifyController.MNAN, 540}, {IdentifyController.SUBNQN, 768},
            {IdentifyController.PSD0, 2048}, {IdentifyController.VS, 3072},
        };
        for (int[] p : pinned) {
            assertThat(p[0]).isEqualTo(p[1]);
        }
        assertThat(IdentifyController.psd(31) + PowerStateDescriptor.SIZE).isEqualTo(IdentifyController.VS);
        assertThat(IdentifyController.VS + IdentifyController.VS_LENGTH).isEqualTo(IdentifyController.SIZE);
        assertThat(IdentifyController.OACS_DBBUF_CONFIG).isEqualTo(0x100);
    }

    @Test
    void identifyNamespaceOffsetsMatchFigure245() {
        assertThat(IdentifyNamespace.SIZE).isEqualTo(4096);
        assertThat(IdentifyNamespace.NSZE).isEqualTo(0);
        assertThat(IdentifyNamespace.NCAP).isEqualTo(8);
        assertThat(IdentifyNamespace.NUSE).isEqualTo(16);
        assertThat(IdentifyNamespace.NSFEAT).isEqualTo(24);
        assertThat(IdentifyNamespace.NLBAF).isEqualTo(25);
        assertThat(IdentifyNamespace.FLBAS).isEqualTo(26);
        assertThat(IdentifyNamespace.DLFEAT).isEqualTo(33);
        assertThat(IdentifyNamespace.NOIOB).isEqualTo(46);
        assertThat(IdentifyNamespace.NVMCAP).isEqualTo(48);
        assertThat(IdentifyNamespace.NOWS).isEqualTo(72);
        assertThat(IdentifyNamespace.ANAGRPID).isEqualTo(92);
        assertThat(IdentifyNamespace.NSATTR).isEqualTo(99);
        assertThat(IdentifyNamespace.NGUID).isEqualTo(104);
        assertThat(IdentifyNamespace.EUI64).isEqualTo(120);
        assertThat(IdentifyNamespace.lbaf(0)).isEqualTo(128);
        assertThat(IdentifyNamespace.lbaf(15) + LbaFormat.SIZE).isEqualTo(192);
        assertThat(IdentifyNamespace.VS).isEqualTo(384);
        assertThat(LbaFormat.of(0, 12, 0)).isEqualTo(0x000C0000);
    }

    @Test
    void logPagesMatchFigures194To197() {
        assertThat(ErrorInformationEntry.SIZE).isEqualTo(64);
        assertThat(ErrorInformationEntry.STATUS).isEqualTo(12);
        assertThat(ErrorInformationEntry.LBA).isEqualTo(16);
        assertThat(ErrorInformationEntry.NSID).isEqualTo(24);
        assertThat(ErrorInformationEntry.COMMAND_SPECIFIC).isEqualTo(32);
        assertThat(SmartHealthLog.SIZE).isEqualTo(512);
        assertThat(SmartHealthLog.DATA_UNITS_READ).isEqualTo(32);
        assertThat(SmartHealthLog.HOST_WRITE_COMMANDS).isEqualTo(80);
        assertThat(SmartHealthLog.ERROR_LOG_ENTRIES).isEqualTo(176);
        assertThat(SmartHealthLog.TEMPERATURE_SENSOR1).isEqualTo(200);
        assertThat(SmartHealthLog.TMT2_TOTAL_TIME).isEqualTo(228);
        assertThat(SmartHealthLog.dataUnits(1)).isEqualTo(1);
        assertThat(SmartHealthLog.dataUnits(1000)).isEqualTo(1);
        assertThat(SmartHealthLog.dataUnits(1001)).isEqualTo(2);
        assertThat(FirmwareSlotLog.frs(1)).isEqualTo(8);
        assertThat(FirmwareSlotLog.frs(7)).isEqualTo(56);
    }

    @Test
    void shouldEncodeLogPageAndQueueCommandDwords() {
        assertThat(LogPage.cdw10(LogPage.SMART_HEALTH, 512)).isEqualTo(0x007F0002);
        assertThat(LogPage.length(0x007F0002, 0)).isEqualTo(512);
        assertThat(LogPage.length(0xFFFF0001, 0xFFFF)).isEqualTo(4L << 32);
        assertThat(QueueCommands.createCdw10(3, 1024)).isEqualTo(0x03FF0003);
        assertThat(QueueCommands.entries(0x03FF0003)).isEqualTo(1024);
        assertThat(QueueCommands.createSqCdw11(3, 0)).isEqualTo(0x00030001);
        assertThat(FeatureId.numberOfQueues(4, 4)).isEqualTo(0x00030003);
        assertThat(NvmCommands.slba(0xFFFFFFFF, 1)).isEqualTo(0x1FFFFFFFFL);
        assertThat(AsyncEvent.dw0(AsyncEvent.TYPE_ERROR, AsyncEvent.ERROR_INVALID_DOORBELL_WRITE, LogPage.ERROR_INFORMATION))
                .isEqualTo(0x00010100);
    }

    @Test
    void shouldPadAndTrimAsciiFields() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(20);
            Ascii.put(s, 0, 20, "NVB0001");
            assertThat(s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 19)).isEqualTo((byte) ' ');
            assertThat(Ascii.get(s, 0, 20)).isEqualTo("NVB0001");
            Ascii.put(s, 0, 4, "TOOLONG");
            assertThat(Ascii.get(s, 0, 4)).isEqualTo("TOOL");
        }
    }
}
