package io.nvmebridge.qemu.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * Reads one strict RFC 8259 JSON document from untrusted bytes into Jackson's tree: UTF-8 only (malformed
 * sequences rejected), no comments, no trailing commas, no leading zeros, no NaN, no raw control characters
 * or lone surrogates in strings, no duplicate member names, nothing but whitespace after the value. Every
 * {@link JsonLimits} bound holds; any violation is a {@link MalformedJsonException} with a one-line message,
 * never another exception.
 *
 * <p>Jackson's defaults already refuse comments, single quotes, leading zeros, NaN and raw control
 * characters; what it accepts and RFC 8259 does not (duplicate names, trailing data, an empty document,
 * escaped lone surrogates) is refused here.
 */
public final class StrictJsonReader {
    private final JsonLimits limits;
    private final JsonMapper mapper;

    public StrictJsonReader(JsonLimits limits) {
        this.limits = limits;
        this.mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits.streamReadConstraints()).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // a fraction or exponent keeps its exact value, as integers do: 1e999 is not Infinity, and what is
                // read writes back as the same number (the number length limit keeps the BigDecimal small)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }

    public JsonLimits limits() {
        return limits;
    }

    /** Reads UTF-8 bytes. */
    public JsonNode read(byte[] utf8) throws MalformedJsonException {
        return read(ByteBuffer.wrap(utf8));
    }

    /** Reads the remaining UTF-8 bytes of {@code utf8} (its position is not moved); the size is checked first. */
    public JsonNode read(ByteBuffer utf8) throws MalformedJsonException {
        if (utf8.remaining() > limits.maxBytes()) {
            throw new MalformedJsonException("document of " + utf8.remaining() + " bytes exceeds the limit of " + limits.maxBytes());
        }
        String text;
        try {
            // the JDK's strict decoder: every malformed sequence gets the same answer, and Jackson then reads
            // chars, so the offsets in its messages and the string limits count chars
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(utf8.duplicate())
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedJsonException("malformed UTF-8");
        }
        return readText(text);
    }

    /** Reads a document already decoded to chars (its length in chars is checked against the byte limit). */
    public JsonNode read(String text) throws MalformedJsonException {
        if (text.length() > limits.maxBytes()) {
            throw new MalformedJsonException("document exceeds the limit of " + limits.maxBytes() + " bytes");
        }
        return readText(text);
    }

    private JsonNode readText(String text) throws MalformedJsonException {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String cause = e.getOriginalMessage();
            throw at != null && at.getCharOffset() >= 0
                    ? new MalformedJsonException(cause, at.getCharOffset())
                    : new MalformedJsonException(cause);
        } catch (NumberFormatException | ArithmeticException e) {
            // a fraction whose exponent does not fit a BigDecimal (1e9999999999): Jackson lets this one through unwrapped
            throw new MalformedJsonException("number out of range: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedJsonException("no JSON value in the document");
        }
        checkTree(root);
        return root;
    }

    /**
     * What Jackson does not check while reading: member and element counts, and lone surrogates (Jackson
     * decodes {@code \ud800} into a string as is, which is not Unicode text). Iterative: the tree is at most
     * {@link JsonLimits#maxDepth} deep anyway, but a walk should not lean on that.
     */
    private void checkTree(JsonNode root) throws MalformedJsonException {
        ArrayDeque<JsonNode> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (node.isTextual()) {
                checkUnicode(node.textValue(), "string");
            } else if (node.isContainerNode()) {
                if (node.size() > limits.maxMembers()) {
                    throw new MalformedJsonException((node.isObject() ? "object has more than " : "array has more than ")
                            + limits.maxMembers() + (node.isObject() ? " members" : " elements"));
                }
                if (node.isObject()) {
                    for (Map.Entry<String, JsonNode> member : node.properties()) {
                        checkUnicode(member.getKey(), "member name");
                        todo.push(member.getValue());
                    }
                } else {
                    node.forEach(todo::push);
                }
            }
        }
    }

    private static void checkUnicode(String s, String what) throws MalformedJsonException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new MalformedJsonException("high surrogate not followed by a low surrogate in a " + what);
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new MalformedJsonException("lone low surrogate in a " + what);
            }
        }
    }
}
