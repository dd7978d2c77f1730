package io.nvmebridge.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.driver.NvmeController;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link Backend#QEMU_CONTAINER} starts QEMU with the runner of the {@link QemuContainerRunnerProvider} on the
 * class path — here {@link HostQemuRunnerProvider}, so no container runtime is needed, only QEMU.
 */
@Tag("qemu")
@NvmeDevice(backend = Backend.QEMU_CONTAINER, serial = "SPI-RUNNER")
class QemuContainerBackendTest {

    @Test
    void shouldStartQemuThroughTheRegisteredProvider(NvmeController c, TestDevice d) {
        assertThat(HostQemuRunnerProvider.runs()).hasSize(1);
        assertThat(d.backend()).isEqualTo(Backend.QEMU_CONTAINER);
        assertThat(c.identify().sn()).isEqualTo("SPI-RUNNER");
    }
}
