package io.nvmebridge.emulator;

import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.device.DmaBuffer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceAndConfigTest {

    @Test
    void shouldTraceOneReadableLinePerCommand() {
        List<String> lines = new ArrayList<>();
        try (TestHost h = TestHost.started(TestHost.ramConfig().trace(lines::add).build())) {
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            DmaBuffer b = h.buffer(4096);
            h.read(q, 1, 7, 2, b);
            h.read(q, 1, 4096, 1, b);
            q.submit(TestHost.Command.of(NvmOpcode.FLUSH).nsid(1));
        }
        assertThat(lines).anyMatch(l -> l.startsWith("admin sq 0 cid") && l.contains("CREATE_IO_CQ") && l.contains("-> SUCCESS"));
        assertThat(lines).anyMatch(l -> l.startsWith("io sq 1") && l.contains("READ nsid 1 lba 7 blocks 2 -> SUCCESS") && l.endsWith(" us"));
        assertThat(lines).anyMatch(l -> l.contains("READ nsid 1 lba 4096 blocks 1 -> LBA_OUT_OF_RANGE DNR"));
        assertThat(lines).anyMatch(l -> l.contains("FLUSH nsid 1 -> SUCCESS"));
        assertThat(lines).anyMatch(l -> l.startsWith("controller enabled"));
    }

    @Test
    void shouldTraceNothingWhenOff() {
        EmulatorConfig cfg = TestHost.ramConfig().build();
        assertThat(cfg.trace()).isNull();
    }

    @Test
    void shouldUseQemuDefaults() {
        EmulatorConfig cfg = EmulatorConfig.builder().build();
        assertThat(cfg.mdts()).isEqualTo(7);
        assertThat(cfg.maxIoQueuePairs()).isEqualTo(64);
        assertThat(cfg.mqes()).isEqualTo(0x7ff);
        assertThat(cfg.dstrd()).isZero();
        assertThat(cfg.capTimeout()).isEqualTo(0xf);
        assertThat(cfg.mode()).isEqualTo(EmulatorMode.INLINE);
        assertThat(cfg.faultPlan().isEmpty()).isTrue();
        assertThat(cfg.toBuilder().serial("X").build().serial()).isEqualTo("X");
    }

    @Test
    void shouldRejectBadConfiguration() {
        assertThatThrownBy(() -> NamespaceConfig.ram(0, 10, 512)).hasMessageContaining("nsid");
        assertThatThrownBy(() -> NamespaceConfig.ram(1, 10, 1024)).hasMessageContaining("lbaSize");
        assertThatThrownBy(() -> NamespaceConfig.ram(1, 0, 512)).hasMessageContaining("size");
        assertThatThrownBy(() -> new NamespaceConfig(1, 10, 512, NamespaceConfig.Backing.FILE, null)).hasMessageContaining("path");
        assertThatThrownBy(() -> EmulatorConfig.builder().namespace(NamespaceConfig.ram(1, 1, 512))
                .namespace(NamespaceConfig.nullDevice(1, 1, 512)).build()).hasMessageContaining("twice");
        assertThatThrownBy(() -> EmulatorConfig.builder().mdts(16)).hasMessageContaining("mdts");
        assertThatThrownBy(() -> EmulatorConfig.builder().mqes(0)).hasMessageContaining("mqes");
        assertThatThrownBy(() -> FaultRule.match().completeWith(0)).hasMessageContaining("non-success");
        assertThat(NamespaceConfig.file(2, 8, 4096, Path.of("x.img")).bytes()).isEqualTo(8 * 4096);
    }
}
