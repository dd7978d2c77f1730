package io.nvmebridge.tool.cli;

import java.io.Console;
import java.util.function.LongConsumer;

/**
 * A progress line on the terminal for runs longer than two seconds; silent when stderr is not a terminal
 * (pipes, CI logs, tests).
 */
public final class Progress implements LongConsumer {
    private final String what;
    private final boolean enabled;
    private long lastShown;

    private Progress(String what, boolean enabled) {
        this.what = what;
        this.enabled = enabled;
    }

    /** A progress line if a terminal is attached and the run takes longer than two seconds. */
    public static Progress forTerminal(String what, long totalNanos) {
        Console c = System.console();
        return new Progress(what, !Quiet.on() && c != null && c.isTerminal() && totalNanos > 2_000_000_000L);
    }

    @Override
    public void accept(long nanosLeft) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastShown < 250_000_000L) {
            return;
        }
        lastShown = now;
        System.err.printf("\r%-60s", "%s: %.1fs left".formatted(what, nanosLeft / 1e9));
        System.err.flush();
    }

    /** Shows a fixed message (e.g. "compare: 3/12 inline qd32"). */
    public void message(String line) {
        if (enabled) {
            System.err.printf("\r%-60s", line);
            System.err.flush();
        }
    }

    public void done() {
        if (enabled) {
            System.err.printf("\r%-60s\r", "");
            System.err.flush();
        }
    }

    public boolean enabled() {
        return enabled;
    }
}
