package io.nvmebridge.qemu.json;

import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * Bounds on untrusted JSON input, so a hostile or broken peer can make reading fail but never exhaust the
 * stack or the heap.
 *
 * @param maxBytes        longest accepted document, in bytes; checked before anything is decoded
 * @param maxDepth        deepest nesting of arrays and objects
 * @param maxStringLength longest string or member name, in chars after unescaping
 * @param maxNumberLength longest number literal, in chars (so no number turns into a huge BigInteger)
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

    /**
     * The bounds Jackson's parser checks as it reads; {@link #maxMembers} has no Jackson counterpart and is
     * checked by {@link StrictJsonReader} on the parsed tree (which {@link #maxBytes} keeps small).
     */
    StreamReadConstraints streamReadConstraints() {
        return StreamReadConstraints.builder()
                .maxDocumentLength(maxBytes)
                .maxNestingDepth(maxDepth)
                .maxStringLength(maxStringLength)
                .maxNameLength(maxStringLength)
                .maxNumberLength(maxNumberLength)
                .build();
    }
}
