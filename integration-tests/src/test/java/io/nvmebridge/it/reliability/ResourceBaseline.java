package io.nvmebridge.it.reliability;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Takes the {@link ResourceSnapshot} before any test of the run (registered through
 * META-INF/services/org.junit.platform.launcher.LauncherSessionListener); {@link ResourceLeakCheckTest}, ordered
 * last, compares against it. At session end the leftovers are printed once more (after every class ran).
 */
public final class ResourceBaseline implements LauncherSessionListener {
    private static volatile ResourceSnapshot baseline;

    static ResourceSnapshot baseline() {
        return baseline;
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (baseline == null) {
            baseline = ResourceSnapshot.take();
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        String figures = FaultFigures.summary();
        System.out.println("RELIABILITY " + figures);
        try {
            if (FaultFigures.isEmpty()) {
                return; // no fault case ran: keep the figures of the last run that had some
            }
            java.nio.file.Path out = java.nio.file.Path.of("target", "reliability-figures.txt");
            java.nio.file.Files.createDirectories(out.getParent());
            java.nio.file.Files.writeString(out, figures + System.lineSeparator());
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("cannot write target/reliability-figures.txt: " + e);
        } finally {
            reportLeftovers();
        }
    }

    private static void reportLeftovers() {
        ResourceSnapshot b = baseline;
        if (b == null) {
            return;
        }
        var left = ResourceSnapshot.take().leftoversSince(b);
        if (!left.isEmpty()) {
            System.err.println("!!! RESOURCE LEAK: left behind by the test run (" + left.size() + "):");
            left.forEach(l -> System.err.println("!!!   " + l));
        }
    }
}
