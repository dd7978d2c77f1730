package io.nvmebridge.bridge.ring;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * VarHandles for the ring's shared 32-bit words (native order = little-endian on x86-64, 4-byte
 * aligned), coordinates (MemorySegment, long offset). Every use names its memory ordering.
 */
final class RingWords {
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT;
    static final VarHandle INT = U32.varHandle();

    private RingWords() {
    }
}
