package io.nvmebridge.qemu.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the strict reader accepts from a QMP peer, and the one-line answers for what it does not. */
class StrictJsonReaderTest {
    private static final StrictJsonReader QMP = new StrictJsonReader(JsonLimits.QMP);

    private static JsonNode read(String s) throws MalformedJsonException {
        return QMP.read(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadAQmpReturnWithNestedValues() throws Exception {
        JsonNode o = read("{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true, \"n\": [1, -2.5e3, null]}, \"id\": 7}\r\n");
        assertThat(o.get("id").longValue()).isEqualTo(7L);
        JsonNode r = o.get("return");
        assertThat(r.get("status").textValue()).isEqualTo("running");
        assertThat(r.get("running").booleanValue()).isTrue();
        JsonNode n = r.get("n");
        assertThat(n.size()).isEqualTo(3);
        assertThat(n.get(0).intValue()).isEqualTo(1);
        assertThat(n.get(1).doubleValue()).isEqualTo(-2500.0);
        assertThat(n.get(2).isNull()).isTrue();
    }

    @Test
    void shouldDecodeEscapesAndSurrogatePairs() throws Exception {
        assertThat(read("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"").textValue())
                .isEqualTo("a\"b\\c/d\b\f\n\r\t\u00e9\ud83d\ude00");
        // raw UTF-8: a two-byte, a three-byte and a four-byte sequence
        assertThat(read("\"\u00e9\u20ac\ud83d\ude00\"").textValue()).isEqualTo("\u00e9\u20ac\ud83d\ude00");
    }

    @Test
    void shouldKeepUnsignedSixtyFourAndOneHundredTwentyEightBitNumbersExact() throws Exception {
        JsonNode u64 = read("18446744073709551615");
        assertThat(u64.isIntegralNumber()).isTrue();
        assertThat(u64.canConvertToLong()).isFalse();
        assertThat(u64.bigIntegerValue()).isEqualTo(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
        assertThat(u64.bigIntegerValue().longValue()).isEqualTo(-1L); // the two's complement a u64 register holds
        JsonNode u128 = read("340282366920938463463374607431768211455");
        assertThat(u128.bigIntegerValue()).isEqualTo(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
        assertThat(read("-9223372036854775808").longValue()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldNotBuildAHugeNumberFromAHugeExponent() throws Exception {
        JsonNode n = read("1e999999999");
        assertThat(n.canConvertToLong()).isFalse();
        assertThat(n.isIntegralNumber()).isFalse();
        // kept exact (not Infinity), and written back as the same number
        assertThat(n.decimalValue()).isEqualByComparingTo(new BigDecimal("1e999999999"));
        assertThat(AsciiJson.write(n)).isEqualTo("1E+999999999");
        assertThat(read("-2.5e3").decimalValue()).isEqualByComparingTo("-2500");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e2147483649", "-71e9585763393579979", "[0.5E-99999999999]"})
    void shouldAnswerANumberBeyondBigDecimalWithOneLine(String input) {
        assertThatThrownBy(() -> read(input)).isInstanceOf(MalformedJsonException.class)
                .hasMessageStartingWith("number out of range").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "[1,]", "{\"a\":1,}", "01", "-", "1.", ".5", "1e", "+1", "tru", "nul",
            "\"abc", "\"\\x\"", "\"\\u12\"", "\"\u0001\"", "{\"a\" 1}", "{a:1}", "[1 2]", "1 2", "\"\\ud800\"",
            "\"\\udc00\"", "\"\\ud800\\u0041\"", "{\"\\udc00\":1}", "{\"a\":1,\"a\":2}", "[{\"a\":1,\"a\":2}]",
            "NaN", "Infinity", "-Infinity", "[1]x", "// c\n1", "/* c */1", "'a'", "{\"a\":1}}", "[1]]", "0x10",
            "\"a\nb\"", "[\"\\ud83d\"]", "nulls", "truex"})
    void shouldRejectMalformedJsonWithOneLine(String input) {
        assertThatThrownBy(() -> read(input)).isInstanceOf(MalformedJsonException.class)
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r"));
    }

    @Test
    void shouldNameTheOffsetWhereTheSyntaxBroke() {
        assertThatThrownBy(() -> read("[1, 2, x]")).hasMessageEndingWith("at offset 7");
    }

    @Test
    void shouldRejectMalformedUtf8() {
        byte[][] bad = {
                {'"', (byte) 0xC3, '"'},                     // truncated two-byte sequence
                {'"', (byte) 0xC0, (byte) 0x80, '"'},        // overlong NUL
                {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // an encoded surrogate (CESU-8)
                {'"', (byte) 0xFF, '"'}};
        for (byte[] b : bad) {
            assertThatThrownBy(() -> QMP.read(b)).isInstanceOf(MalformedJsonException.class).hasMessageContaining("UTF-8");
        }
    }

    @Test
    void shouldEnforceEveryLimit() {
        StrictJsonReader small = new StrictJsonReader(new JsonLimits(64, 3, 5, 4, 3));
        assertThatThrownBy(() -> small.read("[[[[1]]]]")).isInstanceOf(MalformedJsonException.class).hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> small.read("\"123456\"")).hasMessageContaining("String value length");
        assertThatThrownBy(() -> small.read("{\"123456\":1}")).hasMessageContaining("Name length");
        assertThatThrownBy(() -> small.read("12345")).hasMessageContaining("Number value length");
        assertThatThrownBy(() -> small.read("[1,2,3,4]")).hasMessageContaining("array has more than 3 elements");
        assertThatThrownBy(() -> small.read("{\"a\":1,\"b\":1,\"c\":1,\"d\":1}")).hasMessageContaining("object has more than 3 members");
        assertThatThrownBy(() -> small.read(" ".repeat(65) + "1")).hasMessageContaining("exceeds the limit of 64");
        assertThatThrownBy(() -> small.read(new byte[65])).hasMessageContaining("65 bytes exceeds the limit of 64");
    }

    @Test
    void shouldRejectDeepNestingWithoutOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> new StrictJsonReader(new JsonLimits(1 << 20, 64, 10, 10, 10)).read(deep))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("nesting depth (65) exceeds the maximum allowed (64");
    }
}
