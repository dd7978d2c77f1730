package io.nvmebridge.qemu.qtest;

/** A qtest call that could not complete: the connection failed, QEMU died or rejected a command, or a timeout. */
public final class QtestException extends RuntimeException {
    public QtestException(String message) {
        super(message);
    }

    public QtestException(String message, Throwable cause) {
        super(message, cause);
    }
}
