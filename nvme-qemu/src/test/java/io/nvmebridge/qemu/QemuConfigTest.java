package io.nvmebridge.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class QemuConfigTest {
    private static List<String> line(QemuConfig c) {
        return QemuLauncher.commandLine(c, Path.of("/run/fw.bin"), Path.of("/dev/shm/r.ram"), Path.of("/run/q.sock"), Path.of("/run/m.sock"));
    }

    @Test
    void shouldBuildTheVerifiedCommandLineWithDefaults() {
        List<String> l = line(QemuConfig.builder().build());
        String s = String.join(" ", l);
        assertThat(s).startsWith("qemu-system-x86_64 -display none -nodefaults -monitor none -serial none")
                .contains("-bios /run/fw.bin")
                .contains("-object memory-backend-file,id=m0,size=268435456,mem-path=/dev/shm/r.ram,share=on")
                .contains("-machine q35,memory-backend=m0 -m 256M")
                .contains("-accel tcg")
                .contains("-qtest unix:/run/q.sock,server=on,wait=off -qtest-log /dev/null")
                .contains("-qmp unix:/run/m.sock,server=on,wait=off")
                .contains("-drive if=none,id=d1,file=null-co://,driver=null-co,read-zeroes=on,size=1073741824")
                .contains("-device nvme,id=nvme0,serial=nvme-bridge -device nvme-ns,drive=d1,nsid=1,logical_block_size=4096,physical_block_size=4096");
        assertThat(s).doesNotContain("mdts").doesNotContain("max_ioqpairs");
    }

    @Test
    void shouldPassControllerAndNamespaceOptions() {
        String s = String.join(" ", line(QemuConfig.builder()
                .ramMiB(512).accel(QemuConfig.Accel.KVM).serial("SN1").mdts(5).maxIoQueuePairs(8)
                .namespace(QemuNamespace.raw(1, Path.of("/img/a,b.raw"), 512))
                .namespace(QemuNamespace.qcow2(2, Path.of("/img/c.qcow2"), 4096))
                .namespace(QemuNamespace.nullBlocks(3, 1L << 32, 4096).zoned(new QemuNamespace.Zoned(64L << 20, 14, 14)))
                .build()));
        assertThat(s).contains("-m 512M").contains("-accel kvm")
                .contains("-device nvme,id=nvme0,serial=SN1,mdts=5,max_ioqpairs=8")
                .contains("-drive if=none,id=d1,file=/img/a,,b.raw,format=raw")
                .contains("-drive if=none,id=d2,file=/img/c.qcow2,format=qcow2")
                .contains("nvme-ns,drive=d1,nsid=1,logical_block_size=512,physical_block_size=512")
                .contains("nvme-ns,drive=d3,nsid=3,logical_block_size=4096,physical_block_size=4096,zoned=true,"
                        + "zoned.zone_size=67108864,zoned.max_open=14,zoned.max_active=14");
    }

    @Test
    void shouldRejectConfigurationsQemuOrTheSharedRamCannotHonour() {
        assertThatThrownBy(() -> QemuConfig.builder().ramBytes(3L << 30)).hasMessageContaining("RAM");
        assertThatThrownBy(() -> QemuConfig.builder().ramBytes((256L << 20) + 4096)).hasMessageContaining("RAM");
        assertThatThrownBy(() -> QemuConfig.builder().serial("has space")).hasMessageContaining("serial");
        assertThatThrownBy(() -> QemuConfig.builder().serial("x".repeat(21))).hasMessageContaining("serial");
        assertThatThrownBy(() -> QemuConfig.builder().mdts(256)).hasMessageContaining("mdts");
        assertThatThrownBy(() -> QemuConfig.builder().maxIoQueuePairs(0)).hasMessageContaining("max_ioqpairs");
        assertThatThrownBy(() -> QemuNamespace.nullBlocks(0, 1 << 20, 512)).hasMessageContaining("nsid");
        assertThatThrownBy(() -> QemuNamespace.nullBlocks(1, 1 << 20, 1000)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> QemuConfig.builder()
                .namespace(QemuNamespace.nullBlocks(1, 1 << 20, 512))
                .namespace(QemuNamespace.nullBlocks(1, 1 << 20, 512)).build()).hasMessageContaining("duplicate nsid");
    }
}
