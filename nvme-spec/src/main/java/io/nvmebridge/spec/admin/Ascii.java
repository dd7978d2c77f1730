package io.nvmebridge.spec.admin;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/** ASCII string fields of identify data and logs: space padded, not NUL terminated. */
public final class Ascii {
    private Ascii() {
    }

    /** Writes {@code value} at {@code offset}, truncated or padded with spaces to {@code length}. */
    public static void put(MemorySegment s, long offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < length; i++) {
            s.set(ValueLayout.JAVA_BYTE, offset + i, i < bytes.length ? bytes[i] : (byte) ' ');
        }
    }

    /** Reads a field, trailing spaces and NULs removed, non-printable bytes shown as '.'. */
    public static String get(MemorySegment s, long offset, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int c = s.get(ValueLayout.JAVA_BYTE, offset + i) & 0xFF;
            b.append(c >= 0x20 && c < 0x7F ? (char) c : c == 0 ? ' ' : '.');
        }
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') {
            end--;
        }
        return b.substring(0, end);
    }
}
