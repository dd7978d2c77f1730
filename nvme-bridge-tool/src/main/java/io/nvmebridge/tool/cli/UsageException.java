package io.nvmebridge.tool.cli;

/** A mistake in the command line or its values: reported as one line, exit status 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
