package io.nvmebridge.emulator;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.admin.Ascii;
import io.nvmebridge.spec.admin.ErrorInformationEntry;
import io.nvmebridge.spec.admin.FeatureId;
import io.nvmebridge.spec.admin.FirmwareSlotLog;
import io.nvmebridge.spec.admin.IdentifyCns;
import io.nvmebridge.spec.admin.IdentifyController;
import io.nvmebridge.spec.admin.IdentifyNamespace;
import io.nvmebridge.spec.admin.LogPage;
import io.nvmebridge.spec.admin.QueueCommands;
import io.nvmebridge.spec.admin.SmartHealthLog;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.regs.Vs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static io.nvmebridge.emulator.TestHost.Command;
import static org.assertj.core.api.Assertions.assertThat;

class AdminCommandTest {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private TestHost h;

    @BeforeEach
    void start() {
        h = TestHost.started(EmulatorConfig.builder()
                .namespace(NamespaceConfig.ram(1, 2048, 512))
                .namespace(NamespaceConfig.nullDevice(3, 1 << 20, 4096))
                .maxIoQueuePairs(8)
                .build());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private int status(Command c) {
        TestHost.Completion done = h.adminCommand(c);
        assertThat(done).as("completion").isNotNull();
        return done.status();
    }

    private Command createCq(int qid, int entries, long base, int cdw11) {
        return Command.of(AdminOpcode.CREATE_IO_CQ).prp1(base).cdw(10, QueueCommands.createCdw10(qid, entries)).cdw(11, cdw11);
    }

    private Command createSq(int qid, int entries, long base, int cqid) {
        return Command.of(AdminOpcode.CREATE_IO_SQ).prp1(base).cdw(10, QueueCommands.createCdw10(qid, entries))
                .cdw(11, QueueCommands.createSqCdw11(cqid, 0));
    }

    // ---------------------------------------------------------------- Identify

    @Test
    void shouldIdentifyControllerWithQemuCapabilityFields() {
        MemorySegment s = h.identify(IdentifyCns.CONTROLLER, 0);
        assertThat(s.get(U32, IdentifyController.VER)).isEqualTo(Vs.V1_4);
        assertThat(s.get(U32, IdentifyController.NN)).isEqualTo(256);
        assertThat(s.get(U16, IdentifyController.OACS) & IdentifyController.OACS_DBBUF_CONFIG).isNotZero();
        assertThat(s.get(U16, IdentifyController.ONCS)).isEqualTo((short) (IdentifyController.ONCS_COMPARE
                | IdentifyController.ONCS_DSM | IdentifyController.ONCS_WRITE_ZEROES | IdentifyController.ONCS_SAVE_FEATURES
                | IdentifyController.ONCS_TIMESTAMP));
        assertThat(s.get(ValueLayout.JAVA_BYTE, IdentifyController.VWC) & IdentifyController.VWC_PRESENT).isEqualTo(1);
        assertThat(s.get(ValueLayout.JAVA_BYTE, IdentifyController.AERL)).isEqualTo((byte) 3);
        assertThat(s.get(ValueLayout.JAVA_BYTE, IdentifyController.LPA) & IdentifyController.LPA_SMART_PER_NS).isEqualTo(1);
        assertThat(Ascii.get(s, IdentifyController.MN, IdentifyController.MN_LENGTH)).isEqualTo("nvme-bridge emulated controller");
        assertThat(Ascii.get(s, IdentifyController.FR, IdentifyController.FR_LENGTH)).isEqualTo("0.1");
    }

    @Test
    void shouldIdentifyNamespacesWithTheirFormat() {
        MemorySegment ns1 = h.identify(IdentifyCns.NAMESPACE, 1);
        assertThat(ns1.get(U64, IdentifyNamespace.NSZE)).isEqualTo(2048);
        assertThat(ns1.get(ValueLayout.JAVA_BYTE, IdentifyNamespace.FLBAS) & 0xF).isEqualTo(0);
        assertThat(ns1.get(ValueLayout.JAVA_BYTE, IdentifyNamespace.lbaf(0) + 2)).isEqualTo((byte) 9);
        MemorySegment ns3 = h.identify(IdentifyCns.NAMESPACE, 3);
        assertThat(ns3.get(U64, IdentifyNamespace.NCAP)).isEqualTo(1 << 20);
        assertThat(ns3.get(ValueLayout.JAVA_BYTE, IdentifyNamespace.FLBAS) & 0xF).isEqualTo(1);
        assertThat(ns3.get(ValueLayout.JAVA_BYTE, IdentifyNamespace.lbaf(1) + 2)).isEqualTo((byte) 12);
    }

    @Test
    void shouldReturnZeroesForInactiveNamespace() {
        MemorySegment s = h.identify(IdentifyCns.NAMESPACE, 2);
        assertThat(s.mismatch(MemorySegment.ofArray(new byte[4096]))).isEqualTo(-1);
    }

    @Test
    void shouldRejectIdentifyNamespaceWithInvalidNsid() {
        DmaBuffer b = h.buffer(4096);
        assertThat(status(Command.of(AdminOpcode.IDENTIFY).nsid(0).data(b).cdw(10, IdentifyCns.NAMESPACE)))
                .isEqualTo(Status.INVALID_NAMESPACE | Status.DNR);
        assertThat(status(Command.of(AdminOpcode.IDENTIFY).nsid(-1).data(b).cdw(10, IdentifyCns.NAMESPACE)))
                .isEqualTo(Status.INVALID_NAMESPACE | Status.DNR);
        assertThat(status(Command.of(AdminOpcode.IDENTIFY).nsid(257).data(b).cdw(10, IdentifyCns.NAMESPACE)))
                .isEqualTo(Status.INVALID_NAMESPACE | Status.DNR);
    }

    @Test
    void shouldListActiveNamespacesAboveTheGivenId() {
        MemorySegment all = h.identify(IdentifyCns.ACTIVE_NAMESPACE_LIST, 0);
        assertThat(all.get(U32, 0)).isEqualTo(1);
        assertThat(all.get(U32, 4)).isEqualTo(3);
        assertThat(all.get(U32, 8)).isEqualTo(0);
        MemorySegment above1 = h.identify(IdentifyCns.ACTIVE_NAMESPACE_LIST, 1);
        assertThat(above1.get(U32, 0)).isEqualTo(3);
        assertThat(status(Command.of(AdminOpcode.IDENTIFY).nsid(0xFFFFFFFE).data(h.buffer(4096))
                .cdw(10, IdentifyCns.ACTIVE_NAMESPACE_LIST))).isEqualTo(Status.INVALID_NAMESPACE | Status.DNR);
    }

    @Test
    void shouldDescribeNamespaceWithUuidAndCsi() {
        MemorySegment d = h.identify(IdentifyCns.NAMESPACE_DESCRIPTOR_LIST, 1);
        assertThat(d.get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) IdentifyCns.NIDT_UUID);
        assertThat(d.get(ValueLayout.JAVA_BYTE, 1)).isEqualTo((byte) IdentifyCns.NIDL_UUID);
        assertThat(d.get(ValueLayout.JAVA_BYTE, 20)).isEqualTo((byte) IdentifyCns.NIDT_CSI);
        assertThat(status(Command.of(AdminOpcode.IDENTIFY).nsid(2).data(h.buffer(4096))
                .cdw(10, IdentifyCns.NAMESPACE_DESCRIPTOR_LIST))).isEqualTo(Status.INVALID_FIELD | Status.DNR);
    }

