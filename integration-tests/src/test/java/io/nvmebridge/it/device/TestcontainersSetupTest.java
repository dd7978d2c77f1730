package io.nvmebridge.it.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.TestcontainersConfiguration;

/** Testcontainers is set up to work without a registry, from the module's own configuration alone. */
class TestcontainersSetupTest {

    @Test
    void shouldNeverPullAndUseOnlyTheLocalImage() {
        assertThat(PullPolicy.defaultPolicy()).isInstanceOf(NeverPullPolicy.class);
        assertThat(new NeverPullPolicy().shouldPull(DockerImageName.parse(QemuContainerImage.IMAGE))).isFalse();
        TestcontainersConfiguration config = TestcontainersConfiguration.getInstance();
        assertThat(config.isDisableChecks()).isTrue();
        assertThat(config.getTinyImage()).isEqualTo(QemuContainerImage.IMAGE);
    }

    @Test
    void shouldRunWithoutRyukAgainstTheLocalDaemon() {
        // Ryuk is a container image from a registry; only this environment variable turns it off
        assertThat(System.getenv("TESTCONTAINERS_RYUK_DISABLED")).isEqualTo("true");
        assertThat(System.getenv("TESTCONTAINERS_HOST_OVERRIDE")).isEqualTo("localhost");
    }
}
