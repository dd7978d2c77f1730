package io.nvmebridge.tool.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a 32-bit unsigned value in decimal or hex ({@code 0x...}), as nvme-cli's number options take it.
 * Mistakes throw {@link TypeConversionException}, whose message picocli prints as it is (any other exception
 * gets Java's class name attached).
 */
public final class UnsignedConverter implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        return parse(value);
    }

    public static int parse(String value) {
        String v = value.trim();
        try {
            long n = v.startsWith("0x") || v.startsWith("0X") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
            if (n < Integer.MIN_VALUE || n > 0xFFFF_FFFFL) {
                throw new TypeConversionException("value out of 32-bit range: " + value);
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("not a number: '" + value + "'");
        }
    }
}
