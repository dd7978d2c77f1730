package io.nvmebridge.emulator;

import static io.nvmebridge.emulator.TestHost.Command;
import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.admin.LogPage;
import io.nvmebridge.spec.device.DmaBuffer;
import org.junit.jupiter.api.Test;

/** Get Log Page offsets are unsigned 64-bit: found by BadInputProperties' long run (an exception escaped). */
class LogPageOffsetTest {

    @Test
    void shouldRejectALogPageOffsetWithTheTopBitSetWithInvalidField() {
        try (TestHost h = TestHost.started(TestHost.ramConfig().build())) {
            DmaBuffer b = h.buffer(4096);
            TestHost.Completion c = h.adminCommand(Command.of(AdminOpcode.GET_LOG_PAGE).nsid(-1).data(b)
                    .cdw(10, LogPage.SMART_HEALTH | (127 << 16)).cdw(12, 0).cdw(13, 0x9000_0000));
            assertThat(c).isNotNull();
            assertThat(c.status() & 0x7FF).isEqualTo(Status.INVALID_FIELD);
            // and the controller goes on answering
            h.identify(1, 0);
        }
    }
}
