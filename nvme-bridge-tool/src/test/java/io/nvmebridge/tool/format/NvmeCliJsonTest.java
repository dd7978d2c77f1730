package io.nvmebridge.tool.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tool's JSON: nvme-cli's layout, exact unsigned numbers, nvme-cli 2.3's forms for 128-bit, ASCII, IEEE and UUID
 * fields, null for what was not measured, escaping.
 */
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
    void shouldWriteUnsignedSixtyFourBitFieldsAsExactNumbersAndOneHundredTwentyEightBitFieldsAsDecimalStrings()
            throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ones = arena.allocate(16).fill((byte) 0xFF);
            ObjectNode o = NvmeCliJson.object();
            Field.u64("nsze", 0).json(o, ones);
            Field.u128("tnvmcap", 0).json(o, ones);
            Field.u32("nn", 0).json(o, ones);
            Field.u16("mtfa", 0).json(o, ones);
            String json = NvmeCliJson.write(o);
            // nvme-cli 2.3 (libnvme's json_object_add_value_uint128): the decimal value as a string
            assertThat(json).isEqualTo("""
                    {
                      "nsze" : 18446744073709551615,
                      "tnvmcap" : "340282366920938463463374607431768211455",
                      "nn" : 4294967295,
                      "mtfa" : 65535
                    }""");
            JsonNode back = READER.readTree(json);
            assertThat(back.get("nsze").bigIntegerValue()).isEqualTo(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
            assertThat(new BigInteger(back.get("tnvmcap").textValue())).isEqualTo(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
            // the high half counts: 2^64 + 1, not 1
            ones.fill((byte) 0);
            ones.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            ones.set(ValueLayout.JAVA_BYTE, 8, (byte) 1);
            ObjectNode two = NvmeCliJson.object();
            Field.u128("data_units_read", 0).json(two, ones);
            assertThat(two.get("data_units_read").textValue()).isEqualTo(BigInteger.ONE.shiftLeft(64).add(BigInteger.ONE).toString());
            // one bit above Long.MAX_VALUE, and Long.MAX_VALUE itself
            ones.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, Long.MIN_VALUE);
            assertThat(NvmeCliJson.unsigned(ones.get(ValueLayout.JAVA_LONG_UNALIGNED, 0))).isEqualTo(BigInteger.ONE.shiftLeft(63));
            assertThat(NvmeCliJson.unsigned(Long.MAX_VALUE)).isEqualTo(BigInteger.valueOf(Long.MAX_VALUE));
        }
    }

    @Test
    void shouldWriteIdentifyStringsAsStoredTheOuiAsOneIntegerAndTheFruGuidAsAUuid() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(64);
            // sn: 20 bytes, space padded; subnqn: NUL padded, ends at its first NUL
            s.asSlice(0, 20).fill((byte) ' ').copyFrom(MemorySegment.ofArray("NVB-1".getBytes(StandardCharsets.US_ASCII)));
            s.asSlice(20, 8).copyFrom(MemorySegment.ofArray(new byte[] {'n', 'q', 'n', '.', 'x', ' ', 0, 'z'}));
            // QEMU's OUI 52-54-00, stored least significant byte first
            s.set(ValueLayout.JAVA_BYTE, 28, (byte) 0x00);
            s.set(ValueLayout.JAVA_BYTE, 29, (byte) 0x54);
            s.set(ValueLayout.JAVA_BYTE, 30, (byte) 0x52);
            for (int i = 0; i < 16; i++) {
                s.set(ValueLayout.JAVA_BYTE, 32 + i, (byte) (0xa0 + i));
            }
            ObjectNode o = NvmeCliJson.object();
            Field.ascii("sn", 0, 20).json(o, s);
            Field.ascii("subnqn", 20, 8).json(o, s);
            Field.ieee("ieee", 28).json(o, s);
            Field.uuid("fguid", 32).json(o, s);
            assertThat(o.get("sn").textValue()).isEqualTo("NVB-1" + " ".repeat(15));
            assertThat(o.get("subnqn").textValue()).isEqualTo("nqn.x ");
            assertThat(o.get("ieee").isIntegralNumber()).isTrue();
            assertThat(o.get("ieee").longValue()).isEqualTo(0x525400L).isEqualTo(5395456L);
            assertThat(o.get("fguid").textValue()).isEqualTo("a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf");
            // text output keeps its forms: trimmed, six hex digits, 32 hex digits
            assertThat(Field.ascii("sn", 0, 20).text(s)).isEqualTo("NVB-1");
            assertThat(Field.ieee("ieee", 28).text(s)).isEqualTo("525400");
            assertThat(Field.uuid("fguid", 32).text(s)).isEqualTo("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
            assertThat(Field.ascii("subnqn", 20, 8).isEmptyString(s)).isFalse();
            assertThat(Field.ascii("subnqn", 48, 8).isEmptyString(s)).isTrue();
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
