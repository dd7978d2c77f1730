package io.nvmebridge.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaltFirmwareTest {

    @Test
    void shouldWriteSixtyFourKibibytesOfHlt(@TempDir Path dir) throws Exception {
        Path f = HaltFirmware.write(dir.resolve("halt.bin"));
        assertThat(Files.size(f)).isEqualTo(65536);
        assertThat(HaltFirmware.isHaltImage(f)).isTrue();
        byte[] bytes = Files.readAllBytes(f);
        bytes[0xFFF0] = (byte) 0x90; // a NOP at the reset vector: no longer the halt image
        Files.write(f, bytes);
        assertThat(HaltFirmware.isHaltImage(f)).isFalse();
    }

    @Test
    void shouldMatchTheImageTheRecipeBuilds(@TempDir Path dir) throws Exception {
        Path script = Path.of("..", "qemu-images", "build-firmware.sh").toAbsolutePath().normalize();
        Path out = dir.resolve("recipe.bin");
        Process p = new ProcessBuilder(script.toString(), out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
        assertThat(HaltFirmware.isHaltImage(out)).isTrue();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(HaltFirmware.write(dir.resolve("java.bin"))));
    }
}
