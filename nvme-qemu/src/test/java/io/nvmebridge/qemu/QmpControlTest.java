package io.nvmebridge.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvmebridge.qemu.qmp.QmpClient;
import io.nvmebridge.qemu.qmp.QmpErrorResponse;
import io.nvmebridge.qemu.qmp.QmpMessage;
import io.nvmebridge.qemu.qmp.QmpStatus;
import io.nvmebridge.spec.regs.ControllerRegisters;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** QMP against a real QEMU: run state control, events, error responses. */
@Tag("qemu")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QmpControlTest {
    QemuNvmeFunction f;
    QmpClient qmp;
    final BlockingQueue<QmpMessage.Event> events = new LinkedBlockingQueue<>();

    @BeforeAll
    void launch() {
        f = QemuNvmeFunction.launch(QemuConfig.builder().build());
        qmp = f.qmp();
        qmp.addEventListener(events::add);
    }

    @AfterAll
    void close() {
        f.close();
    }

    @Test
    void shouldReportQemuVersionFromTheGreeting() {
        assertThat(qmp.greeting().major()).isGreaterThanOrEqualTo(7);
        assertThat(f.qemu().qemuVersion()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(qmp.greeting().capabilities()).contains("oob");
    }

    @Test
    void shouldStopAndContinueTheVmWithEventsAndKeepServingMmioWhileStopped() throws InterruptedException {
        events.clear();
        assertThat(qmp.queryStatus()).isEqualTo(new QmpStatus("running", true));
        qmp.stop();
        assertThat(qmp.queryStatus()).isEqualTo(new QmpStatus("paused", false));
        assertThat(nextEvent()).isEqualTo("STOP");
        // devices keep answering qtest while vCPUs are paused
        assertThat(f.read32(ControllerRegisters.VS)).isEqualTo(0x00010400);
        qmp.cont();
        assertThat(qmp.queryStatus().running()).isTrue();
        assertThat(nextEvent()).isEqualTo("RESUME");
    }

    @Test
    void shouldTurnAnErrorResponseIntoAnExceptionNamingTheClass() {
        assertThatThrownBy(() -> qmp.execute("no-such-command", null))
                .isInstanceOf(QmpErrorResponse.class)
                .hasMessageContaining("CommandNotFound")
                .satisfies(e -> assertThat(((QmpErrorResponse) e).errorClass()).isEqualTo("CommandNotFound"));
        // the connection stays usable
        assertThat(qmp.queryStatus().status()).isNotEmpty();
    }

    @Test
    void shouldPassArgumentsToCommands() {
        var v = qmp.execute("qom-get", java.util.Map.of("path", "/machine/peripheral/nvme0", "property", "serial"));
        assertThat(v.isTextual()).as(v.toString()).isTrue();
        assertThat(v.textValue()).isEqualTo("nvme-bridge");
    }

    private String nextEvent() throws InterruptedException {
        QmpMessage.Event e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an event within 10 s").isNotNull();
        return e.name();
    }
}
