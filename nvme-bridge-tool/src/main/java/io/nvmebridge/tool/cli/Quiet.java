package io.nvmebridge.tool.cli;

/**
 * {@code -q/--quiet}, which every verb inherits: no progress line and no informational messages, only the
 * results a verb prints and one-line errors. Process-wide, because the option belongs to the tool as a
 * whole; {@code Main.run} clears it before each run.
 */
public final class Quiet {
    private static volatile boolean on;

    private Quiet() {
    }

    public static boolean on() {
        return on;
    }

    public static void set(boolean value) {
        on = value;
    }
}