    @Test
    void shouldRejectUnknownCns() {
        assertThat(status(Command.of(AdminOpcode.IDENTIFY).data(h.buffer(4096)).cdw(10, 0x42)))
                .isEqualTo(Status.INVALID_FIELD | Status.DNR);
    }

    @Test
    void shouldRejectIdentifyIntoUnmappedMemory() {
        assertThat(status(Command.of(AdminOpcode.IDENTIFY).prp1(0x1000).cdw(10, IdentifyCns.CONTROLLER)))
                .isEqualTo(Status.DATA_TRANSFER_ERROR);
    }

    // ---------------------------------------------------------------- generic admin checks

    @Test
    void shouldRejectUnsupportedAdminOpcode() {
        assertThat(status(Command.of(AdminOpcode.FORMAT_NVM))).isEqualTo(Status.INVALID_OPCODE | Status.DNR);
        assertThat(status(Command.of(0xFF))).isEqualTo(Status.INVALID_OPCODE | Status.DNR);
    }

    @Test
    void shouldRejectSglAndFusedAdminCommands() {
        assertThat(status(Command.of(AdminOpcode.IDENTIFY).flags(0x40).data(h.buffer(4096)).cdw(10, 1)))
                .isEqualTo(Status.INVALID_FIELD | Status.DNR);
        assertThat(status(Command.of(AdminOpcode.IDENTIFY).flags(0x01).data(h.buffer(4096)).cdw(10, 1)))
                .isEqualTo(Status.INVALID_FIELD);
    }

    // ---------------------------------------------------------------- queues

