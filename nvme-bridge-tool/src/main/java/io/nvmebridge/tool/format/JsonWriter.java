package io.nvmebridge.tool.format;

import java.math.BigInteger;

/**
 * A small streaming JSON writer with nvme-cli's layout (two-space indent, one member per line). Callers
 * nest {@link #beginObject}/{@link #endObject} and {@link #beginArray}/{@link #endArray}; names are given
 * for members of objects and omitted (null) for array elements.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private int depth;
    private boolean first = true;

    public JsonWriter beginObject(String name) {
        member(name);
        out.append('{');
        depth++;
        first = true;
        return this;
    }

    public JsonWriter endObject() {
        close('}');
        return this;
    }

    public JsonWriter beginArray(String name) {
        member(name);
        out.append('[');
        depth++;
        first = true;
        return this;
    }

    public JsonWriter endArray() {
        close(']');
        return this;
    }

    public JsonWriter value(String name, long value) {
        member(name);
        out.append(value);
        return this;
    }

    public JsonWriter value(String name, double value) {
        member(name);
        if (Double.isFinite(value)) {
            out.append(value);
        } else {
            out.append("null");
        }
        return this;
    }

    public JsonWriter value(String name, BigInteger value) {
        member(name);
        out.append(value);
        return this;
    }

    public JsonWriter value(String name, boolean value) {
        member(name);
        out.append(value);
        return this;
    }

    public JsonWriter value(String name, String value) {
        member(name);
        quote(value);
        return this;
    }

    /** Unsigned 32-bit value. */
    public JsonWriter unsigned(String name, int value) {
        return value(name, Integer.toUnsignedLong(value));
    }

    /** Unsigned 64-bit value. */
    public JsonWriter unsigned(String name, long value) {
        member(name);
        out.append(Long.toUnsignedString(value));
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void member(String name) {
        if (depth > 0) {
            if (!first) {
                out.append(',');
            }
            out.append('\n');
            indent();
        }
        first = false;
        if (name != null) {
            quote(name);
            out.append(" : ");
        }
    }

    private void close(char c) {
        depth--;
        if (!first) {
            out.append('\n');
            indent();
        }
        first = false;
        out.append(c);
    }

    private void indent() {
        out.repeat("  ", depth);
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
