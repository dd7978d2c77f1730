package io.nvmebridge.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.CompletionEntry;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.Ascii;
import io.nvmebridge.spec.admin.IdentifyCns;
import io.nvmebridge.spec.admin.IdentifyController;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.regs.ControllerRegisters;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * QEMU from the container image of qemu-images/build-container.sh (built here when missing): sockets and
 * the RAM file cross the bind mount, and teardown leaves no container behind.
 */
@Tag("docker")
@Tag("qemu")
class QemuContainerTest {
    static final String IMAGE = "nvme-bridge/qemu:7.2";

    @BeforeAll
    static void buildImageIfMissing() throws Exception {
        if (run("docker", "image", "inspect", IMAGE) != 0) {
            Path script = Path.of("..", "qemu-images", "build-container.sh").toAbsolutePath().normalize();
            assertThat(run(script.toString(), IMAGE)).as("build-container.sh").isZero();
        }
    }

    @Test
    void shouldDriveTheControllerInsideTheContainerAndRemoveTheContainerOnClose() throws Exception {
        QemuNvmeFunction f = QemuNvmeFunction.launch(QemuConfig.builder().container(IMAGE).serial("IN-A-BOX").build());
        String name = QemuLauncher.containerName(f.qemu().config(), f.qemu().runDirectory());
        try {
            assertThat(run("docker", "inspect", name)).as("container " + name + " running").isZero();
            assertThat(f.read32(ControllerRegisters.VS)).isEqualTo(0x00010400);
            AdminQueueByHand admin = AdminQueueByHand.enable(f, 4);
            DmaBuffer data = f.dma().allocate(IdentifyController.SIZE, 4096);
            long cqe = admin.execute(AdminOpcode.IDENTIFY, sqe -> {
                SubmissionEntry.setPrp1(sqe, 0, data.deviceAddress());
                SubmissionEntry.setCdw(sqe, 0, 10, IdentifyCns.CONTROLLER);
            });
            assertThat(CompletionEntry.status(CompletionEntry.statusWord(admin.cq.segment(), cqe))).isEqualTo(Status.SUCCESS);
            assertThat(Ascii.get(data.segment(), IdentifyController.SN, IdentifyController.SN_LENGTH)).isEqualTo("IN-A-BOX");
        } finally {
            f.close();
        }
        assertThat(run("docker", "inspect", name)).as("container removed").isNotZero();
        assertThat(f.qemu().ramFile()).doesNotExist();
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
