package io.nvmebridge.tool.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses sizes such as {@code 4096}, {@code 4k}, {@code 64M}, {@code 1G} (binary units, as fio).
 * Mistakes throw {@link TypeConversionException}, whose message picocli prints as it is (any other exception
 * gets Java's class name attached).
 */
public final class SizeConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    public static long parse(String value) {
        String v = value.trim().toLowerCase();
        if (v.endsWith("ib")) {
            v = v.substring(0, v.length() - 2);
        } else if (v.endsWith("b") && v.length() > 1 && !Character.isDigit(v.charAt(v.length() - 2))) {
            v = v.substring(0, v.length() - 1);
        }
        int shift = 0;
        if (!v.isEmpty()) {
            switch (v.charAt(v.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                case 't' -> shift = 40;
                default -> shift = 0;
            }
        }
        String digits = shift == 0 ? v : v.substring(0, v.length() - 1);
        try {
            long n = Long.parseLong(digits);
            if (n < 0 || (shift > 0 && n > (Long.MAX_VALUE >> shift))) {
                throw new TypeConversionException("size out of range: " + value);
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("not a size: '" + value + "' (use e.g. 4096, 4k, 64M, 1G)");
        }
    }
}
