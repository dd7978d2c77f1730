package io.nvmebridge.emulator;

import static io.nvmebridge.emulator.TestHost.Command;
import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.admin.IdentifyCns;
import io.nvmebridge.spec.admin.IdentifyNamespace;
import io.nvmebridge.spec.admin.LbaFormat;
import io.nvmebridge.spec.device.DmaBuffer;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Namespaces with metadata in a separate buffer (QEMU's {@code nvme-ns,ms=N} with {@code mset=0}): the command's
 * MPTR names one contiguous buffer of {@code blocks × N} bytes, moved with the data; MPTR 0 moves none.
 */
class MetadataTest {
    private static final int MS = 8;
    private TestHost h;
    private TestHost.QueuePair q;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        h = TestHost.started(EmulatorConfig.builder()
                .namespace(NamespaceConfig.ram(1, 4096, 512).withMetadata(MS))
                .namespace(NamespaceConfig.ram(2, 64, 4096).withMetadata(64))
                .namespace(NamespaceConfig.nullDevice(3, 1024, 512).withMetadata(16))
                .namespace(NamespaceConfig.ram(4, 64, 512))
                .build());
        q = h.createIoQueuePair(1, 16);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private int rw(int opcode, int nsid, long slba, int blocks, DmaBuffer data, long mptr) {
        return q.submit(Command.rw(opcode, nsid, slba, blocks).data(data).mptr(mptr)).status();
    }

    @Test
    void shouldReportTheFormatInUseWithItsMetadataSizeAndSeparateBuffers() {
        MemorySegment id = h.identify(IdentifyCns.NAMESPACE, 1);
        int flbas = id.get(ValueLayout.JAVA_BYTE, IdentifyNamespace.FLBAS);
        assertThat(flbas & IdentifyNamespace.FLBAS_EXTENDED).isZero();
        int format = id.get(ValueLayout.JAVA_INT_UNALIGNED, IdentifyNamespace.lbaf(flbas & IdentifyNamespace.FLBAS_FORMAT_MASK));
        assertThat(format).isEqualTo(LbaFormat.of(MS, 9, 0));
        assertThat(id.get(ValueLayout.JAVA_BYTE, IdentifyNamespace.MC)).isEqualTo((byte) IdentifyNamespace.MC_SEPARATE);
        MemorySegment plain = h.identify(IdentifyCns.NAMESPACE, 4);
        assertThat(plain.get(ValueLayout.JAVA_BYTE, IdentifyNamespace.NLBAF)).isEqualTo((byte) 1);
        assertThat(plain.get(ValueLayout.JAVA_BYTE, IdentifyNamespace.MC)).isZero();
    }

    @Test
    void shouldKeepMetadataWithTheBlocksAndReadItBackThroughMptr() {
        DmaBuffer data = h.pattern(4 * 512, 1);
        DmaBuffer meta = h.pattern(4 * MS, 2);
        assertThat(rw(NvmOpcode.WRITE, 1, 100, 4, data, meta.deviceAddress())).isZero();
        DmaBuffer in = h.buffer(4 * 512);
        DmaBuffer metaIn = h.buffer(4 * MS);
        assertThat(rw(NvmOpcode.READ, 1, 100, 4, in, metaIn.deviceAddress())).isZero();
        assertThat(in.segment().mismatch(data.segment())).isEqualTo(-1);
        assertThat(metaIn.segment().mismatch(meta.segment())).isEqualTo(-1);
        // the metadata of block 102 alone is the third 8 bytes
        DmaBuffer one = h.buffer(MS);
        assertThat(rw(NvmOpcode.READ, 1, 102, 1, in, one.deviceAddress())).isZero();
        assertThat(one.segment().mismatch(meta.segment().asSlice(2 * MS, MS))).isEqualTo(-1);
    }

    @Test
    void shouldMoveNoMetadataWhenMptrIsZero() {
        DmaBuffer meta = h.pattern(64, 3);
        assertThat(rw(NvmOpcode.WRITE, 2, 5, 1, h.pattern(4096, 4), meta.deviceAddress())).isZero();
        // data only: the stored metadata stays as it was
        DmaBuffer data = h.pattern(4096, 5);
        assertThat(rw(NvmOpcode.WRITE, 2, 5, 1, data, 0)).isZero();
        DmaBuffer in = h.buffer(4096);
        DmaBuffer metaIn = h.buffer(64);
        assertThat(rw(NvmOpcode.READ, 2, 5, 1, in, metaIn.deviceAddress())).isZero();
        assertThat(metaIn.segment().mismatch(meta.segment())).isEqualTo(-1);
        assertThat(in.segment().mismatch(data.segment())).isEqualTo(-1);
    }

    @Test
    void shouldCompareMetadataToo() {
        DmaBuffer data = h.pattern(512, 6);
        DmaBuffer meta = h.pattern(MS, 7);
        assertThat(rw(NvmOpcode.WRITE, 1, 7, 1, data, meta.deviceAddress())).isZero();
        assertThat(rw(NvmOpcode.COMPARE, 1, 7, 1, data, meta.deviceAddress())).isZero();
        meta.segment().set(ValueLayout.JAVA_BYTE, 3, (byte) ~meta.segment().get(ValueLayout.JAVA_BYTE, 3));
        assertThat(Status.code(rw(NvmOpcode.COMPARE, 1, 7, 1, data, meta.deviceAddress())))
                .isEqualTo(Status.COMPARE_FAILURE);
        assertThat(rw(NvmOpcode.COMPARE, 1, 7, 1, data, 0)).as("data only").isZero();
    }

    @Test
    void shouldZeroMetadataWithWriteZeroesAndReadZeroMetadataFromANullNamespace() {
        assertThat(rw(NvmOpcode.WRITE, 1, 20, 2, h.pattern(1024, 8), h.pattern(2 * MS, 9).deviceAddress())).isZero();
        assertThat(q.submit(Command.rw(NvmOpcode.WRITE_ZEROES, 1, 20, 2)).status()).isZero();
        DmaBuffer metaIn = h.pattern(2 * MS, 10);
        assertThat(rw(NvmOpcode.READ, 1, 20, 2, h.buffer(1024), metaIn.deviceAddress())).isZero();
        assertThat(metaIn.segment().mismatch(MemorySegment.ofArray(new byte[2 * MS]))).isEqualTo(-1);
        DmaBuffer nullMeta = h.pattern(16, 11);
        assertThat(rw(NvmOpcode.READ, 3, 0, 1, h.buffer(512), nullMeta.deviceAddress())).isZero();
        assertThat(nullMeta.segment().mismatch(MemorySegment.ofArray(new byte[16]))).isEqualTo(-1);
    }

    @Test
    void shouldAnswerDataTransferErrorForAMetadataBufferOutsideHostMemoryAndMoveNothing() {
        DmaBuffer in = h.pattern(512, 12);
        DmaBuffer before = h.pattern(512, 12);
        int st = rw(NvmOpcode.READ, 1, 0, 1, in, 1L << 50);
        assertThat(Status.code(st)).isEqualTo(Status.DATA_TRANSFER_ERROR);
        assertThat(in.segment().mismatch(before.segment())).isEqualTo(-1);
    }

    @Test
    void shouldKeepAFileNamespacesMetadataAfterItsDataAcrossRestarts() throws IOException {
        Path image = dir.resolve("md.img");
        EmulatorConfig cfg = EmulatorConfig.builder().namespace(NamespaceConfig.file(1, 128, 512, image).withMetadata(MS))
                .build();
        DmaBuffer meta;
        try (TestHost f = TestHost.started(cfg)) {
            TestHost.QueuePair fq = f.createIoQueuePair(1, 8);
            DmaBuffer data = f.buffer(512);
            TestHost.fill(data.segment(), 13);
            meta = f.buffer(MS);
            TestHost.fill(meta.segment(), 14);
            assertThat(fq.submit(Command.rw(NvmOpcode.WRITE, 1, 127, 1).data(data).mptr(meta.deviceAddress()))
                    .status()).isZero();
        }
        // QEMU's layout: the data, then 8 bytes of metadata per block
        assertThat(Files.size(image)).isEqualTo(128 * (512 + MS));
        byte[] file = Files.readAllBytes(image);
        MemorySegment stored = MemorySegment.ofArray(file).asSlice(128 * 512 + 127 * MS, MS);
        MemorySegment expected = MemorySegment.ofArray(new byte[MS]);
        TestHost.fill(expected, 14);
        assertThat(stored.mismatch(expected)).isEqualTo(-1);
    }
}
