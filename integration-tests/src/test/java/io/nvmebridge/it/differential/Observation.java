package io.nvmebridge.it.differential;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One thing a script saw on a device: a labelled value (a status, a register field, an Identify field) or a
 * run of data bytes, compared byte for byte.
 */
record Observation(String label, String text, byte[] bytes) {
    static Observation of(String label, String text) {
        return new Observation(label, text, null);
    }

    static Observation bytes(String label, byte[] bytes) {
        return new Observation(label, null, bytes);
    }

    boolean sameAs(Observation o) {
        return label.equals(o.label) && (bytes == null
                ? o.bytes == null && text.equals(o.text)
                : o.bytes != null && Arrays.equals(bytes, o.bytes));
    }

    /** How this observation differs from {@code o}: for bytes, the first differing offset and a window. */
    String differenceFrom(Observation o) {
        if (bytes == null || o.bytes == null) {
            return label + ": " + render() + " vs " + o.render();
        }
        int i = Arrays.mismatch(bytes, o.bytes);
        int from = Math.max(0, i - 4);
        return label + ": " + bytes.length + " vs " + o.bytes.length + " bytes, first difference at offset " + i
                + ": " + window(bytes, from) + " vs " + window(o.bytes, from);
    }

    private static String window(byte[] b, int from) {
        int to = Math.min(b.length, from + 16);
        return from >= to ? "<end>" : HexFormat.of().formatHex(b, from, to);
    }

    String render() {
        return bytes == null ? text : bytes.length + " bytes";
    }
}
