package io.nvmebridge.tool.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tool's JSON: nvme-cli's layout, exact unsigned numbers, null for what was not measured, escaping. */
class NvmeCliJsonTest {
    private static final JsonMapper READER = JsonMapper.builder().build();

    record Inner(int a, List<Integer> none, Map<String, Integer> empty) {
    }

    record Outer(String name, Inner inner, List<Inner> list) {
    }

    @Test
    void shouldLayOutLikeNvmeCli() {
        Inner inner = new Inner(1, List.of(), Map.of());
        assertThat(NvmeCliJson.write(new Outer("x", inner, List.of(inner)))).isEqualTo("""
                {
                  "name" : "x",
                  "inner" : {
                    "a" : 1,
                    "none" : [],
                    "empty" : {}
                  },
                  "list" : [
                    {
                      "a" : 1,
                      "none" : [],
                      "empty" : {}
                    }
                  ]
                }""");
        assertThat(NvmeCliJson.write(List.of())).isEqualTo("[]");
        assertThat(NvmeCliJson.write(NvmeCliJson.object())).isEqualTo("{}");
    }

    @Test
    void shouldWriteUnsignedSixtyFourAndOneHundredTwentyEightBitFieldsAsExactNumbers() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ones = arena.allocate(16).fill((byte) 0xFF);
            ObjectNode o = NvmeCliJson.object();
            Field.u64("nsze", 0).json(o, ones);
            Field.u128("tnvmcap", 0).json(o, ones);
            Field.u32("nn", 0).json(o, ones);
            Field.u16("mtfa", 0).json(o, ones);
            String json = NvmeCliJson.write(o);
            assertThat(json).isEqualTo("""
                    {
                      "nsze" : 18446744073709551615,
                      "tnvmcap" : 340282366920938463463374607431768211455,
                      "nn" : 4294967295,
                      "mtfa" : 65535
                    }""");
            JsonNode back = READER.readTree(json);
            assertThat(back.get("nsze").bigIntegerValue()).isEqualTo(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
            assertThat(back.get("tnvmcap").bigIntegerValue()).isEqualTo(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
            // one bit above Long.MAX_VALUE, and Long.MAX_VALUE itself
            ones.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, Long.MIN_VALUE);
            assertThat(NvmeCliJson.unsigned(ones.get(ValueLayout.JAVA_LONG_UNALIGNED, 0))).isEqualTo(BigInteger.ONE.shiftLeft(63));
            assertThat(NvmeCliJson.unsigned(Long.MAX_VALUE)).isEqualTo(BigInteger.valueOf(Long.MAX_VALUE));
        }
    }

    record Measured(double rate, Double ratio, List<Double> samples) {
    }

    @Test
    void shouldWriteWhatWasNotMeasuredAsNullAndDoublesAsJavaPrintsThem() {
        assertThat(NvmeCliJson.write(new Measured(Double.NaN, Double.POSITIVE_INFINITY, List.of(1e7, Double.NaN, 0.5))))
                .isEqualTo("""
                        {
                          "rate" : null,
                          "ratio" : null,
                          "samples" : [
                            1.0E7,
                            null,
                            0.5
                          ]
                        }""");
    }

    @Test
    void shouldEscapeQuotesBackslashesAndControlCharactersAndKeepUnicode() throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mn", "a\"b\\c\nd\te\u0001\u001f");
        m.put("sn", "\u00fc\u20ac\ud83d\ude00");
        String json = NvmeCliJson.write(m);
        assertThat(json).contains("\"mn\" : \"a\\\"b\\\\c\\nd\\te\\u0001\\u001f\"", "\"sn\" : \"\u00fc\u20ac\ud83d\ude00\"");
        assertThat(READER.readTree(json).get("mn").textValue()).isEqualTo(m.get("mn"));
        assertThat(READER.readTree(json).get("sn").textValue()).isEqualTo(m.get("sn"));
    }
}
