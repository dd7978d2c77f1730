package io.nvmebridge.qemu.qmp;

/** A QMP message that is valid JSON but not a QMP message this client understands. */
public final class QmpProtocolException extends Exception {
    public QmpProtocolException(String message) {
        super(message);
    }
}
