package io.nvmebridge.qemu.json;

/**
 * Input that is not one JSON document within the {@link JsonLimits}. The message is one line, naming the
 * cause and, where the parser knows it, the char offset: it goes into a log line or an error answer as is.
 */
public final class MalformedJsonException extends Exception {

    public MalformedJsonException(String message) {
        super(oneLine(message));
    }

    public MalformedJsonException(String message, long offset) {
        super(oneLine(message) + " at offset " + offset);
    }

    /** Jackson's messages may span lines (a location on the next one); a log or an error answer wants one. */
    private static String oneLine(String message) {
        return message == null ? "malformed JSON" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
