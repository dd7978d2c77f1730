package io.nvmebridge.qemu.qtest;

import java.nio.charset.StandardCharsets;

/**
 * Encodes qtest commands into a caller's byte array and parses reply lines in place, allocating nothing: a
 * doorbell write is formatted and its "OK" counted without creating an object.
 */
final class QtestCodec {
    static final byte[] READL = ascii("readl");
    static final byte[] READQ = ascii("readq");
    static final byte[] WRITEL = ascii("writel");
    static final byte[] WRITEQ = ascii("writeq");
    static final byte[] OUTL = ascii("outl");
    static final byte[] INL = ascii("inl");
    /** Longest command: "writeq 0x" + 16 digits + " 0x" + 16 digits + "\n". */
    static final int MAX_COMMAND = 64;
    /** Longest reply line accepted; qtest's replies to our commands are below 32 bytes. */
    static final int MAX_REPLY = 4096;

    /** Reply classes. */
    static final int REPLY_OK = 0;
    static final int REPLY_FAIL = 1;
    static final int REPLY_IRQ = 2;

    private static final byte[] HEX = ascii("0123456789abcdef");

    private QtestCodec() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes "VERB 0xA\n" into {@code dst}; returns the length. */
    static int encode(byte[] dst, byte[] verb, long a) {
        int n = verbAndHex(dst, verb, a);
        dst[n++] = '\n';
        return n;
    }

    /** Writes "VERB 0xA 0xB\n" into {@code dst}; returns the length. */
    static int encode(byte[] dst, byte[] verb, long a, long b) {
        int n = verbAndHex(dst, verb, a);
        dst[n++] = ' ';
        n = hex(dst, n, b);
        dst[n++] = '\n';
        return n;
    }

    private static int verbAndHex(byte[] dst, byte[] verb, long a) {
        System.arraycopy(verb, 0, dst, 0, verb.length);
        int n = verb.length;
        dst[n++] = ' ';
        return hex(dst, n, a);
    }

    private static int hex(byte[] dst, int n, long v) {
        dst[n++] = '0';
        dst[n++] = 'x';
        int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(v)) / 4);
        for (int i = digits - 1; i >= 0; i--) {
            dst[n++] = HEX[(int) (v >>> (4 * i)) & 0xf];
        }
        return n;
    }

    /** Classifies the reply line {@code buf[from, to)} (no newline). */
    static int classify(byte[] buf, int from, int to) {
        if (to - from >= 2 && buf[from] == 'O' && buf[from + 1] == 'K' && (to - from == 2 || buf[from + 2] == ' ')) {
            return REPLY_OK;
        }
        if (to - from >= 3 && buf[from] == 'I' && buf[from + 1] == 'R' && buf[from + 2] == 'Q') {
            return REPLY_IRQ;
        }
        return REPLY_FAIL;
    }

    /**
     * The value of an "OK 0x..." reply line, or 0 for a bare "OK".
     *
     * @throws QtestException when the value is not 1..16 hex digits
     */
    static long value(byte[] buf, int from, int to) {
        int p = from + 2;
        if (p == to) {
            return 0;
        }
        p++; // space
        if (to - p < 3 || buf[p] != '0' || (buf[p + 1] != 'x' && buf[p + 1] != 'X') || to - p - 2 > 16) {
            throw new QtestException("malformed qtest reply: " + text(buf, from, to));
        }
        long v = 0;
        for (p += 2; p < to; p++) {
            int d = Character.digit(buf[p], 16);
            if (d < 0) {
                throw new QtestException("malformed qtest reply: " + text(buf, from, to));
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** The line as text, for error messages (control characters shown as '?'). */
    static String text(byte[] buf, int from, int to) {
        int end = Math.min(to, from + 200);
        StringBuilder b = new StringBuilder(end - from);
        for (int i = from; i < end; i++) {
            int c = buf[i] & 0xff;
            b.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return b.toString();
    }
}