    @Test
    void shouldRejectCreateCqWithInvalidQid() {
        DmaBuffer b = h.buffer(4096);
        int cdw11 = QueueCommands.createCqCdw11(false, 0);
        assertThat(status(createCq(0, 8, b.deviceAddress(), cdw11))).isEqualTo(Status.INVALID_QUEUE_IDENTIFIER | Status.DNR);
        assertThat(status(createCq(9, 8, b.deviceAddress(), cdw11))).isEqualTo(Status.INVALID_QUEUE_IDENTIFIER | Status.DNR);
        assertThat(status(createCq(1, 8, b.deviceAddress(), cdw11))).isEqualTo(Status.SUCCESS);
        assertThat(status(createCq(1, 8, b.deviceAddress(), cdw11))).isEqualTo(Status.INVALID_QUEUE_IDENTIFIER | Status.DNR);
    }

    @Test
    void shouldRejectCreateCqWithInvalidSizeOffsetVectorOrPc() {
        DmaBuffer b = h.buffer(4096);
        long base = b.deviceAddress();
        assertThat(status(createCq(1, 1, base, QueueCommands.createCqCdw11(false, 0))))
                .isEqualTo(Status.INVALID_QUEUE_SIZE | Status.DNR);
        assertThat(status(createCq(1, 0x801, base, QueueCommands.createCqCdw11(false, 0))))
                .isEqualTo(Status.INVALID_QUEUE_SIZE | Status.DNR);
        assertThat(status(createCq(1, 8, base + 16, QueueCommands.createCqCdw11(false, 0))))
                .isEqualTo(Status.PRP_INVALID_OFFSET | Status.DNR);
        assertThat(status(createCq(1, 8, base, QueueCommands.createCqCdw11(true, 9))))
                .isEqualTo(Status.INVALID_INTERRUPT_VECTOR | Status.DNR);
        assertThat(status(createCq(1, 8, base, 0))).isEqualTo(Status.INVALID_FIELD | Status.DNR);
        assertThat(status(createCq(1, 8, 0x2000, QueueCommands.createCqCdw11(false, 0))))
                .isEqualTo(Status.DATA_TRANSFER_ERROR | Status.DNR);
        // no interrupt handler registered (the emulator's MSI-X disabled): only vector 0 exists, as in QEMU
        assertThat(status(createCq(1, 8, base, QueueCommands.createCqCdw11(true, 1))))
                .isEqualTo(Status.INVALID_INTERRUPT_VECTOR | Status.DNR);
        assertThat(status(createCq(1, 0x800, h.buffer(0x800 * 16).deviceAddress(), QueueCommands.createCqCdw11(true, 0))))
                .isEqualTo(Status.SUCCESS);
    }

    @Test
    void shouldRejectCreateSqWithInvalidCqQidSizeOffsetOrPc() {
        DmaBuffer cq = h.buffer(4096);
        DmaBuffer sq = h.buffer(4096);
        assertThat(status(createSq(1, 8, sq.deviceAddress(), 1))).isEqualTo(Status.COMPLETION_QUEUE_INVALID | Status.DNR);
        assertThat(status(createSq(1, 8, sq.deviceAddress(), 0))).isEqualTo(Status.COMPLETION_QUEUE_INVALID | Status.DNR);
        assertThat(status(createCq(1, 8, cq.deviceAddress(), QueueCommands.createCqCdw11(false, 0)))).isZero();
        assertThat(status(createSq(0, 8, sq.deviceAddress(), 1))).isEqualTo(Status.INVALID_QUEUE_IDENTIFIER | Status.DNR);
        assertThat(status(createSq(9, 8, sq.deviceAddress(), 1))).isEqualTo(Status.INVALID_QUEUE_IDENTIFIER | Status.DNR);
        assertThat(status(createSq(1, 1, sq.deviceAddress(), 1))).isEqualTo(Status.INVALID_QUEUE_SIZE | Status.DNR);
        assertThat(status(createSq(1, 8, sq.deviceAddress() + 64, 1))).isEqualTo(Status.PRP_INVALID_OFFSET | Status.DNR);
        assertThat(status(Command.of(AdminOpcode.CREATE_IO_SQ).prp1(sq.deviceAddress())
                .cdw(10, QueueCommands.createCdw10(1, 8)).cdw(11, 1 << 16))).isEqualTo(Status.INVALID_FIELD | Status.DNR);
        assertThat(status(createSq(1, 8, sq.deviceAddress(), 1))).isZero();
        assertThat(status(createSq(1, 8, sq.deviceAddress(), 1))).isEqualTo(Status.INVALID_QUEUE_IDENTIFIER | Status.DNR);
    }

