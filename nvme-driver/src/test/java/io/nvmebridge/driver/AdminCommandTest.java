package io.nvmebridge.driver;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.admin.FeatureId;
import io.nvmebridge.spec.admin.LogPage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminCommandTest {

    @Test
    void shouldBuildGetLogPageWithZeroBasedDwordCount() {
        AdminCommand c = AdminCommand.getLogPage(LogPage.SMART_HEALTH, 0xFFFFFFFF, 512);
        assertThat(c.opcode()).isEqualTo(AdminOpcode.GET_LOG_PAGE);
        assertThat(c.cdw10()).isEqualTo(0x02 | (127 << 16));
        assertThat(LogPage.length(c.cdw10(), c.cdw11())).isEqualTo(512);
        assertThat(c.direction()).isEqualTo(AdminCommand.Direction.CONTROLLER_TO_HOST);
    }

    @Test
    void shouldBuildFeatureCommands() {
        assertThat(AdminCommand.getFeatures(FeatureId.ARBITRATION, FeatureId.SEL_DEFAULT, 0).cdw10()).isEqualTo(0x101);
        assertThat(AdminCommand.setFeatures(FeatureId.VOLATILE_WRITE_CACHE, 1, true).cdw10()).isEqualTo(0x80000006);
        assertThat(AdminCommand.numberOfQueues(4).cdw11()).isEqualTo(0x0003_0003);
    }

    @Test
    void shouldRejectInconsistentDataDirection() {
        assertThatThrownBy(() -> AdminCommand.of(AdminOpcode.IDENTIFY).withData(4096, AdminCommand.Direction.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdminCommand.getLogPage(2, 0, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdminCommand.of(0x100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldExposeCallerDwordsByNumber() {
        AdminCommand c = AdminCommand.of(0xC0).withCdw10(10).withCdw15(15);
        assertThat(c.cdw(10)).isEqualTo(10);
        assertThat(c.cdw(15)).isEqualTo(15);
        assertThatThrownBy(() -> c.cdw(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
