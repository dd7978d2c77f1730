package io.nvmebridge.qemu.json;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable JSON value as QMP exchanges them. Each JSON type is one record; numbers keep their exact
 * text (QMP carries 64-bit unsigned sizes that a double would round), converted on demand.
 */
public sealed interface JsonValue {

    /** A JSON object; member order is kept, duplicate names are rejected by the parser. */
    record JsonObject(Map<String, JsonValue> members) implements JsonValue {
        public static final JsonObject EMPTY = new JsonObject(Map.of());

        public JsonObject {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        public Optional<JsonValue> get(String name) {
            return Optional.ofNullable(members.get(name));
        }

        /** The string member {@code name}, or empty when it is absent or not a string. */
        public Optional<String> string(String name) {
            return members.get(name) instanceof JsonString(String s) ? Optional.of(s) : Optional.empty();
        }

        /** The object member {@code name}, or empty when it is absent or not an object. */
        public Optional<JsonObject> object(String name) {
            return members.get(name) instanceof JsonObject o ? Optional.of(o) : Optional.empty();
        }

        /** The integral number member {@code name}, or empty when absent, not a number or not a 64-bit integer. */
        public Optional<Long> integer(String name) {
            return members.get(name) instanceof JsonNumber n && n.isLong() ? Optional.of(n.longValue()) : Optional.empty();
        }

        public Optional<Boolean> bool(String name) {
            return members.get(name) instanceof JsonBoolean(boolean b) ? Optional.of(b) : Optional.empty();
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builds an object member by member. */
        public static final class Builder {
            private final LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();

            public Builder put(String name, JsonValue value) {
                members.put(name, value);
                return this;
            }

            public Builder put(String name, String value) {
                return put(name, new JsonString(value));
            }

            public Builder put(String name, long value) {
                return put(name, JsonNumber.of(value));
            }

            public Builder put(String name, boolean value) {
                return put(name, JsonBoolean.of(value));
            }

            public JsonObject build() {
                return new JsonObject(members);
            }
        }
    }

    record JsonArray(List<JsonValue> elements) implements JsonValue {
        public JsonArray {
            elements = List.copyOf(elements);
        }
    }

    record JsonString(String value) implements JsonValue {
        public JsonString {
            if (value == null) {
                throw new NullPointerException("JSON string value");
            }
        }
    }

    /**
     * A JSON number, kept as its (grammar-checked) text. Conversions never build huge values: an exponent
     * of a billion does not turn into a billion-digit integer.
     */
    record JsonNumber(String text) implements JsonValue {
        private static final BigInteger UNSIGNED_LONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

        public JsonNumber {
            if (!JsonParser.isNumber(text)) {
                throw new IllegalArgumentException("not a JSON number: " + text);
            }
        }

        public static JsonNumber of(long value) {
            return new JsonNumber(Long.toString(value));
        }

        /** True when the text is an integer literal (no fraction or exponent). */
        public boolean isIntegral() {
            return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        }

        /** True when the value is an integer that fits a signed 64-bit long. */
        public boolean isLong() {
            if (!isIntegral() || text.length() > 20) {
                return false;
            }
            try {
                Long.parseLong(text);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        /** The value as a long; unsigned 64-bit values above Long.MAX_VALUE come back as their two's complement. */
        public long longValue() {
            if (isIntegral() && text.length() <= 21) {
                BigInteger v = new BigInteger(text);
                if (v.signum() >= 0 && v.compareTo(UNSIGNED_LONG_MAX) <= 0) {
                    return v.longValue();
                }
                if (v.bitLength() < 64) {
                    return v.longValue();
                }
            }
            throw new ArithmeticException("JSON number " + text + " is not a 64-bit integer");
        }

        public double doubleValue() {
            return Double.parseDouble(text);
        }
    }

    record JsonBoolean(boolean value) implements JsonValue {
        public static final JsonBoolean TRUE = new JsonBoolean(true);
        public static final JsonBoolean FALSE = new JsonBoolean(false);

        public static JsonBoolean of(boolean value) {
            return value ? TRUE : FALSE;
        }
    }

    enum JsonNull implements JsonValue {
        INSTANCE
    }
}
