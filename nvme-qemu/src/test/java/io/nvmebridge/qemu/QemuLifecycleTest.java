package io.nvmebridge.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvmebridge.qemu.qmp.QmpMessage;
import io.nvmebridge.qemu.qtest.QtestClient;
import io.nvmebridge.qemu.qtest.QtestException;
import io.nvmebridge.qemu.qtest.QtestTransport;
import io.nvmebridge.spec.regs.ControllerRegisters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Start, stop and death of QEMU: nothing may be left behind, nothing may hang. */
@Tag("qemu")
class QemuLifecycleTest {
    /** A hang guard, not a speed check: far above the ~50 ms these take. */
    private static final long GUARD_SECONDS = 15;

    @Test
    void shouldLeaveNoProcessRamFileOrRunDirectoryAfterClose() {
        QemuNvmeFunction f = QemuNvmeFunction.launch(QemuConfig.builder().build());
        QemuInstance q = f.qemu();
        ProcessHandle p = ProcessHandle.of(q.pid()).orElseThrow();
        Path ram = q.ramFile();
        Path run = q.runDirectory();
        assertThat(ram).exists();
        assertThat(run.resolve("qtest.sock")).exists();

        f.close();

        assertThat(p.isAlive()).isFalse();
        assertThat(ram).doesNotExist();
        assertThat(run).doesNotExist();
        assertThat(f.isAlive()).isFalse();
        assertThat(f.read32(ControllerRegisters.VS)).isEqualTo(-1);
        f.close(); // idempotent
    }

    @ParameterizedTest
    @EnumSource(QtestTransport.class)
    void shouldSeeSigkillPromptlyAndReadAllOnesAfterwards(QtestTransport transport) throws Exception {
        QemuNvmeFunction f = QemuNvmeFunction.launch(QemuConfig.builder().qtestTransport(transport).build());
        Path ram = f.qemu().ramFile();
        Path run = f.qemu().runDirectory();
        ProcessHandle p = ProcessHandle.of(f.qemu().pid()).orElseThrow();
        CompletableFuture<String> death = new CompletableFuture<>();
        f.qemu().onDeath(death::complete);
        try {
            assertThat(f.read32(ControllerRegisters.VS)).isEqualTo(0x00010400);
            p.destroyForcibly(); // SIGKILL
            String reason = death.get(GUARD_SECONDS, TimeUnit.SECONDS);
            assertThat(reason).contains("exited with status 137");
            assertThat(f.isAlive()).isFalse();
            assertThat(f.read32(ControllerRegisters.VS)).isEqualTo(-1);
            assertThat(f.read64(ControllerRegisters.CAP)).isEqualTo(-1L);
            assertThat(f.readConfig32(0)).isEqualTo(-1);
            f.write32(ControllerRegisters.CC, 1); // dropped, no exception
            assertThat(f.failure()).contains("exited with status 137");
        } finally {
            f.close();
        }
        assertThat(ram).doesNotExist();
        assertThat(run).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(QtestTransport.class)
    void shouldFailABlockedCallFastWithTheExitStatusWhenQemuDiesMidCall(QtestTransport transport) throws Exception {
        QemuInstance q = QemuLauncher.launch(QemuConfig.builder().qtestTransport(transport).build());
        try {
            QtestClient qtest = q.qtest();
            qtest.outl(PciConfigSpace.CONFIG_ADDRESS_PORT, 0x8000_0000);
            assertThat(qtest.inl(PciConfigSpace.CONFIG_DATA_PORT)).isNotEqualTo(-1);
            ProcessHandle p = ProcessHandle.of(q.pid()).orElseThrow();
            signal(p, "STOP"); // QEMU frozen: the next read blocks waiting for its reply
            CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> qtest.inl(PciConfigSpace.CONFIG_DATA_PORT));
            Thread.sleep(200); // let the call block (does not affect the outcome, only makes it mid-call)
            assertThat(blocked).isNotDone();
            p.destroyForcibly();
            assertThatThrownBy(() -> blocked.get(GUARD_SECONDS, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(QtestException.class)
                    .hasMessageContaining("exited with status 137");
            assertThat(q.isAlive()).isFalse();
            assertThatThrownBy(() -> qtest.readl(0)).isInstanceOf(QtestException.class).hasMessageContaining("exited");
        } finally {
            q.close();
        }
        assertThat(q.ramFile()).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(QtestTransport.class)
    void shouldTimeOutAReplyThatNeverComes(QtestTransport transport) throws Exception {
        QemuInstance q = QemuLauncher.launch(QemuConfig.builder().qtestTransport(transport)
                .replyTimeout(Duration.ofMillis(300)).build());
        ProcessHandle p = ProcessHandle.of(q.pid()).orElseThrow();
        try {
            signal(p, "STOP");
            assertThatThrownBy(() -> q.qtest().readl(QemuNvmeFunction.BAR0_ADDRESS))
                    .isInstanceOf(QtestException.class)
                    .hasMessageContaining("no qtest reply")
                    .hasMessageContaining("readl 0xc0000000");
            assertThat(q.isAlive()).isFalse();
        } finally {
            signal(p, "CONT");
            q.close();
        }
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void shouldQuitThroughQmpWithAShutdownEvent() throws Exception {
        QemuInstance q = QemuLauncher.launch(QemuConfig.builder().build());
        CompletableFuture<QmpMessage.Event> shutdown = new CompletableFuture<>();
        q.qmp().addEventListener(e -> {
            if (e.name().equals("SHUTDOWN")) {
                shutdown.complete(e);
            }
        });
        try {
            assertThat(q.qmp().quit(Duration.ofSeconds(GUARD_SECONDS))).isTrue();
            assertThat(shutdown.get(GUARD_SECONDS, TimeUnit.SECONDS).string("reason")).contains("host-qmp-quit");
            assertThat(ProcessHandle.of(q.pid()).map(h -> h.onExit()).map(CompletableFuture::join)).isNotNull();
        } finally {
            q.close();
        }
        assertThat(ProcessHandle.of(q.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void shouldReportQemuStderrAndCleanUpWhenQemuRefusesToStart() throws Exception {
        long shmBefore = countRamFiles();
        assertThatThrownBy(() -> QemuNvmeFunction.launch(QemuConfig.builder().extraArguments("-device", "no-such-device").build()))
                .isInstanceOf(QemuException.class)
                .hasMessageContaining("no-such-device");
        assertThat(countRamFiles()).isEqualTo(shmBefore);
    }

    @Test
    void shouldReportAMissingQemuBinary() {
        assertThatThrownBy(() -> QemuLauncher.launch(QemuConfig.builder().qemuBinary("/nonexistent/qemu").build()))
                .isInstanceOf(QemuException.class)
                .hasMessageContaining("/nonexistent/qemu");
    }

    private static long countRamFiles() throws Exception {
        try (var s = Files.list(Path.of("/dev/shm"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("nvme-bridge-" + ProcessHandle.current().pid() + "-")).count();
        }
    }

    private static void signal(ProcessHandle p, String sig) throws Exception {
        int rc = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).inheritIO().start().waitFor();
        assertThat(rc).as("kill -" + sig).isZero();
    }
}
