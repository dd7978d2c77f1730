package io.nvmebridge.qemu.qmp;

/** QEMU answered a command with an error: its class (e.g. GenericError, CommandNotFound) and description. */
public final class QmpErrorResponse extends QmpException {
    private final String errorClass;

    public QmpErrorResponse(String command, String errorClass, String description) {
        super("QMP " + command + " failed: " + errorClass + ": " + description);
        this.errorClass = errorClass;
    }

    public String errorClass() {
        return errorClass;
    }
}
