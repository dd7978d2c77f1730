package io.nvmebridge.emulator;

/** How the emulated controller finds new work. */
public enum EmulatorMode {
    /**
     * A doorbell write (or {@link EmulatedController#poll()}) processes new commands on the caller's thread
     * before returning: deterministic, the single-core fast path.
     */
    INLINE,
    /**
     * A device worker thread polls the doorbells (and shadow doorbells once configured), as a real device
     * does; completions are published with release ordering and interrupts are raised.
     */
    THREADED
}
