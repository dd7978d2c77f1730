package io.nvmebridge.emulator;

import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.regs.Cc;
import io.nvmebridge.spec.regs.ControllerRegisters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.nvmebridge.emulator.TestHost.Command;
import static org.assertj.core.api.Assertions.assertThat;

class FileBackingTest {

    @Test
    void shouldPersistWritesAcrossReopen(@TempDir Path dir) throws IOException {
        Path image = dir.resolve("ns1.img");
        EmulatorConfig cfg = EmulatorConfig.builder().namespace(NamespaceConfig.file(1, 4096, 512, image)).build();
        DmaBuffer out;
        byte[] expected;
        try (TestHost h = TestHost.started(cfg)) {
            assertThat(Files.size(image)).isEqualTo(4096L * 512);
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            out = h.buffer(8192);
            TestHost.fill(out.segment(), 77);
            expected = out.segment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            assertThat(h.write(q, 1, 1000, 16, out).ok()).isTrue();
            assertThat(q.submit(Command.of(NvmOpcode.FLUSH).nsid(1)).ok()).isTrue();
        }
        byte[] onDisk = new byte[8192];
        try (var ch = java.nio.channels.FileChannel.open(image)) {
            ch.read(java.nio.ByteBuffer.wrap(onDisk), 1000L * 512);
        }
        assertThat(onDisk).isEqualTo(expected);
        try (TestHost h = TestHost.started(cfg)) {
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            DmaBuffer in = h.buffer(8192);
            assertThat(h.read(q, 1, 1000, 16, in).ok()).isTrue();
            assertThat(in.segment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).isEqualTo(expected);
        }
    }

    @Test
    void shouldExtendExistingSmallerFileWithoutLosingData(@TempDir Path dir) throws IOException {
        Path image = dir.resolve("small.img");
        Files.write(image, new byte[] {1, 2, 3, 4});
        EmulatorConfig cfg = EmulatorConfig.builder().namespace(NamespaceConfig.file(1, 16, 512, image)).build();
        try (TestHost h = TestHost.started(cfg)) {
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            DmaBuffer in = h.buffer(4096);
            assertThat(h.read(q, 1, 0, 1, in).ok()).isTrue();
            assertThat(in.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 3)).isEqualTo((byte) 4);
        }
        assertThat(Files.size(image)).isEqualTo(16 * 512);
    }

    @Test
    void shouldFlushFileNamespacesOnShutdown(@TempDir Path dir) throws IOException {
        Path image = dir.resolve("shut.img");
        EmulatorConfig cfg = EmulatorConfig.builder().namespace(NamespaceConfig.file(1, 64, 4096, image)).build();
        try (TestHost h = TestHost.started(cfg)) {
            TestHost.QueuePair q = h.createIoQueuePair(1, 8);
            DmaBuffer out = h.buffer(4096);
            TestHost.fill(out.segment(), 1);
            assertThat(h.write(q, 1, 3, 1, out).ok()).isTrue();
            h.fn.write32(ControllerRegisters.CC, (int) Cc.SHN.set(h.fn.read32(ControllerRegisters.CC) & 0xFFFFFFFFL, Cc.SHN_NORMAL));
            byte[] onDisk = new byte[4096];
            try (var ch = java.nio.channels.FileChannel.open(image)) {
                ch.read(java.nio.ByteBuffer.wrap(onDisk), 3L * 4096);
            }
            assertThat(onDisk).isEqualTo(out.segment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
    }
}
