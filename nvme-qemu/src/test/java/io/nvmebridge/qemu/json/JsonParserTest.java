package io.nvmebridge.qemu.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvmebridge.qemu.json.JsonValue.JsonArray;
import io.nvmebridge.qemu.json.JsonValue.JsonBoolean;
import io.nvmebridge.qemu.json.JsonValue.JsonNull;
import io.nvmebridge.qemu.json.JsonValue.JsonNumber;
import io.nvmebridge.qemu.json.JsonValue.JsonObject;
import io.nvmebridge.qemu.json.JsonValue.JsonString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonParserTest {
    private static JsonValue parse(String s) throws JsonParseException {
        return JsonParser.parse(s.getBytes(StandardCharsets.UTF_8), JsonLimits.QMP);
    }

    @Test
    void shouldParseAQmpReturnWithNestedValues() throws Exception {
        JsonValue v = parse("{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true, \"n\": [1, -2.5e3, null]}, \"id\": 7}\r\n");
        JsonObject o = (JsonObject) v;
        assertThat(o.integer("id")).contains(7L);
        JsonObject r = o.object("return").orElseThrow();
        assertThat(r.string("status")).contains("running");
        assertThat(r.bool("running")).contains(true);
        assertThat(r.get("n")).contains(new JsonArray(List.of(new JsonNumber("1"), new JsonNumber("-2.5e3"), JsonNull.INSTANCE)));
    }

    @Test
    void shouldDecodeEscapesAndSurrogatePairs() throws Exception {
        assertThat(parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\""))
                .isEqualTo(new JsonString("a\"b\\c/d\b\f\n\r\t\u00e9\ud83d\ude00"));
    }

    @Test
    void shouldKeepUnsignedSixtyFourBitNumbersExact() throws Exception {
        JsonNumber n = (JsonNumber) parse("18446744073709551615");
        assertThat(n.longValue()).isEqualTo(-1L);
        assertThat(n.isLong()).isFalse();
        assertThatThrownBy(() -> ((JsonNumber) parse("18446744073709551616")).longValue()).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> ((JsonNumber) parse("1e999999999")).longValue()).isInstanceOf(ArithmeticException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "[1,]", "{\"a\":1,}", "01", "-", "1.", ".5", "1e", "+1", "tru", "nul",
            "\"abc", "\"\\x\"", "\"\\u12\"", "\"\u0001\"", "{\"a\" 1}", "{a:1}", "[1 2]", "1 2", "\"\\ud800\"",
            "\"\\udc00\"", "\"\\ud800\\u0041\"", "{\"a\":1,\"a\":2}", "NaN", "Infinity", "[1]x", "// c\n1", "'a'"})
    void shouldRejectMalformedJson(String input) {
        assertThatThrownBy(() -> parse(input)).isInstanceOf(JsonParseException.class);
    }

    @Test
    void shouldRejectMalformedUtf8() {
        byte[] bad = {'"', (byte) 0xC3, '"'};
        assertThatThrownBy(() -> JsonParser.parse(bad, JsonLimits.QMP)).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void shouldEnforceEveryLimit() {
        JsonLimits small = new JsonLimits(64, 3, 5, 4, 3);
        assertThatThrownBy(() -> JsonParser.parse("[[[[1]]]]", small)).hasMessageContaining("nesting");
        assertThatThrownBy(() -> JsonParser.parse("\"123456\"", small)).hasMessageContaining("string longer");
        assertThatThrownBy(() -> JsonParser.parse("12345", small)).hasMessageContaining("number literal");
        assertThatThrownBy(() -> JsonParser.parse("[1,2,3,4]", small)).hasMessageContaining("more than 3");
        assertThatThrownBy(() -> JsonParser.parse("{\"a\":1,\"b\":1,\"c\":1,\"d\":1}", small)).hasMessageContaining("more than 3");
        assertThatThrownBy(() -> JsonParser.parse(" ".repeat(65) + "1", small)).hasMessageContaining("exceeds");
    }

    @Test
    void shouldRejectDeepNestingWithoutOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> JsonParser.parse(deep, new JsonLimits(1 << 20, 64, 10, 10, 10)))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("nesting deeper than 64");
    }

    @Test
    void shouldWriteCompactAsciiJson() {
        JsonObject o = JsonObject.builder().put("execute", "qom-get").put("n", 5).put("b", true)
                .put("s", "\u00e9\n\"").put("z", JsonNull.INSTANCE).put("f", JsonBoolean.FALSE).build();
        assertThat(JsonWriter.write(o)).isEqualTo("{\"execute\":\"qom-get\",\"n\":5,\"b\":true,\"s\":\"\\u00e9\\n\\\"\",\"z\":null,\"f\":false}");
    }
}
