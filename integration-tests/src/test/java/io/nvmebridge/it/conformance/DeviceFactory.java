package io.nvmebridge.it.conformance;

/**
 * Creates devices for the conformance suite. Add a new device kind (QEMU) by implementing this and adding it to
 * {@link Devices#all()}.
 */
public interface DeviceFactory {

    /** Shown in test names. */
    String name();

    /** True when {@link DeviceSpec#faults()} can be honoured (the emulator; not QEMU). */
    boolean supportsFaultInjection();

    /** True when Abort can actually abort a command (QEMU's always answers "not aborted"). */
    default boolean abortCanSucceed() {
        return false;
    }

    /**
     * True when the device processes queues concurrently with the driver (a device thread polling shadow
     * doorbells), so shadow doorbells must save MMIO writes at queue depth 32.
     */
    default boolean shadowDoorbellsSaveMmio() {
        return false;
    }

    DeviceUnderTest create(DeviceSpec spec);
}
