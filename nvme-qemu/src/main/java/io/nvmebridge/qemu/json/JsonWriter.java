package io.nvmebridge.qemu.json;

import io.nvmebridge.qemu.json.JsonValue.JsonArray;
import io.nvmebridge.qemu.json.JsonValue.JsonBoolean;
import io.nvmebridge.qemu.json.JsonValue.JsonNull;
import io.nvmebridge.qemu.json.JsonValue.JsonNumber;
import io.nvmebridge.qemu.json.JsonValue.JsonObject;
import io.nvmebridge.qemu.json.JsonValue.JsonString;
import java.util.Map;

/**
 * Writes compact JSON. The output is pure ASCII (everything else escaped as {@code \\uXXXX}), so it is the
 * same in every charset and never contains a newline: one QMP command is one line.
 */
public final class JsonWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonWriter() {
    }

    public static String write(JsonValue value) {
        StringBuilder b = new StringBuilder();
        write(value, b);
        return b.toString();
    }

    public static void write(JsonValue value, StringBuilder b) {
        switch (value) {
            case JsonObject o -> {
                b.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    string(e.getKey(), b);
                    b.append(':');
                    write(e.getValue(), b);
                }
                b.append('}');
            }
            case JsonArray a -> {
                b.append('[');
                for (int i = 0; i < a.elements().size(); i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    write(a.elements().get(i), b);
                }
                b.append(']');
            }
            case JsonString(String s) -> string(s, b);
            case JsonNumber(String text) -> b.append(text);
            case JsonBoolean(boolean v) -> b.append(v);
            case JsonNull n -> b.append("null");
        }
    }

    private static void string(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        b.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
