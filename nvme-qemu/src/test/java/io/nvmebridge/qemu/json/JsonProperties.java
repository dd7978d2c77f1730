package io.nvmebridge.qemu.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.qemu.json.JsonValue.JsonArray;
import io.nvmebridge.qemu.json.JsonValue.JsonBoolean;
import io.nvmebridge.qemu.json.JsonValue.JsonNull;
import io.nvmebridge.qemu.json.JsonValue.JsonNumber;
import io.nvmebridge.qemu.json.JsonValue.JsonObject;
import io.nvmebridge.qemu.json.JsonValue.JsonString;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The QMP JSON parser reads untrusted bytes: it must round-trip what it writes and reject the rest cleanly. */
class JsonProperties {
    private static final JsonLimits LIMITS = new JsonLimits(1 << 16, 8, 256, 32, 64);

    @Property(tries = 500)
    void shouldRoundTripEveryValueItWrites(@ForAll("values") JsonValue value) throws JsonParseException {
        String text = JsonWriter.write(value);
        assertThat(text).doesNotContain("\n").matches("\\p{ASCII}*");
        assertThat(JsonParser.parse(text.getBytes(StandardCharsets.US_ASCII), JsonLimits.QMP)).isEqualTo(value);
    }

    @Property(tries = 1000)
    void shouldEitherParseOrRejectArbitraryBytesWithAParseException(@ForAll byte[] bytes) {
        parseOrReject(bytes);
    }

    @Property(tries = 1000)
    void shouldEitherParseOrRejectMutatedJson(@ForAll("values") JsonValue value, @ForAll("mutations") List<int[]> mutations) {
        byte[] bytes = JsonWriter.write(value).getBytes(StandardCharsets.US_ASCII);
        for (int[] m : mutations) {
            if (bytes.length == 0) {
                break;
            }
            bytes[Math.floorMod(m[0], bytes.length)] = (byte) m[1];
        }
        parseOrReject(bytes);
    }

    @Property(tries = 300)
    void shouldRoundTripArbitraryUnicodeStrings(@ForAll String s) throws JsonParseException {
        // jqwik strings may hold lone surrogates, which are not Unicode text; those must be rejected
        boolean wellFormed = s.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
        String json = JsonWriter.write(new JsonString(s));
        if (wellFormed) {
            assertThat(JsonParser.parse(json, JsonLimits.QMP)).isEqualTo(new JsonString(s));
        } else {
            parseOrReject(json.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void parseOrReject(byte[] bytes) {
        try {
            JsonValue v = JsonParser.parse(bytes, LIMITS);
            // whatever is accepted is a value the writer reproduces and the parser reads back the same
            String again = JsonWriter.write(v);
            assertThat(JsonParser.parse(again, JsonLimits.QMP)).isEqualTo(v);
        } catch (JsonParseException expected) {
            assertThat(expected.getMessage()).contains("at offset");
        }
    }

    @Provide
    Arbitrary<List<int[]>> mutations() {
        Arbitrary<int[]> one = Arbitraries.integers().between(0, 10_000).flatMap(pos ->
                Arbitraries.of((int) '{', (int) '}', (int) '[', (int) ']', (int) '"', (int) '\\', (int) ',', (int) ':',
                                (int) '0', (int) '-', (int) 'e', (int) ' ', (int) 'u', 0, 0x80, 0xC3, 0xFF)
                        .map(c -> new int[] {pos, c}));
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<JsonValue> values() {
        return value(4);
    }

    private Arbitrary<JsonValue> value(int depth) {
        Arbitrary<JsonValue> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).filter(JsonProperties::wellFormed).map(s -> (JsonValue) new JsonString(s)),
                Arbitraries.longs().map(l -> (JsonValue) JsonNumber.of(l)),
                Arbitraries.doubles().filter(Double::isFinite).map(d -> (JsonValue) new JsonNumber(Double.toString(d).replace("E", "e"))),
                Arbitraries.of(JsonBoolean.TRUE, JsonBoolean.FALSE, JsonNull.INSTANCE).map(v -> (JsonValue) v));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<JsonValue> array = Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(4).map(l -> (JsonValue) new JsonArray(l));
        Arbitrary<JsonValue> object = Arbitraries.maps(Arbitraries.strings().ofMaxLength(8).filter(JsonProperties::wellFormed),
                Arbitraries.lazy(() -> value(depth - 1))).ofMaxSize(4)
                .map(m -> (JsonValue) new JsonObject(new LinkedHashMap<>(m)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, scalar), net.jqwik.api.Tuple.of(1, array), net.jqwik.api.Tuple.of(1, object));
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

}
