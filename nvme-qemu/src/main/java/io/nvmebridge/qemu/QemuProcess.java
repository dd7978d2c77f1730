package io.nvmebridge.qemu;

import java.util.concurrent.CompletableFuture;

/**
 * A running QEMU as its launcher sees it, wherever it runs: a host process, a container started with the
 * docker CLI, or a container some library manages ({@link QemuRunner}). {@link QemuInstance} only needs
 * to know whether it lives, when it exits, and how to stop it.
 */
public interface QemuProcess {

    /** The host pid of QEMU (or of the client standing for it), -1 when unknown. */
    long pid();

    boolean isAlive();

    /** Completes with the exit status once QEMU has exited (for any reason). */
    CompletableFuture<Integer> onExit();

    /** Asks QEMU to terminate (SIGTERM or the container equivalent); does not wait. */
    void terminate();

    /** Kills QEMU at once (SIGKILL, {@code docker kill}); does not wait. Used for teardown and to simulate a crash. */
    void kill();

    /** What to call it in messages ("QEMU (pid 123)", "QEMU in container nvb-...") */
    default String describe() {
        return "QEMU (pid " + pid() + ")";
    }

    /** A host process. */
    static QemuProcess of(Process p) {
        return new QemuProcess() {
            private final CompletableFuture<Integer> exit = p.onExit().thenApply(Process::exitValue);

            @Override
            public long pid() {
                return p.pid();
            }

            @Override
            public boolean isAlive() {
                return p.isAlive();
            }

            @Override
            public CompletableFuture<Integer> onExit() {
                return exit;
            }

            @Override
            public void terminate() {
                p.destroy();
            }

            @Override
            public void kill() {
                p.destroyForcibly();
            }
        };
    }
}
