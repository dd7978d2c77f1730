package io.nvmebridge.qemu;

/** QEMU could not be started, reached or configured; the message carries the tail of QEMU's stderr. */
public final class QemuException extends RuntimeException {
    public QemuException(String message) {
        super(message);
    }

    public QemuException(String message, Throwable cause) {
        super(message, cause);
    }
}
