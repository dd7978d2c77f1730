package io.nvmebridge.junit;

import io.nvmebridge.qemu.QemuRunner;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link QemuContainerRunnerProvider} for this module's tests that runs the host's QEMU and remembers each
 * run, so a test can see that {@link Backend#QEMU_CONTAINER} went through the registered provider.
 */
public final class HostQemuRunnerProvider implements QemuContainerRunnerProvider {
    private static final List<String> RUNS = new CopyOnWriteArrayList<>();

    /** {@return the container names of the runs started so far} */
    static List<String> runs() {
        return List.copyOf(RUNS);
    }

    @Override
    public QemuRunner runner() {
        return run -> {
            RUNS.add(run.containerName());
            return QemuRunner.host().start(run);
        };
    }
}
