package io.nvmebridge.qemu.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Random;
import io.nvmebridge.testsupport.Examples;
import org.junit.jupiter.api.Test;

/**
 * QMP's JSON comes from an untrusted peer: what {@link AsciiJson} writes, {@link StrictJsonReader} must read
 * back unchanged, and anything else it must either read or reject with a one-line
 * {@link MalformedJsonException}, never another exception. Random values, bytes and mutations grown from
 * seeds that QuickTheories draws ({@link Examples}: a failure prints the line that replays it).
 */
class JsonRoundTripTest {
    private static final JsonLimits LIMITS = new JsonLimits(1 << 16, 8, 256, 32, 64);
    private static final StrictJsonReader QMP = new StrictJsonReader(JsonLimits.QMP);
    private static final StrictJsonReader SMALL = new StrictJsonReader(LIMITS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /**
     * The reader makes an IntNode of what was written from a LongNode and a BigDecimal of a double's shortest
     * text: compare numbers by value (a double by the double its text reads back as).
     */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            if (a.isIntegralNumber() && b.isIntegralNumber()) {
                return a.bigIntegerValue().compareTo(b.bigIntegerValue());
            }
            if (a.isBigDecimal() && b.isBigDecimal()) {
                return a.decimalValue().compareTo(b.decimalValue());
            }
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return a.equals(b) ? 0 : 1;
    };
    private static final int[] MUTATIONS = {'{', '}', '[', ']', '"', '\\', ',', ':', '0', '-', 'e', ' ', 'u', 0, 0x80, 0xC3, 0xFF};

    @Test
    void shouldRoundTripEveryValueItWrites() {
        Examples.atLeast(500).checkSeeds(seed -> {
            Random random = new Random(seed);
            JsonNode value = value(random, 4);
            String text = AsciiJson.write(value);
            assertThat(text).doesNotContain("\n").matches("\\p{ASCII}*");
            assertSameValue(QMP.read(text.getBytes(StandardCharsets.US_ASCII)), value);
        });
    }

    @Test
    void shouldEitherReadOrRejectArbitraryBytesWithOneLine() {
        Examples.atLeast(1000).checkSeeds(seed -> {
            Random random = new Random(seed);
            byte[] bytes = new byte[random.nextInt(48)];
            random.nextBytes(bytes);
            readOrReject(bytes);
        });
    }

    @Test
    void shouldEitherReadOrRejectMutatedJsonWithOneLine() {
        Examples.atLeast(1000).checkSeeds(seed -> {
            Random random = new Random(seed);
            byte[] bytes = AsciiJson.write(value(random, 4)).getBytes(StandardCharsets.US_ASCII);
            for (int m = 1 + random.nextInt(4); m > 0 && bytes.length > 0; m--) {
                bytes[random.nextInt(bytes.length)] = (byte) MUTATIONS[random.nextInt(MUTATIONS.length)];
            }
            readOrReject(bytes);
        });
    }

    @Test
    void shouldRoundTripUnicodeStringsAndRejectLoneSurrogates() {
        Examples.atLeast(300).checkSeeds(seed -> {
            Random random = new Random(seed);
            // any chars, lone surrogates included: those are not Unicode text and must be rejected
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(20); n > 0; n--) {
                b.append(random.nextBoolean() ? (char) random.nextInt(0x10000) : (char) (0xD7F0 + random.nextInt(0x20)));
            }
            String s = b.toString();
            String json = AsciiJson.write(s);
            if (wellFormed(s)) {
                assertThat(QMP.read(json).textValue()).isEqualTo(s);
            } else {
                readOrReject(json.getBytes(StandardCharsets.US_ASCII));
            }
        });
    }

    private static void readOrReject(byte[] bytes) throws MalformedJsonException {
        JsonNode v;
        try {
            v = SMALL.read(bytes);
        } catch (MalformedJsonException expected) {
            assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r");
            return;
        }
        // whatever is accepted is a value the writer reproduces and the reader reads back the same
        assertSameValue(QMP.read(AsciiJson.write(v)), v);
    }

    private static void assertSameValue(JsonNode actual, JsonNode expected) {
        assertThat(actual.equals(SAME_VALUE, expected)).as("%s read back as %s", expected, actual).isTrue();
    }

    private static JsonNode value(Random random, int depth) {
        int kind = random.nextInt(depth == 0 ? 6 : 8);
        return switch (kind) {
            case 0 -> TextNode.valueOf(text(random, 20));
            case 1 -> LongNode.valueOf(random.nextBoolean() ? random.nextLong() : random.nextInt(1000) - 500);
            case 2 -> DoubleNode.valueOf(finiteDouble(random));
            case 3 -> BooleanNode.valueOf(random.nextBoolean());
            case 4 -> NullNode.getInstance();
            case 5 -> NODES.numberNode(new java.math.BigInteger(random.nextInt(1, 128), random));
            case 6 -> {
                ArrayNode a = NODES.arrayNode();
                for (int n = random.nextInt(5); n > 0; n--) {
                    a.add(value(random, depth - 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = NODES.objectNode();
                for (int n = random.nextInt(5); n > 0; n--) {
                    o.set(text(random, 8), value(random, depth - 1));
                }
                yield o;
            }
        };
    }

    private static double finiteDouble(Random random) {
        double d;
        do {
            d = Double.longBitsToDouble(random.nextLong());
        } while (!Double.isFinite(d));
        return random.nextBoolean() ? d : random.nextGaussian() * 1e6;
    }

    /** Well-formed text: ASCII (controls and quotes included), other BMP characters and supplementary ones. */
    private static String text(Random random, int maxLength) {
        StringBuilder b = new StringBuilder();
        for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
            int cp = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x80);
                case 1 -> 0x20 + random.nextInt(0x5f);
                case 2 -> {
                    int c = 0x80 + random.nextInt(0x10000 - 0x80);
                    yield Character.isSurrogate((char) c) ? 0xE9 : c;
                }
                default -> 0x10000 + random.nextInt(0x10FFFF - 0x10000 + 1);
            };
            b.appendCodePoint(cp);
        }
        return b.toString();
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
