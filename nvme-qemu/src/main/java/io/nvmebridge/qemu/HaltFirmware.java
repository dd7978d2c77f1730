package io.nvmebridge.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The firmware QEMU runs instead of SeaBIOS: 64 KiB of 0xF4 (HLT). The x86 reset vector (0xFFFFFFF0, the
 * image's last 16 bytes) halts the CPU at once, so no guest code ever touches the RAM the JVM shares with
 * the NVMe controller. qemu-images/build-firmware.sh builds the same file.
 */
public final class HaltFirmware {
    public static final int SIZE = 64 * 1024;
    public static final byte HLT = (byte) 0xF4;

    private HaltFirmware() {
    }

    /** Writes the image to {@code file}. */
    public static Path write(Path file) throws IOException {
        byte[] image = new byte[SIZE];
        Arrays.fill(image, HLT);
        return Files.write(file, image);
    }

    /** True when {@code file} is exactly the halt image. */
    public static boolean isHaltImage(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) != SIZE) {
            return false;
        }
        for (byte b : Files.readAllBytes(file)) {
            if (b != HLT) {
                return false;
            }
        }
        return true;
    }
}