    @Test
    void shouldRefuseToDeleteCqStillInUseAndDeleteInOrder() {
        TestHost.QueuePair q = h.createIoQueuePair(2, 8);
        assertThat(status(Command.of(AdminOpcode.DELETE_IO_CQ).cdw(10, 2))).isEqualTo(Status.INVALID_QUEUE_DELETION);
        assertThat(status(Command.of(AdminOpcode.DELETE_IO_SQ).cdw(10, 2))).isZero();
        assertThat(status(Command.of(AdminOpcode.DELETE_IO_SQ).cdw(10, 2))).isEqualTo(Status.INVALID_QUEUE_IDENTIFIER | Status.DNR);
        assertThat(status(Command.of(AdminOpcode.DELETE_IO_CQ).cdw(10, 2))).isZero();
        assertThat(status(Command.of(AdminOpcode.DELETE_IO_CQ).cdw(10, 2))).isEqualTo(Status.COMPLETION_QUEUE_INVALID | Status.DNR);
        assertThat(status(Command.of(AdminOpcode.DELETE_IO_SQ).cdw(10, 0))).isEqualTo(Status.INVALID_QUEUE_IDENTIFIER | Status.DNR);
        assertThat(status(Command.of(AdminOpcode.DELETE_IO_CQ).cdw(10, 0))).isEqualTo(Status.COMPLETION_QUEUE_INVALID | Status.DNR);
        assertThat(q.qid).isEqualTo(2);
    }

    @Test
    void shouldShareOneCqBetweenTwoSqs() {
        TestHost.QueuePair q = h.createIoQueuePair(1, 8);
        DmaBuffer sq2 = h.buffer(4096);
        assertThat(status(createSq(2, 8, sq2.deviceAddress(), 1))).isZero();
        assertThat(status(Command.of(AdminOpcode.DELETE_IO_SQ).cdw(10, 1))).isZero();
        assertThat(status(Command.of(AdminOpcode.DELETE_IO_CQ).cdw(10, 1))).isEqualTo(Status.INVALID_QUEUE_DELETION);
        assertThat(q.entries).isEqualTo(8);
    }

    // ---------------------------------------------------------------- features

    private TestHost.Completion getFeature(int fid, int sel, int dw11) {
        return h.adminCommand(Command.of(AdminOpcode.GET_FEATURES).cdw(10, fid | sel << 8).cdw(11, dw11));
    }

    private TestHost.Completion setFeature(int fid, int dw11, boolean save) {
        return h.adminCommand(Command.of(AdminOpcode.SET_FEATURES).cdw(10, fid | (save ? 1 << 31 : 0)).cdw(11, dw11));
    }

    @Test
    void shouldReportNumberOfQueuesAndRefuseChangeAfterQueuesExist() {
        TestHost.Completion set = setFeature(FeatureId.NUMBER_OF_QUEUES, FeatureId.numberOfQueues(4, 4), false);
        assertThat(set.status()).isZero();
        assertThat(set.dw0()).isEqualTo(FeatureId.numberOfQueues(8, 8));
        assertThat(getFeature(FeatureId.NUMBER_OF_QUEUES, 0, 0).dw0()).isEqualTo(FeatureId.numberOfQueues(8, 8));
        assertThat(setFeature(FeatureId.NUMBER_OF_QUEUES, 0xFFFF, false).status()).isEqualTo(Status.INVALID_FIELD | Status.DNR);
        h.createIoQueuePair(1, 4);
        assertThat(setFeature(FeatureId.NUMBER_OF_QUEUES, 0, false).status()).isEqualTo(Status.COMMAND_SEQUENCE_ERROR | Status.DNR);
    }

    @Test
    void shouldSetAndGetVolatileWriteCacheArbitrationCoalescingAndAsyncConfig() {
        assertThat(getFeature(FeatureId.VOLATILE_WRITE_CACHE, 0, 0).dw0()).isEqualTo(1);
        assertThat(setFeature(FeatureId.VOLATILE_WRITE_CACHE, 0, false).status()).isZero();
        assertThat(getFeature(FeatureId.VOLATILE_WRITE_CACHE, 0, 0).dw0()).isEqualTo(0);
        assertThat(getFeature(FeatureId.VOLATILE_WRITE_CACHE, FeatureId.SEL_DEFAULT, 0).dw0()).isEqualTo(1);
        assertThat(setFeature(FeatureId.ARBITRATION, 0x03, false).status()).isZero();
        assertThat(getFeature(FeatureId.ARBITRATION, 0, 0).dw0()).isEqualTo(3);
        assertThat(getFeature(FeatureId.ARBITRATION, FeatureId.SEL_SAVED, 0).dw0()).isEqualTo(7);
        assertThat(setFeature(FeatureId.INTERRUPT_COALESCING, 0x0A05, false).status()).isZero();
        assertThat(getFeature(FeatureId.INTERRUPT_COALESCING, 0, 0).dw0()).isEqualTo(0x0A05);
        assertThat(setFeature(FeatureId.ASYNC_EVENT_CONFIGURATION, 0xFF, false).status()).isZero();
        assertThat(getFeature(FeatureId.ASYNC_EVENT_CONFIGURATION, 0, 0).dw0()).isEqualTo(0xFF);
    }

