package io.nvmebridge.qemu.json;

/**
 * Bounds the parser enforces on untrusted input, so a hostile or broken peer can make it fail but never
 * exhaust the stack or the heap.
 *
 * @param maxBytes        longest accepted document, in bytes
 * @param maxDepth        deepest nesting of arrays and objects
 * @param maxStringLength longest string, in chars after unescaping
 * @param maxNumberLength longest number literal, in chars
 * @param maxMembers      most members of one object or elements of one array
 */
public record JsonLimits(int maxBytes, int maxDepth, int maxStringLength, int maxNumberLength, int maxMembers) {

    /** Limits for QMP: replies such as query-qom-list stay far below these. */
    public static final JsonLimits QMP = new JsonLimits(1 << 20, 64, 1 << 16, 64, 1 << 14);

    public JsonLimits {
        if (maxBytes < 1 || maxDepth < 1 || maxStringLength < 0 || maxNumberLength < 1 || maxMembers < 0) {
            throw new IllegalArgumentException("bad JSON limits");
        }
    }
}
