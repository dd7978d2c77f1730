package io.nvmebridge.driver;

import io.nvmebridge.spec.admin.Ascii;
import io.nvmebridge.spec.admin.IdentifyController;
import io.nvmebridge.spec.admin.IdentifyNamespace;
import io.nvmebridge.spec.admin.LbaFormat;
import io.nvmebridge.testsupport.Examples;
import io.nvmebridge.testsupport.Generators;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentifyParsingTest {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void shouldParseIdentifyControllerFieldsAtSpecOffsets() {
        MemorySegment d = MemorySegment.ofArray(new byte[4096]);
        d.set(U16, IdentifyController.VID, (short) 0x1b36);
        Ascii.put(d, IdentifyController.SN, IdentifyController.SN_LENGTH, "SN123");
        Ascii.put(d, IdentifyController.MN, IdentifyController.MN_LENGTH, "Model X");
        Ascii.put(d, IdentifyController.FR, IdentifyController.FR_LENGTH, "1.0");
        d.set(ValueLayout.JAVA_BYTE, IdentifyController.MDTS, (byte) 7);
        d.set(U16, IdentifyController.CNTLID, (short) 3);
        d.set(U32, IdentifyController.VER, 0x10400);
        d.set(U16, IdentifyController.OACS, (short) 0x10a);
        d.set(ValueLayout.JAVA_BYTE, IdentifyController.SQES, (byte) 0x66);
        d.set(ValueLayout.JAVA_BYTE, IdentifyController.CQES, (byte) 0x44);
        d.set(U32, IdentifyController.NN, 256);
        d.set(U16, IdentifyController.ONCS, (short) 0x15d);
        Ascii.put(d, IdentifyController.SUBNQN, 256, "nqn.2019-08.org.qemu:SN123");
        IdentifyControllerData id = IdentifyControllerData.parse(d);
        assertThat(id.vid()).isEqualTo(0x1b36);
        assertThat(id.sn()).isEqualTo("SN123");
        assertThat(id.mn()).isEqualTo("Model X");
        assertThat(id.fr()).isEqualTo("1.0");
        assertThat(id.mdts()).isEqualTo(7);
        assertThat(id.cntlid()).isEqualTo(3);
        assertThat(id.ver()).isEqualTo(0x10400);
        assertThat(id.supportsDoorbellBufferConfig()).isTrue();
        assertThat(id.sqes()).isEqualTo(0x66);
        assertThat(id.cqes()).isEqualTo(0x44);
        assertThat(id.nn()).isEqualTo(256);
        assertThat(id.supports(IdentifyController.ONCS_WRITE_ZEROES)).isTrue();
        assertThat(id.subnqn()).isEqualTo("nqn.2019-08.org.qemu:SN123");
        assertThat(id.raw()).hasSize(4096);
        assertThat(id.raw()[IdentifyController.MDTS]).isEqualTo((byte) 7);
    }

    @Test
    void shouldParseNamespaceSizeAndFormatInUse() {
        MemorySegment d = MemorySegment.ofArray(new byte[4096]);
        d.set(U64, IdentifyNamespace.NSZE, 1 << 20);
        d.set(U64, IdentifyNamespace.NCAP, 1 << 20);
        d.set(U64, IdentifyNamespace.NUSE, 1 << 10);
        d.set(ValueLayout.JAVA_BYTE, IdentifyNamespace.NLBAF, (byte) 1);
        d.set(ValueLayout.JAVA_BYTE, IdentifyNamespace.FLBAS, (byte) 1);
        d.set(U32, IdentifyNamespace.lbaf(0), LbaFormat.of(0, 9, 0));
        d.set(U32, IdentifyNamespace.lbaf(1), LbaFormat.of(8, 12, 0));
        NamespaceInfo ns = NamespaceInfo.parse(1, d);
        assertThat(ns.size()).isEqualTo(1 << 20);
        assertThat(ns.utilization()).isEqualTo(1 << 10);
        assertThat(ns.lbaSize()).isEqualTo(4096);
        assertThat(ns.lbaShift()).isEqualTo(12);
        assertThat(ns.metadataSize()).isEqualTo(8);
        assertThat(ns.sizeBytes()).isEqualTo((1L << 20) * 4096);
    }

    @Test
    void shouldRejectImpossibleBlockSizeWithOneLineError() {
        MemorySegment d = MemorySegment.ofArray(new byte[4096]);
        d.set(U32, IdentifyNamespace.lbaf(0), LbaFormat.of(0, 40, 0));
        assertThatThrownBy(() -> NamespaceInfo.parse(7, d)).isInstanceOf(NvmeException.class)
                .hasMessageContaining("namespace 7").hasMessageContaining("LBADS 40");
    }

    @Test
    void parsersShouldNeverFailOtherThanCleanlyOnArbitraryBytes() {
        Examples.atLeast(200).check(Generators.bytes(4096), bytes -> {
            MemorySegment d = MemorySegment.ofArray(bytes);
            IdentifyControllerData id = IdentifyControllerData.parse(d);
            assertThat(id.raw()).isEqualTo(bytes);
            try {
                NamespaceInfo ns = NamespaceInfo.parse(1, d);
                assertThat(ns.lbaSize()).isBetween(512, 65536);
            } catch (NvmeException e) {
                assertThat(e.getMessage()).contains("LBADS");
            }
        });
    }
}