    @Test
    void shouldHandleTemperatureThresholds() {
        assertThat(getFeature(FeatureId.TEMPERATURE_THRESHOLD, 0, 0).dw0()).isEqualTo(EmulatedController.TEMPERATURE_WARNING);
        assertThat(getFeature(FeatureId.TEMPERATURE_THRESHOLD, 0, 1 << 20).dw0()).isEqualTo(0);
        assertThat(setFeature(FeatureId.TEMPERATURE_THRESHOLD, 350, false).status()).isZero();
        assertThat(getFeature(FeatureId.TEMPERATURE_THRESHOLD, 0, 0).dw0()).isEqualTo(350);
        assertThat(getFeature(FeatureId.TEMPERATURE_THRESHOLD, 0, 2 << 20).status()).isEqualTo(Status.INVALID_FIELD | Status.DNR);
        assertThat(setFeature(FeatureId.TEMPERATURE_THRESHOLD, 2 << 20, false).status()).isEqualTo(Status.INVALID_FIELD | Status.DNR);
    }

    @Test
    void shouldAnswerSupportedCapabilitiesAndRejectSaveAndUnknownFeatures() {
        assertThat(getFeature(FeatureId.VOLATILE_WRITE_CACHE, FeatureId.SEL_SUPPORTED_CAPABILITIES, 0).dw0())
                .isEqualTo(FeatureCommands.FEATURE_CAP_CHANGEABLE);
        assertThat(getFeature(FeatureId.INTERRUPT_VECTOR_CONFIGURATION, FeatureId.SEL_SUPPORTED_CAPABILITIES, 0).dw0()).isZero();
        assertThat(setFeature(FeatureId.VOLATILE_WRITE_CACHE, 1, true).status()).isEqualTo(Status.FEATURE_NOT_SAVEABLE | Status.DNR);
        assertThat(setFeature(FeatureId.INTERRUPT_VECTOR_CONFIGURATION, 1, false).status())
                .isEqualTo(Status.FEATURE_NOT_CHANGEABLE | Status.DNR);
        assertThat(getFeature(FeatureId.HOST_MEMORY_BUFFER, 0, 0).status()).isEqualTo(Status.INVALID_FIELD | Status.DNR);
        assertThat(setFeature(FeatureId.KEEP_ALIVE_TIMER, 1, false).status()).isEqualTo(Status.INVALID_FIELD | Status.DNR);
        assertThat(getFeature(FeatureId.ARBITRATION, 5, 0).status()).isEqualTo(Status.INVALID_FIELD | Status.DNR);
        assertThat(h.adminCommand(Command.of(AdminOpcode.SET_FEATURES).nsid(1).cdw(10, FeatureId.ARBITRATION)).status())
                .isEqualTo(Status.FEATURE_NOT_PER_NAMESPACE | Status.DNR);
        assertThat(h.adminCommand(Command.of(AdminOpcode.SET_FEATURES).nsid(300).cdw(10, FeatureId.ARBITRATION)).status())
                .isEqualTo(Status.INVALID_NAMESPACE | Status.DNR);
    }

    @Test
    void shouldKeepHostTimestampAdvancing() {
        FaultInjectionTest.ManualClock clock = new FaultInjectionTest.ManualClock();
        try (TestHost t = TestHost.started(TestHost.ramConfig().clock(clock).build())) {
            DmaBuffer b = t.buffer(4096);
            clock.now += 5_000_000;
            assertThat(t.adminCommand(Command.of(AdminOpcode.GET_FEATURES).data(b).cdw(10, FeatureId.TIMESTAMP)).ok()).isTrue();
            assertThat(b.segment().get(U64, 0)).isEqualTo(5); // 5 ms since enable, origin 0
            b.segment().set(U64, 0, 1_700_000_000_000L);
            assertThat(t.adminCommand(Command.of(AdminOpcode.SET_FEATURES).data(b).cdw(10, FeatureId.TIMESTAMP)).ok()).isTrue();
            clock.now += 2_000_000;
            assertThat(t.adminCommand(Command.of(AdminOpcode.GET_FEATURES).data(b).cdw(10, FeatureId.TIMESTAMP)).ok()).isTrue();
            long ts = b.segment().get(U64, 0);
            assertThat(ts & 0xFFFF_FFFF_FFFFL).isEqualTo(1_700_000_000_002L);
            assertThat((ts >>> 49) & 7).isEqualTo(1);
            assertThat(t.adminCommand(Command.of(AdminOpcode.GET_FEATURES).prp1(0x1000).cdw(10, FeatureId.TIMESTAMP)).status())
                    .isEqualTo(Status.DATA_TRANSFER_ERROR);
        }
    }

