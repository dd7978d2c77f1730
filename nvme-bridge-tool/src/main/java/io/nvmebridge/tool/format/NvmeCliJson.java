package io.nvmebridge.tool.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigInteger;

/**
 * Every JSON document the tool prints, two-space indented with {@code "name" : value}, one member or element
 * per line, {@code {}} and {@code []} when empty (nvme-cli 2.3 prints the same members compactly; a JSON reader
 * sees no difference); strings escaped as json-c does (quotes, backslash, control characters; other
 * characters as they are). Numbers are JSON numbers, 64-bit unsigned values included (exact above
 * Long.MAX_VALUE); the 128-bit fields of identify data and logs are decimal strings, as nvme-cli 2.3 prints
 * tnvmcap ({@link Field#json}); a double that was not measured (NaN) or is infinite is {@code null}, never a
 * string.
 */
public final class NvmeCliJson {
    private static final ObjectWriter WRITER;

    static {
        SimpleModule nonFiniteAsNull = new SimpleModule("non-finite doubles as null")
                .addSerializer(Double.class, new FiniteDoubleSerializer())
                .addSerializer(double.class, new FiniteDoubleSerializer());
        JsonMapper mapper = JsonMapper.builder()
                .addModule(nonFiniteAsNull)
                .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE) // lower-case hex in escapes, as json-c (nvme-cli) writes them
                .build();
        DefaultIndenter newlineAndTwoSpaces = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter layout = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.BOTH)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        layout.indentObjectsWith(newlineAndTwoSpaces);
        layout.indentArraysWith(newlineAndTwoSpaces);
        WRITER = mapper.writer(layout);
    }

    private NvmeCliJson() {
    }

    /** A record, a Map or a tree as one JSON document (no trailing newline). */
    public static String write(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // only a type Jackson cannot serialize gets here: a programming error, not bad data
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** An empty object whose members keep the order they are put in (for field tables like id-ctrl's). */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** An unsigned 64-bit value as the number it is: above Long.MAX_VALUE it does not turn negative. */
    public static BigInteger unsigned(long value) {
        BigInteger v = BigInteger.valueOf(value);
        return value >= 0 ? v : v.add(BigInteger.ONE.shiftLeft(64));
    }

    /** NaN (not measured) and infinities as null: JSON has no such numbers, and a string would break readers. */
    private static final class FiniteDoubleSerializer extends StdSerializer<Double> {
        FiniteDoubleSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (Double.isFinite(value)) {
                gen.writeNumber(value);
            } else {
                gen.writeNull();
            }
        }
    }
}
