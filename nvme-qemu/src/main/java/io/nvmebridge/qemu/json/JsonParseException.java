package io.nvmebridge.qemu.json;

/** Input that is not a JSON document within the limits; the message names the byte offset and the cause. */
public final class JsonParseException extends Exception {
    private final int offset;

    public JsonParseException(String message, int offset) {
        super(message + " at offset " + offset);
        this.offset = offset;
    }

    /** Position (in chars of the decoded text) where parsing stopped. */
    public int offset() {
        return offset;
    }
}