    @Test
    void shouldReportInterruptVectorConfiguration() {
        assertThat(getFeature(FeatureId.INTERRUPT_VECTOR_CONFIGURATION, 0, 0).dw0()).isEqualTo(1 << 16);
        assertThat(getFeature(FeatureId.INTERRUPT_VECTOR_CONFIGURATION, 0, 3).dw0()).isEqualTo(3);
        assertThat(getFeature(FeatureId.INTERRUPT_VECTOR_CONFIGURATION, 0, 9).status()).isEqualTo(Status.INVALID_FIELD | Status.DNR);
    }

    @Test
    void shouldRestoreFeatureDefaultsOnReset() {
        setFeature(FeatureId.ARBITRATION, 1, false);
        h.disable();
        h.enable();
        assertThat(getFeature(FeatureId.ARBITRATION, 0, 0).dw0()).isEqualTo(7);
    }

    // ---------------------------------------------------------------- log pages

    private TestHost.Completion getLog(int lid, int nsid, int bytes, long offset, boolean rae, DmaBuffer b) {
        return h.adminCommand(Command.of(AdminOpcode.GET_LOG_PAGE).nsid(nsid).data(b)
                .cdw(10, LogPage.cdw10(lid, bytes) | (rae ? 1 << 15 : 0)).cdw(11, LogPage.cdw11(bytes))
                .cdw(12, (int) offset).cdw(13, (int) (offset >>> 32)));
    }

    @Test
    void shouldCountReadsAndWritesInSmartLog() {
        TestHost.QueuePair q = h.createIoQueuePair(1, 8);
        DmaBuffer data = h.buffer(8192);
        for (int i = 0; i < 3; i++) {
            assertThat(h.write(q, 1, 0, 16, data).ok()).isTrue();
        }
        assertThat(h.read(q, 1, 0, 8, data).ok()).isTrue();
        assertThat(h.read(q, 3, 0, 2, data).ok()).isTrue(); // 2 × 4 KiB on the NULL namespace
        DmaBuffer log = h.buffer(4096);
        assertThat(getLog(LogPage.SMART_HEALTH, -1, 512, 0, false, log).status()).isZero();
        MemorySegment s = log.segment();
        assertThat(s.get(U64, SmartHealthLog.HOST_WRITE_COMMANDS)).isEqualTo(3);
        assertThat(s.get(U64, SmartHealthLog.HOST_READ_COMMANDS)).isEqualTo(2);
        assertThat(s.get(U64, SmartHealthLog.DATA_UNITS_WRITTEN)).isEqualTo(SmartHealthLog.dataUnits(48));
        assertThat(s.get(U64, SmartHealthLog.DATA_UNITS_READ)).isEqualTo(SmartHealthLog.dataUnits(8 + 16));
        assertThat(s.get(U16, SmartHealthLog.COMPOSITE_TEMPERATURE)).isEqualTo((short) 323);
        // per namespace
        assertThat(getLog(LogPage.SMART_HEALTH, 3, 512, 0, false, log).status()).isZero();
        assertThat(s.get(U64, SmartHealthLog.HOST_WRITE_COMMANDS)).isEqualTo(0);
        assertThat(s.get(U64, SmartHealthLog.HOST_READ_COMMANDS)).isEqualTo(1);
        assertThat(getLog(LogPage.SMART_HEALTH, 2, 512, 0, false, log).status()).isEqualTo(Status.INVALID_NAMESPACE | Status.DNR);
    }

