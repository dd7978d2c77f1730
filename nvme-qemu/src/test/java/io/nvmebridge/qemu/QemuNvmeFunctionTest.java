package io.nvmebridge.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.qemu.qtest.QtestTransport;
import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.CompletionEntry;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.Ascii;
import io.nvmebridge.spec.admin.IdentifyCns;
import io.nvmebridge.spec.admin.IdentifyController;
import io.nvmebridge.spec.admin.IdentifyNamespace;
import io.nvmebridge.spec.admin.LbaFormat;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.regs.Aqa;
import io.nvmebridge.spec.regs.Cap;
import io.nvmebridge.spec.regs.ControllerRegisters;
import io.nvmebridge.spec.regs.Csts;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** QEMU's NVMe controller through {@link QemuNvmeFunction}, one QEMU for the class. */
@Tag("qemu")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QemuNvmeFunctionTest {
    static final String SERIAL = "NVB-TEST-0042";
    static final long RAW_IMAGE_BYTES = 8L << 20;
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    QemuNvmeFunction f;
    Path image;

    QtestTransport transport() {
        return QtestTransport.SOCKET_CHANNEL;
    }

    @BeforeAll
    void launch() throws IOException {
        image = Files.createTempFile("nvb-raw-", ".img");
        try (RandomAccessFile r = new RandomAccessFile(image.toFile(), "rw")) {
            r.setLength(RAW_IMAGE_BYTES);
        }
        f = QemuNvmeFunction.launch(QemuConfig.builder()
                .serial(SERIAL)
                .qtestTransport(transport())
                .namespace(QemuNamespace.nullBlocks(1, 1L << 30, 4096))
                .namespace(QemuNamespace.raw(2, image, 512))
                .build());
    }

    @AfterAll
    void close() throws IOException {
        if (f != null) {
            f.close();
        }
        Files.deleteIfExists(image);
    }

    @Test
    void shouldReportQemuCapabilitiesAndVersion() {
        long cap = f.read64(ControllerRegisters.CAP);
        assertThat(Cap.MQES.get(cap)).isEqualTo(0x7ff);
        assertThat(Cap.CQR.get(cap)).isEqualTo(1);
        assertThat(Cap.DSTRD.get(cap)).isZero();
        assertThat(Cap.TO.get(cap)).isEqualTo(0xf);
        assertThat(Cap.CSS.get(cap) & Cap.CSS_NVM).isEqualTo(Cap.CSS_NVM);
        assertThat(f.read32(ControllerRegisters.VS)).isEqualTo(0x00010400);
        assertThat(f.read32(ControllerRegisters.CAP)).isEqualTo((int) cap);
        int csts = f.read32(ControllerRegisters.CSTS);
        assertThat(Csts.CFS.get(csts)).isZero();
        assertThat(f.isAlive()).isTrue();
        assertThat(f.description()).contains("1b36:0010").contains(transport().name());
    }

    @Test
    void shouldFindTheControllerOnBusZeroWithItsBarProgrammed() {
        assertThat(f.readConfig32(PciConfigSpace.VENDOR_DEVICE)).isEqualTo(0x0010_1b36);
        int command = f.readConfig32(PciConfigSpace.COMMAND_STATUS);
        assertThat(command & PciConfigSpace.COMMAND_MEMORY_SPACE).isNotZero();
        assertThat(command & PciConfigSpace.COMMAND_BUS_MASTER).isNotZero();
        assertThat(f.readConfig32(PciConfigSpace.BAR0) & ~0xF).isEqualTo((int) QemuNvmeFunction.BAR0_ADDRESS);
        // class code 01 08 02: mass storage, NVM, NVMe
        assertThat(f.readConfig32(PciConfigSpace.CLASS_REVISION) >>> 8).isEqualTo(0x010802);
        assertThat(f.bar0Size()).isGreaterThanOrEqualTo(0x2000).matches(s -> Long.bitCount(s) == 1, "power of two");
    }

    @Test
    void shouldApplyEveryPipelinedWriteBeforeALaterRead() {
        f.write32(ControllerRegisters.CC, 0);
        int last = 0;
        for (int i = 1; i <= 2000; i++) {
            last = Aqa.of(1 + i % 4096, 1 + (i * 7) % 4096);
            f.write32(ControllerRegisters.AQA, last);
            f.write64(ControllerRegisters.ASQ, (long) i << 12);
        }
        assertThat(f.qemu().qtest().outstanding()).isPositive();
        assertThat(f.read32(ControllerRegisters.AQA)).isEqualTo(last);
        assertThat(f.read64(ControllerRegisters.ASQ)).isEqualTo(2000L << 12);
        assertThat(f.qemu().qtest().outstanding()).isZero();
    }

    @Test
    void shouldIdentifyTheControllerThroughHandBuiltAdminQueues() {
        AdminQueueByHand admin = AdminQueueByHand.enable(f, 16);
        DmaBuffer data = f.dma().allocate(IdentifyController.SIZE, 4096);
        try {
            long cqe = admin.execute(AdminOpcode.IDENTIFY, sqe -> {
                SubmissionEntry.setPrp1(sqe, 0, data.deviceAddress());
                SubmissionEntry.setCdw(sqe, 0, 10, IdentifyCns.CONTROLLER);
            });
            assertThat(CompletionEntry.status(CompletionEntry.statusWord(admin.cq.segment(), cqe))).isEqualTo(Status.SUCCESS);
            var id = data.segment();
            assertThat(id.get(ValueLayout.JAVA_SHORT_UNALIGNED, IdentifyController.VID)).isEqualTo((short) 0x1b36);
            assertThat(Ascii.get(id, IdentifyController.MN, IdentifyController.MN_LENGTH)).isEqualTo("QEMU NVMe Ctrl");
            assertThat(Ascii.get(id, IdentifyController.SN, IdentifyController.SN_LENGTH)).isEqualTo(SERIAL);
            assertThat(id.get(ValueLayout.JAVA_BYTE, IdentifyController.MDTS)).isEqualTo((byte) 7);
            assertThat(id.get(LE_INT, IdentifyController.VER)).isEqualTo(0x00010400);
            assertThat(id.get(ValueLayout.JAVA_BYTE, IdentifyController.SQES)).isEqualTo((byte) 0x66);
            assertThat(id.get(ValueLayout.JAVA_BYTE, IdentifyController.CQES)).isEqualTo((byte) 0x44);
        } finally {
            f.dma().free(data);
        }
    }

    @Test
    void shouldDeliverTheAdminCompletionInterruptThroughMsixMailboxesInSharedRam() throws Exception {
        java.util.concurrent.BlockingQueue<Integer> vectors = new java.util.concurrent.LinkedBlockingQueue<>();
        assertThat(f.setInterruptHandler(vectors::add)).isTrue();
        AdminQueueByHand admin = AdminQueueByHand.enable(f, 4);
        vectors.clear();
        DmaBuffer data = f.dma().allocate(IdentifyController.SIZE, 4096);
        try {
            admin.execute(AdminOpcode.IDENTIFY, sqe -> {
                SubmissionEntry.setPrp1(sqe, 0, data.deviceAddress());
                SubmissionEntry.setCdw(sqe, 0, 10, IdentifyCns.CONTROLLER);
            });
            // the admin CQ always interrupts on vector 0
            assertThat(vectors.poll(10, java.util.concurrent.TimeUnit.SECONDS)).as("vector within 10 s").isEqualTo(0);
        } finally {
            f.dma().free(data);
        }
    }

    @Test
    void shouldExposeTheRawImageNamespaceWithItsSizeAndBlockSize() {
        AdminQueueByHand admin = AdminQueueByHand.enable(f, 4);
        DmaBuffer data = f.dma().allocate(IdentifyNamespace.SIZE, 4096);
        try {
            long cqe = admin.execute(AdminOpcode.IDENTIFY, sqe -> {
                SubmissionEntry.setNsid(sqe, 0, 2);
                SubmissionEntry.setPrp1(sqe, 0, data.deviceAddress());
                SubmissionEntry.setCdw(sqe, 0, 10, IdentifyCns.NAMESPACE);
            });
            assertThat(CompletionEntry.status(CompletionEntry.statusWord(admin.cq.segment(), cqe))).isEqualTo(Status.SUCCESS);
            var ns = data.segment();
            assertThat(ns.get(LE_LONG, IdentifyNamespace.NSZE)).isEqualTo(RAW_IMAGE_BYTES / 512);
            int flbas = ns.get(ValueLayout.JAVA_BYTE, IdentifyNamespace.FLBAS) & IdentifyNamespace.FLBAS_FORMAT_MASK;
            int lbads = ns.get(ValueLayout.JAVA_BYTE, IdentifyNamespace.lbaf(flbas) + LbaFormat.LBADS);
            assertThat(lbads).as("LBADS").isEqualTo(9);
        } finally {
            f.dma().free(data);
        }
    }
}
