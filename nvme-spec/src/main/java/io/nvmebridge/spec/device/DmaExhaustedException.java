package io.nvmebridge.spec.device;

/** No DMA memory left for an allocation. */
public final class DmaExhaustedException extends RuntimeException {
    public DmaExhaustedException(String message) {
        super(message);
    }
}