    @Test
    void shouldKeepErrorLogRingNewestFirst() {
        TestHost.QueuePair q = h.createIoQueuePair(1, 8);
        DmaBuffer data = h.buffer(4096);
        for (int i = 0; i < 20; i++) {
            assertThat(h.read(q, 1, 5000 + i, 1, data).status()).isEqualTo(Status.LBA_OUT_OF_RANGE | Status.DNR);
        }
        DmaBuffer log = h.buffer(4096);
        int bytes = ErrorLog.ENTRIES * ErrorInformationEntry.SIZE;
        assertThat(getLog(LogPage.ERROR_INFORMATION, 0, bytes, 0, false, log).status()).isZero();
        MemorySegment s = log.segment();
        assertThat(s.get(U64, ErrorInformationEntry.ERROR_COUNT)).isEqualTo(20);
        assertThat(s.get(U16, ErrorInformationEntry.SQID)).isEqualTo((short) 1);
        assertThat((s.get(U16, ErrorInformationEntry.STATUS) & 0xFFFF) >>> 1).isEqualTo(Status.LBA_OUT_OF_RANGE | Status.DNR);
        assertThat(s.get(U64, ErrorInformationEntry.LBA)).isEqualTo(5019);
        assertThat(s.get(U32, ErrorInformationEntry.NSID)).isEqualTo(1);
        assertThat(s.get(U64, (long) (ErrorLog.ENTRIES - 1) * 64 + ErrorInformationEntry.ERROR_COUNT)).isEqualTo(5);
        // an offset read: the second entry alone
        DmaBuffer one = h.buffer(4096);
        assertThat(getLog(LogPage.ERROR_INFORMATION, 0, 64, 64, false, one).status()).isZero();
        assertThat(one.segment().get(U64, 0)).isEqualTo(19);
        assertThat(one.segment().get(U64, 64)).isEqualTo(0); // only 64 bytes transferred
        // SMART counts them
        assertThat(getLog(LogPage.SMART_HEALTH, -1, 512, 0, false, log).status()).isZero();
        assertThat(log.segment().get(U64, SmartHealthLog.ERROR_LOG_ENTRIES)).isEqualTo(20);
    }

    @Test
    void shouldReportFirmwareSlot() {
        DmaBuffer log = h.buffer(4096);
        assertThat(getLog(LogPage.FIRMWARE_SLOT, 0, 512, 0, false, log).status()).isZero();
        assertThat(log.segment().get(ValueLayout.JAVA_BYTE, FirmwareSlotLog.AFI)).isEqualTo((byte) 1);
        assertThat(Ascii.get(log.segment(), FirmwareSlotLog.frs(1), 8)).isEqualTo("0.1");
    }

    @Test
    void shouldListSupportedCommandsAndEffects() {
        DmaBuffer log = h.buffer(4096);
        assertThat(getLog(LogPage.COMMANDS_SUPPORTED_AND_EFFECTS, 0, 4096, 0, false, log).status()).isZero();
        MemorySegment s = log.segment();
        assertThat(s.get(U32, 4L * AdminOpcode.IDENTIFY)).isEqualTo(1);
        assertThat(s.get(U32, 4L * AdminOpcode.FORMAT_NVM)).isEqualTo(0);
        assertThat(s.get(U32, 1024 + 4L * NvmOpcode.READ)).isEqualTo(1);
        assertThat(s.get(U32, 1024 + 4L * NvmOpcode.WRITE)).isEqualTo(3);
        assertThat(s.get(U32, 1024 + 4L * NvmOpcode.VERIFY)).isEqualTo(0);
    }

    @Test
    void shouldRejectBadLogPageRequests() {
        DmaBuffer log = h.buffer(4096);
        assertThat(getLog(0x7F, 0, 512, 0, false, log).status()).isEqualTo(Status.INVALID_FIELD | Status.DNR);
        assertThat(getLog(LogPage.SMART_HEALTH, -1, 512, 2, false, log).status()).isEqualTo(Status.INVALID_FIELD | Status.DNR);
        assertThat(getLog(LogPage.SMART_HEALTH, -1, 4, 512, false, log).status()).isEqualTo(Status.INVALID_FIELD | Status.DNR);
        assertThat(getLog(LogPage.SMART_HEALTH, -1, 1 << 20, 0, false, log).status()).isEqualTo(Status.INVALID_FIELD | Status.DNR);
    }

    // ---------------------------------------------------------------- abort, AER

    @Test
    void shouldAnswerAbortWithNotAborted() {
        TestHost.Completion c = h.adminCommand(Command.of(AdminOpcode.ABORT).cdw(10, QueueCommands.abortCdw10(0, 5)));
        assertThat(c.status()).isZero();
        assertThat(c.dw0() & 1).isEqualTo(1);
    }

    @Test
    void shouldRejectAbortForMissingSubmissionQueue() {
        TestHost.Completion c = h.adminCommand(Command.of(AdminOpcode.ABORT).cdw(10, QueueCommands.abortCdw10(3, 5)));
        assertThat(c.status()).isEqualTo(Status.INVALID_FIELD | Status.DNR);
        assertThat(c.dw0() & 1).isEqualTo(1);
    }

