package io.nvmebridge.emulator;

/** Current values of the settable features; defaults restored by a controller reset. */
final class Features {
    /** Arbitration default: Arbitration Burst 111b = no limit (QEMU's default). */
    static final int ARBITRATION_DEFAULT = 0x7;
    static final int VWC_DEFAULT = 1;

    int arbitration;
    int temperatureOver;
    int temperatureUnder;
    int volatileWriteCache;
    int interruptCoalescing;
    int asyncEventConfig;
    int writeAtomicity;
    /** Error Recovery (TLER) per namespace id; namespace specific, so indexed by NSID. */
    final int[] errorRecovery = new int[NamespaceConfig.MAX_NSID + 1];
    /** Host-set timestamp (ms, 48 bits; 0 = not set) and the device time it refers to. */
    private long hostTimestamp;
    private long hostTimestampAtNanos;

    Features() {
        reset();
    }

    /**
     * Timestamp feature value (NVMe 1.4 figure 295), as QEMU: the host's timestamp plus the time elapsed
     * since it was set (or since the controller was enabled), origin 001b once the host has set one.
     */
    long timestamp(long nowNanos) {
        long ms = (hostTimestamp + (nowNanos - hostTimestampAtNanos) / 1_000_000) & 0xFFFF_FFFF_FFFFL;
        long origin = hostTimestamp != 0 ? 1 : 0;
        return ms | origin << 49;
    }

    void setTimestamp(long value, long nowNanos) {
        hostTimestamp = value & 0xFFFF_FFFF_FFFFL;
        hostTimestampAtNanos = nowNanos;
    }

    void reset() {
        arbitration = ARBITRATION_DEFAULT;
        temperatureOver = EmulatedController.TEMPERATURE_WARNING;
        temperatureUnder = 0;
        volatileWriteCache = VWC_DEFAULT;
        interruptCoalescing = 0;
        asyncEventConfig = 0;
        writeAtomicity = 0;
        java.util.Arrays.fill(errorRecovery, 0);
    }
}
