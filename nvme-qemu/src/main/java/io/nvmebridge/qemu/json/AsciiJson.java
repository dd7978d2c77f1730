package io.nvmebridge.qemu.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Compact JSON in pure ASCII: everything else is escaped as {@code \\uXXXX} (lower-case hex), so the text is
 * the same in every charset and never holds a newline: one QMP command is one line.
 */
public final class AsciiJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build();

    private AsciiJson() {
    }

    /** Writes a JsonNode, a record, a Map or a scalar. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // only a type Jackson cannot serialize gets here: a programming error, not bad input
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The tree Jackson makes of a value (a record's components become members, in order). */
    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
