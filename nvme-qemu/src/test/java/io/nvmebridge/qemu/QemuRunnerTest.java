package io.nvmebridge.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvmebridge.spec.regs.ControllerRegisters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A caller's {@link QemuRunner} starts QEMU: it gets everything it must share, and its process is what closes. */
@Tag("qemu")
class QemuRunnerTest {

    @Test
    void shouldHandTheRunnerTheArgumentsAndPathsToShareAndStopItsProcessOnClose(@TempDir Path dir) throws IOException {
        Path image = dir.resolve("ns.raw");
        try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(1 << 20);
        }
        AtomicReference<QemuRunner.Run> seen = new AtomicReference<>();
        AtomicReference<QemuProcess> started = new AtomicReference<>();
        QemuConfig config = QemuConfig.builder()
                .namespace(QemuNamespace.raw(1, image, 512))
                .runner(run -> {
                    seen.set(run);
                    started.set(QemuRunner.host().start(run));
                    return started.get();
                })
                .build();
        QemuNvmeFunction fn = QemuNvmeFunction.launch(config);
        try {
            assertThat(fn.read32(ControllerRegisters.VS)).isEqualTo(0x00010400);
            QemuRunner.Run run = seen.get();
            assertThat(run.arguments().getFirst()).isEqualTo("-display"); // no binary: the runner chooses it
            assertThat(String.join(" ", run.arguments())).contains(run.runDirectory().resolve("qtest.sock").toString())
                    .contains(run.ramFile().toString());
            assertThat(run.imageFiles()).containsExactly(image.toAbsolutePath());
            assertThat(run.stderrFile().getParent()).isEqualTo(run.runDirectory());
            assertThat(run.containerName()).isEqualTo("nvb-" + run.runDirectory().getFileName());
            assertThat(fn.qemu().process()).isSameAs(started.get());
        } finally {
            fn.close();
        }
        assertThat(started.get().isAlive()).isFalse();
        assertThat(seen.get().runDirectory()).doesNotExist();
        assertThat(Files.exists(seen.get().ramFile())).isFalse();
    }

    @Test
    void shouldReportARunnerThatCannotStartQemuInOneLine() {
        QemuConfig config = QemuConfig.builder().runner(run -> {
            throw new IOException("no container runtime here");
        }).build();
        assertThatThrownBy(() -> QemuNvmeFunction.launch(config)).isInstanceOf(QemuException.class)
                .hasMessageContaining("no container runtime here");
    }

    @Test
    void shouldSeeAKilledQemuAsDead() {
        try (QemuNvmeFunction fn = QemuNvmeFunction.launch(QemuConfig.builder().build())) {
            fn.qemu().kill();
            fn.qemu().process().onExit().join();
            long end = System.nanoTime() + 10_000_000_000L;
            while (fn.isAlive() && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            assertThat(fn.isAlive()).isFalse();
            assertThat(fn.read32(ControllerRegisters.VS)).isEqualTo(-1);
            assertThat(fn.qemu().deathReason()).contains("exited with status 137");
        }
    }
}
