package io.nvmebridge.tool.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * fio's time values: {@code 5} (seconds), {@code 5s}, {@code 500ms}, {@code 2m}; converted to nanoseconds.
 * Mistakes throw {@link TypeConversionException}, whose message picocli prints as it is (any other exception
 * gets Java's class name attached).
 */
public final class DurationConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        return parseNanos(value);
    }

    public static long parseNanos(String value) {
        String v = value.trim().toLowerCase();
        long unit;
        String digits;
        if (v.endsWith("ms")) {
            unit = 1_000_000L;
            digits = v.substring(0, v.length() - 2);
        } else if (v.endsWith("us")) {
            unit = 1_000L;
            digits = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            unit = 1_000_000_000L;
            digits = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            unit = 60_000_000_000L;
            digits = v.substring(0, v.length() - 1);
        } else {
            unit = 1_000_000_000L;
            digits = v;
        }
        try {
            double n = Double.parseDouble(digits);
            if (!(n >= 0) || n * unit > Long.MAX_VALUE / 2) {
                throw new TypeConversionException("time out of range: " + value);
            }
            return (long) (n * unit);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("not a time: '" + value + "' (use e.g. 5, 5s, 500ms)");
        }
    }
}
