package io.nvmebridge.qemu.qmp;

/** A QMP command that failed: an error response, a timeout, or a connection that closed first. */
public class QmpException extends RuntimeException {
    public QmpException(String message) {
        super(message);
    }

    public QmpException(String message, Throwable cause) {
        super(message, cause);
    }
}
