package io.nvmebridge.qemu.qtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.longs;

import io.nvmebridge.testsupport.Examples;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QtestCodecTest {
    private static String encoded(byte[] verb, long a, long b) {
        byte[] buf = new byte[QtestCodec.MAX_COMMAND];
        return new String(buf, 0, QtestCodec.encode(buf, verb, a, b), StandardCharsets.US_ASCII);
    }

    @Test
    void shouldFormatCommandsAsQtestExpects() {
        assertThat(encoded(QtestCodec.WRITEL, 0xC0001000L, 5)).isEqualTo("writel 0xc0001000 0x5\n");
        assertThat(encoded(QtestCodec.WRITEQ, 0, -1L)).isEqualTo("writeq 0x0 0xffffffffffffffff\n");
        byte[] buf = new byte[QtestCodec.MAX_COMMAND];
        assertThat(new String(buf, 0, QtestCodec.encode(buf, QtestCodec.INL, 0xcfc), StandardCharsets.US_ASCII)).isEqualTo("inl 0xcfc\n");
    }

    @Test
    void shouldEncodeEveryAddressAndValueInHex() {
        Examples.atLeast(300).check(longs().all(), longs().all(), (a, b) -> {
            String s = encoded(QtestCodec.WRITEQ, a, b);
            String[] parts = s.strip().split(" ");
            assertThat(Long.parseUnsignedLong(parts[1].substring(2), 16)).isEqualTo(a);
            assertThat(Long.parseUnsignedLong(parts[2].substring(2), 16)).isEqualTo(b);
        });
    }

    @Test
    void shouldClassifyAndParseReplies() {
        assertThat(classify("OK")).isEqualTo(QtestCodec.REPLY_OK);
        assertThat(classify("OK 0x00010400")).isEqualTo(QtestCodec.REPLY_OK);
        assertThat(classify("IRQ raise 5")).isEqualTo(QtestCodec.REPLY_IRQ);
        assertThat(classify("FAIL Unknown command 'foo'")).isEqualTo(QtestCodec.REPLY_FAIL);
        assertThat(classify("OKAY")).isEqualTo(QtestCodec.REPLY_FAIL);
        assertThat(value("OK 0x00010400")).isEqualTo(0x10400);
        assertThat(value("OK 0xffffffffffffffff")).isEqualTo(-1L);
        assertThat(value("OK")).isZero();
        assertThatThrownBy(() -> value("OK 0x")).isInstanceOf(QtestException.class);
        assertThatThrownBy(() -> value("OK 0x1ffffffffffffffff")).isInstanceOf(QtestException.class);
        assertThatThrownBy(() -> value("OK 12")).isInstanceOf(QtestException.class);
        assertThatThrownBy(() -> value("OK 0xzz")).isInstanceOf(QtestException.class);
    }

    private static int classify(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return QtestCodec.classify(b, 0, b.length);
    }

    private static long value(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return QtestCodec.value(b, 0, b.length);
    }
}
