package io.nvmebridge.qemu.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.Generate.frequency;
import static org.quicktheories.generators.Generate.oneOf;
import static org.quicktheories.generators.Generate.range;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.maps;
import static org.quicktheories.generators.SourceDSL.strings;

import io.nvmebridge.qemu.json.JsonValue.JsonArray;
import io.nvmebridge.qemu.json.JsonValue.JsonBoolean;
import io.nvmebridge.qemu.json.JsonValue.JsonNull;
import io.nvmebridge.qemu.json.JsonValue.JsonNumber;
import io.nvmebridge.qemu.json.JsonValue.JsonObject;
import io.nvmebridge.qemu.json.JsonValue.JsonString;
import io.nvmebridge.testsupport.Examples;
import io.nvmebridge.testsupport.Generators;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

/** The QMP JSON parser reads untrusted bytes: it must round-trip what it writes and reject the rest cleanly. */
class JsonProperties {
    private static final JsonLimits LIMITS = new JsonLimits(1 << 16, 8, 256, 32, 64);

    @Test
    void shouldRoundTripEveryValueItWrites() {
        Examples.atLeast(500).check(values(), value -> {
            String text = JsonWriter.write(value);
            assertThat(text).doesNotContain("\n").matches("\\p{ASCII}*");
            assertThat(JsonParser.parse(text.getBytes(StandardCharsets.US_ASCII), JsonLimits.QMP)).isEqualTo(value);
        });
    }

    @Test
    void shouldEitherParseOrRejectArbitraryBytesWithAParseException() {
        Examples.atLeast(1000).check(Generators.bytes(0, 255), JsonProperties::parseOrReject);
    }

    @Test
    void shouldEitherParseOrRejectMutatedJson() {
        Examples.atLeast(1000).check(values(), mutations(), (value, mutations) -> {
            byte[] bytes = JsonWriter.write(value).getBytes(StandardCharsets.US_ASCII);
            for (Mutation m : mutations) {
                if (bytes.length == 0) {
                    break;
                }
                bytes[Math.floorMod(m.position(), bytes.length)] = (byte) m.value();
            }
            parseOrReject(bytes);
        });
    }

    @Test
    void shouldRoundTripArbitraryUnicodeStrings() {
        // any code point, a lone surrogate among them now and then, which is not Unicode text and must be rejected
        Examples.atLeast(300).check(strings().allPossible().ofLengthBetween(0, 255), s -> {
            boolean wellFormed = s.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
            String json = JsonWriter.write(new JsonString(s));
            if (wellFormed) {
                assertThat(JsonParser.parse(json, JsonLimits.QMP)).isEqualTo(new JsonString(s));
            } else {
                parseOrReject(json.getBytes(StandardCharsets.US_ASCII));
            }
        });
    }

    private static void parseOrReject(byte[] bytes) throws JsonParseException {
        try {
            JsonValue v = JsonParser.parse(bytes, LIMITS);
            // whatever is accepted is a value the writer reproduces and the parser reads back the same
            String again = JsonWriter.write(v);
            assertThat(JsonParser.parse(again, JsonLimits.QMP)).isEqualTo(v);
        } catch (JsonParseException expected) {
            assertThat(expected.getMessage()).contains("at offset");
        }
    }

    /** A byte of the written text overwritten; the position is taken modulo the text's length. */
    record Mutation(int position, int value) {
        @Override
        public String toString() {
            return "[" + position + "]=0x" + Integer.toHexString(value);
        }
    }

    /** One to four mutations, to bytes that matter to JSON's grammar or to UTF-8. */
    private static Gen<List<Mutation>> mutations() {
        Gen<Mutation> one = range(0, 10_000).zip(arbitrary().pick((int) '{', (int) '}', (int) '[', (int) ']', (int) '"',
                (int) '\\', (int) ',', (int) ':', (int) '0', (int) '-', (int) 'e', (int) ' ', (int) 'u', 0, 0x80, 0xC3,
                0xFF), Mutation::new);
        return lists().of(one).ofSizeBetween(1, 4);
    }

    private static Gen<JsonValue> values() {
        return value(4);
    }

    private static Gen<JsonValue> value(int depth) {
        Gen<JsonValue> scalar = oneOf(
                strings().allPossible().ofLengthBetween(0, 20).map(s -> (JsonValue) new JsonString(wellFormed(s))),
                longs().all().map(l -> (JsonValue) JsonNumber.of(l)),
                doubles().any().assuming(Double::isFinite)
                        .map(d -> (JsonValue) new JsonNumber(Double.toString(d).replace("E", "e"))),
                arbitrary().pick(JsonBoolean.TRUE, JsonBoolean.FALSE, JsonNull.INSTANCE).map(v -> (JsonValue) v));
        if (depth == 0) {
            return scalar;
        }
        Gen<JsonValue> element = value(depth - 1);
        Gen<JsonValue> array = lists().of(element).ofSizeBetween(0, 4).map(l -> (JsonValue) new JsonArray(l));
        Gen<JsonValue> object = maps().of(strings().allPossible().ofLengthBetween(0, 8).map(JsonProperties::wellFormed),
                element).ofSizeBetween(0, 4).map(m -> (JsonValue) new JsonObject(new LinkedHashMap<>(m)));
        return frequency(Pair.of(3, scalar), Pair.of(1, array), Pair.of(1, object));
    }

    /** {@code s} with each lone surrogate (not Unicode text, so never in a value the writer is given) as U+FFFD. */
    private static String wellFormed(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                b.append('\uFFFD');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
