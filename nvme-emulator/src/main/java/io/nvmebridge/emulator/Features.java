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

    Features() {
        reset();
    }

    void reset() {
        arbitration = ARBITRATION_DEFAULT;
        temperatureOver = EmulatedController.TEMPERATURE_WARNING;
        temperatureUnder = 0;
        volatileWriteCache = VWC_DEFAULT;
        interruptCoalescing = 0;
        asyncEventConfig = 0;
        writeAtomicity = 0;
    }
}