    @Test
    void shouldKeepErrorRecoveryPerNamespace() {
        TestHost.Completion set = h.adminCommand(Command.of(AdminOpcode.SET_FEATURES).nsid(1)
                .cdw(10, FeatureId.ERROR_RECOVERY).cdw(11, 0x10));
        assertThat(set.status()).isZero();
        TestHost.Completion get = h.adminCommand(Command.of(AdminOpcode.GET_FEATURES).nsid(1)
                .cdw(10, FeatureId.ERROR_RECOVERY));
        assertThat(get.status()).isZero();
        assertThat(get.dw0()).isEqualTo(0x10);
        assertThat(h.adminCommand(Command.of(AdminOpcode.GET_FEATURES).nsid(0).cdw(10, FeatureId.ERROR_RECOVERY))
                .status()).isEqualTo(Status.INVALID_NAMESPACE | Status.DNR);
        assertThat(h.adminCommand(Command.of(AdminOpcode.GET_FEATURES).nsid(1)
                .cdw(10, FeatureId.ERROR_RECOVERY | FeatureId.SEL_SUPPORTED_CAPABILITIES << 8)).dw0()).isEqualTo(0x6);
        assertThat(h.adminCommand(Command.of(AdminOpcode.SET_FEATURES).nsid(1)
                .cdw(10, FeatureId.ERROR_RECOVERY).cdw(11, 1 << 16)).status()).isEqualTo(Status.INVALID_FIELD | Status.DNR);
    }

    @Test
    void shouldLimitOutstandingAsyncEventRequests() {
        for (int i = 0; i < 4; i++) {
            assertThat(h.adminCommand(Command.of(AdminOpcode.ASYNC_EVENT_REQUEST))).isNull();
        }
        assertThat(status(Command.of(AdminOpcode.ASYNC_EVENT_REQUEST))).isEqualTo(Status.ASYNC_EVENT_REQUEST_LIMIT_EXCEEDED);
    }

    @Test
    void shouldDeliverTemperatureEventQueuedBeforeTheRequest() {
        assertThat(setFeature(FeatureId.ASYNC_EVENT_CONFIGURATION, SmartHealthLog.WARNING_TEMPERATURE, false).status()).isZero();
        assertThat(setFeature(FeatureId.TEMPERATURE_THRESHOLD, 300, false).status()).isZero(); // below 323 K: warning
        int cid = h.admin.push(Command.of(AdminOpcode.ASYNC_EVENT_REQUEST));
        h.admin.ringSq();
        TestHost.Completion aer = h.admin.poll();
        assertThat(aer).isNotNull();
        assertThat(aer.cid()).isEqualTo(cid);
        assertThat(io.nvmebridge.spec.admin.AsyncEvent.type(aer.dw0())).isEqualTo(io.nvmebridge.spec.admin.AsyncEvent.TYPE_SMART);
        assertThat(io.nvmebridge.spec.admin.AsyncEvent.logPage(aer.dw0())).isEqualTo(LogPage.SMART_HEALTH);
        DmaBuffer log = h.buffer(4096);
        assertThat(getLog(LogPage.SMART_HEALTH, -1, 512, 0, false, log).status()).isZero();
        assertThat(log.segment().get(ValueLayout.JAVA_BYTE, SmartHealthLog.CRITICAL_WARNING) & SmartHealthLog.WARNING_TEMPERATURE)
                .isNotZero();
    }

    @Test
    void shouldConfigureDoorbellBufferOnlyWithAlignedPages() {
        DmaBuffer dbs = h.buffer(4096);
        DmaBuffer eis = h.buffer(4096);
        assertThat(status(Command.of(AdminOpcode.DOORBELL_BUFFER_CONFIG).prp1(dbs.deviceAddress() + 8).prp2(eis.deviceAddress())))
                .isEqualTo(Status.INVALID_FIELD | Status.DNR);
        assertThat(status(Command.of(AdminOpcode.DOORBELL_BUFFER_CONFIG).prp1(dbs.deviceAddress()).prp2(eis.deviceAddress())))
                .isZero();
        assertThat(SubmissionEntry.SIZE).isEqualTo(64);
    }

    @Test
    void shouldRejectIoOnlyOpcodeOnAdminQueue() {
        // admin and I/O opcodes overlap (0x02 is Get Log Page); Reservation Report exists only on I/O queues
        assertThat(status(Command.of(NvmOpcode.RESERVATION_REPORT).nsid(1))).isEqualTo(Status.INVALID_OPCODE | Status.DNR);
    }
}
