package io.nvmebridge.qemu;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts QEMU's command line somewhere: on the host ({@link #host()}), in a container through the docker
 * CLI ({@link #dockerCli}), or through a caller's container library (integration-tests runs it under
 * Testcontainers). Whatever runs it must make {@link Run#runDirectory()}, {@link Run#ramFile()} and
 * {@link Run#imageFiles()} visible to QEMU at their host paths and send QEMU's stderr to
 * {@link Run#stderrFile()}.
 */
@FunctionalInterface
public interface QemuRunner {

    QemuProcess start(Run run) throws IOException;

    /**
     * One QEMU to start.
     *
     * @param config      the configuration (binary name, container image, runtime)
     * @param arguments   QEMU's arguments, without the binary
     * @param runDirectory holds the sockets and the firmware; to be shared with QEMU at the same path
     * @param ramFile     guest RAM; to be shared with QEMU at the same path
     * @param imageFiles  namespace images; to be shared with QEMU at their paths
     * @param stdoutFile  where QEMU's stdout goes
     * @param stderrFile  where QEMU's stderr goes (its tail is part of every failure message)
     */
    record Run(QemuConfig config, List<String> arguments, Path runDirectory, Path ramFile, List<Path> imageFiles,
               Path stdoutFile, Path stderrFile) {
        public Run {
            arguments = List.copyOf(arguments);
            imageFiles = List.copyOf(imageFiles);
        }

        /** A container name unique to this run: "nvb-" + the run directory's name. */
        public String containerName() {
            return "nvb-" + runDirectory.getFileName();
        }
    }

    /** The host's QEMU binary ({@link QemuConfig#qemuBinary()}). */
    static QemuRunner host() {
        return run -> {
            List<String> cmd = new ArrayList<>();
            cmd.add(run.config().qemuBinary());
            cmd.addAll(run.arguments());
            return QemuProcess.of(startProcess(cmd, run));
        };
    }

    /**
     * QEMU inside {@code image} through the container CLI {@code runtime} ("docker"): no network, the run
     * directory, the RAM file and the images bind-mounted at their host paths, named
     * {@link Run#containerName()}, removed when it exits. Killing kills the container by name (signals to
     * the docker client do not reach a container reliably).
     */
    static QemuRunner dockerCli(String runtime, String image) {
        return run -> {
            List<String> cmd = new ArrayList<>(List.of(runtime, "run", "--rm", "--name", run.containerName(),
                    "--network", "none", "--log-driver", "none"));
            List<Path> mounts = new ArrayList<>(List.of(run.runDirectory(), run.ramFile()));
            mounts.addAll(run.imageFiles());
            for (Path p : mounts) {
                cmd.addAll(List.of("-v", p.toAbsolutePath() + ":" + p.toAbsolutePath()));
            }
            cmd.add(image);
            cmd.addAll(run.arguments());
            Process client = startProcess(cmd, run);
            QemuProcess onHost = QemuProcess.of(client);
            return new QemuProcess() {
                @Override
                public long pid() {
                    return client.pid();
                }

                @Override
                public boolean isAlive() {
                    return client.isAlive();
                }

                @Override
                public java.util.concurrent.CompletableFuture<Integer> onExit() {
                    return onHost.onExit();
                }

                @Override
                public void terminate() {
                    dockerKill(runtime, run.containerName());
                }

                @Override
                public void kill() {
                    dockerKill(runtime, run.containerName());
                    client.destroyForcibly();
                }

                @Override
                public String describe() {
                    return "QEMU in container " + run.containerName() + " (docker client pid " + client.pid() + ")";
                }
            };
        };
    }

    private static Process startProcess(List<String> cmd, Run run) throws IOException {
        return new ProcessBuilder(cmd)
                .directory(run.runDirectory().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(run.stdoutFile().toFile())
                .redirectError(run.stderrFile().toFile())
                .start();
    }

    private static void dockerKill(String runtime, String container) {
        try {
            Process k = new ProcessBuilder(runtime, "kill", container)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            k.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException e) {
            System.getLogger(QemuRunner.class.getName()).log(System.Logger.Level.WARNING,
                    runtime + " kill " + container + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
