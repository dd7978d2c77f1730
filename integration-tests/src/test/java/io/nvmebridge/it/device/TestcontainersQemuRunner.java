package io.nvmebridge.it.device;

import com.github.dockerjava.api.command.WaitContainerResultCallback;
import io.nvmebridge.qemu.QemuProcess;
import io.nvmebridge.qemu.QemuRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Starts QEMU as a Testcontainers {@link GenericContainer} of the local image (never pulled): network
 * "none", the run directory (sockets, firmware), the RAM file and the namespace images bind-mounted at their
 * host paths, QEMU's output copied to the run directory's log files, and ready when QEMU has created its
 * qtest socket. Testcontainers owns the container: when QEMU exits (QMP quit in teardown, or a kill) the
 * container is stopped and removed through it before {@link QemuProcess#onExit()} completes.
 */
final class TestcontainersQemuRunner implements QemuRunner {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private final String image;

    TestcontainersQemuRunner(String image) {
        this.image = image;
    }

    @Override
    @SuppressWarnings("resource") // closed through QemuProcess: stop() after exit
    public QemuProcess start(Run run) throws IOException {
        List<Path> mounts = new ArrayList<>(List.of(run.runDirectory(), run.ramFile()));
        mounts.addAll(run.imageFiles());
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withImagePullPolicy(new NeverPullPolicy())
                .withNetworkMode("none")
                .withCreateContainerCmdModifier(cmd -> cmd.withName(run.containerName()))
                .withCommand(run.arguments().toArray(String[]::new))
                .withLogConsumer(new LogFiles(run.stdoutFile(), run.stderrFile()))
                .waitingFor(new FileExists(run.runDirectory().resolve("qtest.sock")).withStartupTimeout(STARTUP));
        for (Path p : mounts) {
            String path = p.toAbsolutePath().toString();
            c.withFileSystemBind(path, path, BindMode.READ_WRITE);
        }
        try {
            c.start();
        } catch (RuntimeException e) {
            c.stop();
            throw new IOException("Testcontainers could not start " + image + ": " + e.getMessage(), e);
        }
        return new ContainerProcess(c, run.containerName());
    }

    /** A running container seen as QEMU's process. */
    private static final class ContainerProcess implements QemuProcess {
        private final GenericContainer<?> container;
        private final String name;
        private final String id;
        private final long pid;
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();

        ContainerProcess(GenericContainer<?> container, String name) {
            this.container = container;
            this.name = name;
            this.id = container.getContainerId();
            Long p = container.getContainerInfo().getState().getPidLong();
            this.pid = p == null ? -1 : p;
            Thread.ofPlatform().daemon().name("nvb-container-wait-" + name).start(this::awaitExit);
        }

        /** Waits for the container to exit, has Testcontainers remove it, then reports the exit status. */
        private void awaitExit() {
            int status = -1;
            try (WaitContainerResultCallback cb = container.getDockerClient().waitContainerCmd(id)
                    .exec(new WaitContainerResultCallback())) {
                status = cb.awaitStatusCode();
            } catch (IOException | RuntimeException e) {
                // the daemon lost the container: treat as exited
            } finally {
                try {
                    container.stop();
                } finally {
                    exit.complete(status);
                }
            }
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public boolean isAlive() {
            return !exit.isDone();
        }

        @Override
        public CompletableFuture<Integer> onExit() {
            return exit;
        }

        @Override
        public void terminate() {
            signal("SIGTERM");
        }

        @Override
        public void kill() {
            signal("SIGKILL");
        }

        private void signal(String sig) {
            if (exit.isDone()) {
                return;
            }
            try {
                container.getDockerClient().killContainerCmd(id).withSignal(sig).exec();
            } catch (RuntimeException e) {
                // already gone (the wait thread reports the exit)
            }
        }

        @Override
        public String describe() {
            return "QEMU in Testcontainers container " + name + " (pid " + pid + ")";
        }
    }

    /** Ready when QEMU has created a file (its qtest socket) in the bind-mounted run directory. */
    private static final class FileExists extends AbstractWaitStrategy {
        private final Path file;

        FileExists(Path file) {
            this.file = file;
        }

        @Override
        protected void waitUntilReady() {
            long end = System.nanoTime() + startupTimeout.toNanos();
            while (!Files.exists(file)) {
                if (!waitStrategyTarget.isRunning()) {
                    throw new ContainerLaunchException("QEMU's container exited before creating " + file.getFileName()
                            + ": " + waitStrategyTarget.getLogs());
                }
                if (System.nanoTime() - end > 0) {
                    throw new ContainerLaunchException("QEMU did not create " + file + " within " + startupTimeout);
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ContainerLaunchException("interrupted", e);
                }
            }
        }
    }

    /** Appends the container's stdout and stderr to QEMU's log files in the run directory. */
    private static final class LogFiles implements java.util.function.Consumer<OutputFrame> {
        private final Path stdout;
        private final Path stderr;

        LogFiles(Path stdout, Path stderr) {
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public void accept(OutputFrame frame) {
            byte[] bytes = frame.getBytes();
            if (bytes == null || frame.getType() == OutputFrame.OutputType.END) {
                return;
            }
            Path to = frame.getType() == OutputFrame.OutputType.STDERR ? stderr : stdout;
            try (OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write(bytes);
            } catch (IOException e) {
                if (Files.exists(to.getParent())) {
                    throw new UncheckedIOException(e);
                }
                // run directory already removed by teardown: nothing left to log to
            }
        }
    }
}
