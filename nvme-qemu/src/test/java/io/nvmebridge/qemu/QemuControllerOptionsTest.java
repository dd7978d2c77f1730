package io.nvmebridge.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.CompletionEntry;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.FeatureId;
import io.nvmebridge.spec.admin.IdentifyCns;
import io.nvmebridge.spec.admin.IdentifyController;
import io.nvmebridge.spec.admin.IdentifyNamespace;
import io.nvmebridge.spec.device.DmaBuffer;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The configuration reaches the controller: mdts, queue pairs, qcow2 and zoned namespaces. */
@Tag("qemu")
class QemuControllerOptionsTest {
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void shouldApplyMdtsQueuePairsAndEveryNamespaceKind() throws Exception {
        Path qcow2 = Files.createTempFile("nvb-ns-", ".qcow2");
        Process img = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", qcow2.toString(), "64M").inheritIO().start();
        assertThat(img.waitFor()).isZero();
        try (QemuNvmeFunction f = QemuNvmeFunction.launch(QemuConfig.builder()
                .mdts(5).maxIoQueuePairs(4).ramMiB(64)
                .namespace(QemuNamespace.qcow2(1, qcow2, 4096))
                .namespace(QemuNamespace.nullBlocks(2, 256L << 20, 4096).zoned(new QemuNamespace.Zoned(16L << 20, 0, 0)))
                .build())) {
            AdminQueueByHand admin = AdminQueueByHand.enable(f, 8);
            DmaBuffer data = f.dma().allocate(4096, 4096);

            admin.execute(AdminOpcode.IDENTIFY, sqe -> {
                SubmissionEntry.setPrp1(sqe, 0, data.deviceAddress());
                SubmissionEntry.setCdw(sqe, 0, 10, IdentifyCns.CONTROLLER);
            });
            assertThat(data.segment().get(ValueLayout.JAVA_BYTE, IdentifyController.MDTS)).isEqualTo((byte) 5);

            long cqe = admin.execute(AdminOpcode.GET_FEATURES, sqe -> SubmissionEntry.setCdw(sqe, 0, 10, FeatureId.NUMBER_OF_QUEUES));
            assertThat(CompletionEntry.status(CompletionEntry.statusWord(admin.cq.segment(), cqe))).isEqualTo(Status.SUCCESS);
            // zero-based counts of I/O completion queues (31:16) and submission queues (15:0)
            assertThat(CompletionEntry.dw0(admin.cq.segment(), cqe)).isEqualTo(3 << 16 | 3);

            for (int nsid = 1; nsid <= 2; nsid++) {
                int id = nsid;
                data.segment().fill((byte) 0);
                cqe = admin.execute(AdminOpcode.IDENTIFY, sqe -> {
                    SubmissionEntry.setNsid(sqe, 0, id);
                    SubmissionEntry.setPrp1(sqe, 0, data.deviceAddress());
                    SubmissionEntry.setCdw(sqe, 0, 10, IdentifyCns.NAMESPACE);
                });
                assertThat(CompletionEntry.status(CompletionEntry.statusWord(admin.cq.segment(), cqe))).isEqualTo(Status.SUCCESS);
                long expectedBlocks = (nsid == 1 ? 64L << 20 : 256L << 20) / 4096;
                assertThat(data.segment().get(LE_LONG, IdentifyNamespace.NSZE)).as("NSZE of nsid " + nsid).isEqualTo(expectedBlocks);
            }
        } finally {
            Files.deleteIfExists(qcow2);
        }
    }
}
