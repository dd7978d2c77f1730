package io.nvmebridge.junit;

/** What stands behind the NVMe function a test gets; chosen by {@link NvmeDevice#backend()} or {@link OnBackend}. */
public enum Backend {
    /** The in-JVM emulator; doorbell writes process commands on the writing thread. */
    EMULATOR_INLINE(true, false, false),
    /** The in-JVM emulator with a device thread polling doorbells (and shadow doorbells). */
    EMULATOR_THREADED(true, false, true),
    /** QEMU's {@code -device nvme} on the host, no guest OS (tag "qemu"). */
    QEMU(false, false, false),
    /**
     * QEMU's {@code -device nvme} inside the container image nvme-bridge/qemu:7.2, started and removed by
     * Testcontainers; RAM file and sockets in a bind-mounted host directory (tags "qemu", "docker").
     */
    QEMU_CONTAINER(false, false, false);

    private final boolean faultInjection;
    private final boolean abortCanSucceed;
    private final boolean shadowDoorbellsSaveMmio;

    Backend(boolean faultInjection, boolean abortCanSucceed, boolean shadowDoorbellsSaveMmio) {
        this.faultInjection = faultInjection;
        this.abortCanSucceed = abortCanSucceed;
        this.shadowDoorbellsSaveMmio = shadowDoorbellsSaveMmio;
    }

    /** {@return true when a {@link io.nvmebridge.emulator.FaultPlan} can be honoured (the emulator; not QEMU)} */
    public boolean supportsFaultInjection() {
        return faultInjection;
    }

    /** {@return true when Abort can actually abort a command} QEMU 7.2 always answers "not aborted". */
    public boolean abortCanSucceed() {
        return abortCanSucceed;
    }

    /**
     * {@return true when the device processes queues concurrently with the driver (a device thread polling
     * shadow doorbells), so shadow doorbells must save MMIO writes at queue depth 32}
     */
    public boolean shadowDoorbellsSaveMmio() {
        return shadowDoorbellsSaveMmio;
    }

    /** {@return true for QEMU, on the host or in a container} */
    public boolean isQemu() {
        return this == QEMU || this == QEMU_CONTAINER;
    }

    /** {@return the name shown in test names and messages, e.g. "emulator-inline"} */
    public String label() {
        return name().toLowerCase().replace('_', '-');
    }
}
