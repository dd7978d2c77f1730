package io.nvmebridge.spec.device;

/** Called by a device when it raises interrupt {@code vector}; must not block. */
@FunctionalInterface
public interface InterruptHandler {
    void interrupt(int vector);
}
