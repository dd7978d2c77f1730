package io.nvmebridge.bridge;

import io.nvmebridge.bridge.ring.RingMemory;

/** Builds {@link Ring}s for other packages of the bridge (the ring's constructor stays package-private). */
public final class RingAccess {
    private RingAccess() {
    }

    /** A ring served elsewhere (another thread or process polls it): wake-ups and waits through futexes. */
    public static Ring remote(RingMemory memory, Runnable onClose) {
        return new Ring(memory.submissionRing(), memory.completionRing(), memory.layout(),
                Ring.polled(memory.submissionRing(), memory.completionRing(), onClose), null, null);
    }
}
