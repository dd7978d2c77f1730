package io.nvmebridge.qemu.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What goes to QEMU: compact, one line, pure ASCII, every number exact. */
class AsciiJsonTest {

    @Test
    void shouldWriteCompactAsciiJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("execute", "qom-get").put("n", 5).put("b", true)
                .put("s", "\u00e9\n\"").putNull("z").put("f", false);
        assertThat(AsciiJson.write(o)).isEqualTo("{\"execute\":\"qom-get\",\"n\":5,\"b\":true,\"s\":\"\\u00e9\\n\\\"\",\"z\":null,\"f\":false}");
    }

    @Test
    void shouldEscapeControlCharactersQuotesAndEverythingBeyondAscii() {
        assertThat(AsciiJson.write("\u0000\u0001\u001f\b\f\t\r\n\"\\/\u007f"))
                .isEqualTo("\"\\u0000\\u0001\\u001f\\b\\f\\t\\r\\n\\\"\\\\/\u007f\"");
        // a supplementary character is written as its surrogate pair, each half escaped
        assertThat(AsciiJson.write("\ud83d\ude00\u20ac")).isEqualTo("\"\\ud83d\\ude00\\u20ac\"");
        assertThat(AsciiJson.write(Map.of("\u00fcber", 1))).isEqualTo("{\"\\u00fcber\":1}");
    }

    @Test
    void shouldWriteBigNumbersExactly() {
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("u64", new BigInteger("18446744073709551615"));
        sizes.put("u128", BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
        sizes.put("min", Long.MIN_VALUE);
        assertThat(AsciiJson.write(sizes))
                .isEqualTo("{\"u64\":18446744073709551615,\"u128\":340282366920938463463374607431768211455,\"min\":-9223372036854775808}");
    }

    @Test
    void shouldWriteARecordsComponentsInOrder() {
        record Throttle(String device, long bps, List<Integer> queues) {
        }
        assertThat(AsciiJson.write(new Throttle("d1", 0, List.of(1, 2)))).isEqualTo("{\"device\":\"d1\",\"bps\":0,\"queues\":[1,2]}");
    }
}
