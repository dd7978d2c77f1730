package io.nvmebridge.tool;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link CliTest#run} for tests in other packages: the tool's standard output of a run that must succeed. */
public final class CliTestAccess {
    private CliTestAccess() {
    }

    public static String out(String... args) {
        CliTest.Run r = CliTest.run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }
}
