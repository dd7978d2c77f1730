package io.nvmebridge.qemu.json;

import io.nvmebridge.qemu.json.JsonValue.JsonArray;
import io.nvmebridge.qemu.json.JsonValue.JsonBoolean;
import io.nvmebridge.qemu.json.JsonValue.JsonNull;
import io.nvmebridge.qemu.json.JsonValue.JsonNumber;
import io.nvmebridge.qemu.json.JsonValue.JsonObject;
import io.nvmebridge.qemu.json.JsonValue.JsonString;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A strict RFC 8259 parser for one JSON document: UTF-8 only (malformed sequences rejected), no comments,
 * no trailing commas, no leading zeros, no raw control characters or lone surrogates in strings, no
 * duplicate object member names, nothing but whitespace after the value. Every {@link JsonLimits} bound is
 * checked as input is consumed; any violation is a {@link JsonParseException}, never another exception.
 */
public final class JsonParser {
    private final String text;
    private final JsonLimits limits;
    private int pos;

    private JsonParser(String text, JsonLimits limits) {
        this.text = text;
        this.limits = limits;
    }

    /** Parses UTF-8 bytes. */
    public static JsonValue parse(byte[] utf8, JsonLimits limits) throws JsonParseException {
        return parse(ByteBuffer.wrap(utf8), limits);
    }

    /** Parses the remaining UTF-8 bytes of {@code utf8} (its position is not moved). */
    public static JsonValue parse(ByteBuffer utf8, JsonLimits limits) throws JsonParseException {
        if (utf8.remaining() > limits.maxBytes()) {
            throw new JsonParseException("document of " + utf8.remaining() + " bytes exceeds the limit of " + limits.maxBytes(), 0);
        }
        CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(utf8.duplicate());
        } catch (CharacterCodingException e) {
            throw new JsonParseException("malformed UTF-8", 0);
        }
        return parseText(chars.toString(), limits);
    }

    /** Parses a document already decoded to chars (its UTF-8 length is checked against the limit). */
    public static JsonValue parse(String text, JsonLimits limits) throws JsonParseException {
        if (text.length() > limits.maxBytes()) {
            throw new JsonParseException("document exceeds the limit of " + limits.maxBytes() + " bytes", 0);
        }
        return parseText(text, limits);
    }

    private static JsonValue parseText(String text, JsonLimits limits) throws JsonParseException {
        JsonParser p = new JsonParser(text, limits);
        p.skipWhitespace();
        JsonValue v = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("unexpected data after the JSON value");
        }
        return v;
    }

    /** True when {@code s} is exactly one JSON number literal. */
    static boolean isNumber(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        JsonParser p = new JsonParser(s, JsonLimits.QMP);
        try {
            p.scanNumber();
            return p.pos == s.length();
        } catch (JsonParseException e) {
            return false;
        }
    }

    private JsonValue value(int depth) throws JsonParseException {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> new JsonString(string());
            case 't' -> literal("true", JsonBoolean.TRUE);
            case 'f' -> literal("false", JsonBoolean.FALSE);
            case 'n' -> literal("null", JsonNull.INSTANCE);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    int start = pos;
                    scanNumber();
                    yield new JsonNumber(text.substring(start, pos));
                }
                throw error("unexpected character " + describe(c));
            }
        };
    }

    private JsonObject object(int depth) throws JsonParseException {
        checkDepth(depth);
        pos++; // '{'
        LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return new JsonObject(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name");
            }
            int nameAt = pos;
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            JsonValue v = value(depth);
            if (members.putIfAbsent(name, v) != null) {
                pos = nameAt;
                throw error("duplicate member name \"" + abbreviate(name) + "\"");
            }
            if (members.size() > limits.maxMembers()) {
                throw error("object has more than " + limits.maxMembers() + " members");
            }
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return new JsonObject(members);
            } else {
                throw error("expected ',' or '}' in an object");
            }
        }
    }

    private JsonArray array(int depth) throws JsonParseException {
        checkDepth(depth);
        pos++; // '['
        List<JsonValue> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return new JsonArray(elements);
        }
        while (true) {
            skipWhitespace();
            elements.add(value(depth));
            if (elements.size() > limits.maxMembers()) {
                throw error("array has more than " + limits.maxMembers() + " elements");
            }
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return new JsonArray(elements);
            } else {
                throw error("expected ',' or ']' in an array");
            }
        }
    }

    private String string() throws JsonParseException {
        pos++; // opening quote
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("raw control character " + describe(c) + " in a string");
            }
            if (c == '\\') {
                c = escape();
            }
            if (Character.isHighSurrogate(c)) {
                char low = nextLowSurrogate();
                b.append(c).append(low);
            } else if (Character.isLowSurrogate(c)) {
                pos--;
                throw error("lone low surrogate in a string");
            } else {
                b.append(c);
            }
            if (b.length() > limits.maxStringLength()) {
                throw error("string longer than " + limits.maxStringLength() + " chars");
            }
        }
    }

    /** After a high surrogate, the low one must follow, raw or escaped. */
    private char nextLowSurrogate() throws JsonParseException {
        if (pos >= text.length()) {
            throw error("unterminated string");
        }
        char c = text.charAt(pos++);
        if (c == '\\') {
            c = escape();
        }
        if (!Character.isLowSurrogate(c)) {
            pos--;
            throw error("high surrogate not followed by a low surrogate");
        }
        return c;
    }

    /** Decodes the escape after a backslash. */
    private char escape() throws JsonParseException {
        if (pos >= text.length()) {
            throw error("unterminated escape");
        }
        char e = text.charAt(pos++);
        return switch (e) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                if (pos + 4 > text.length()) {
                    throw error("truncated \\u escape");
                }
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int d = Character.digit(text.charAt(pos + i), 16);
                    if (d < 0 || text.charAt(pos + i) > 'f') {
                        throw error("bad hex digit in \\u escape");
                    }
                    v = v << 4 | d;
                }
                pos += 4;
                yield (char) v;
            }
            default -> {
                pos--;
                throw error("invalid escape \\" + describe(e));
            }
        };
    }

    /** Moves past one number literal, checking its grammar and length. */
    private void scanNumber() throws JsonParseException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        char c = peek();
        if (c == '0') {
            pos++;
        } else if (c >= '1' && c <= '9') {
            digits();
        } else {
            throw error("expected a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after the decimal point");
            }
            digits();
        }
        c = peek();
        if (c == 'e' || c == 'E') {
            pos++;
            c = peek();
            if (c == '+' || c == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            digits();
        }
        if (pos - start > limits.maxNumberLength()) {
            pos = start;
            throw error("number literal longer than " + limits.maxNumberLength() + " chars");
        }
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private JsonValue literal(String word, JsonValue value) throws JsonParseException {
        if (!text.startsWith(word, pos)) {
            throw error("invalid literal");
        }
        pos += word.length();
        return value;
    }

    private void checkDepth(int depth) throws JsonParseException {
        if (depth > limits.maxDepth()) {
            throw error("nesting deeper than " + limits.maxDepth());
        }
    }

    private void expect(char c) throws JsonParseException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** The current char, or NUL at the end (NUL is never valid where peek decides). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private JsonParseException error(String message) {
        return new JsonParseException(message, pos);
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : "U+%04X".formatted((int) c);
    }

    private static String abbreviate(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder b = new StringBuilder();
        for (char c : shown.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : "\\u%04x".formatted((int) c));
        }
        return b.toString();
    }
}
