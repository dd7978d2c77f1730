package io.nvmebridge.emulator;

/** The device's notion of time, for delayed completions and latency traces; tests pass a manual clock. */
@FunctionalInterface
public interface NanoClock {
    long nanoTime();

    NanoClock SYSTEM = System::nanoTime;
}
