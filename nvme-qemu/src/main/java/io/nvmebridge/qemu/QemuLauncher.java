package io.nvmebridge.qemu;

import io.nvmebridge.qemu.qmp.QmpClient;
import io.nvmebridge.qemu.qtest.QtestClient;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts QEMU with one NVMe controller and no guest OS: a halting firmware, guest RAM in a shared file the
 * JVM maps, qtest and QMP on Unix sockets in a fresh run directory. Failure at any step tears everything
 * down again and reports QEMU's stderr tail.
 */
public final class QemuLauncher {
    private static final System.Logger LOG = System.getLogger(QemuLauncher.class.getName());
    private static final AtomicLong COUNTER = new AtomicLong();
    /** sockaddr_un.sun_path holds 108 bytes including the NUL. */
    private static final int MAX_SOCKET_PATH = 107;

    private QemuLauncher() {
    }

    /** Starts QEMU per {@code config} and connects to it. */
    public static QemuInstance launch(QemuConfig config) {
        Path runDir;
        try {
            Files.createDirectories(config.runDirectoryParent());
            runDir = Files.createTempDirectory(config.runDirectoryParent(), "nvb-qemu-");
        } catch (IOException e) {
            throw new QemuException("cannot create a run directory in " + config.runDirectoryParent() + ": " + e.getMessage(), e);
        }
        Path ramFile = config.ramDirectory().resolve(
                "nvme-bridge-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-" + runDir.getFileName() + ".ram");
        QemuInstance instance = new QemuInstance(config, runDir, ramFile);
        QemuReaper.register(instance);
        try {
            start(instance, config, runDir, ramFile);
            return instance;
        } catch (QemuException e) {
            instance.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            String tail = instance.stderrSuffix();
            instance.close();
            throw new QemuException("QEMU start failed: " + e.getMessage() + tail, e);
        }
    }

    private static void start(QemuInstance instance, QemuConfig config, Path runDir, Path ramFile) throws IOException {
        Path qtestSocket = runDir.resolve("qtest.sock");
        Path qmpSocket = runDir.resolve("qmp.sock");
        if (qtestSocket.toString().length() > MAX_SOCKET_PATH) {
            throw new QemuException("socket path too long for a Unix socket (" + qtestSocket + "); use a shorter runDirectoryParent");
        }
        instance.mapRam();
        Path firmware = config.firmware();
        if (firmware == null || !Files.isRegularFile(firmware) || config.containerImage() != null) {
            // in a container only the run directory is visible: always use a generated image there
            firmware = HaltFirmware.write(runDir.resolve("halt.bin"));
        }
        List<String> args = arguments(config, firmware, ramFile, qtestSocket, qmpSocket);
        QemuRunner.Run run = new QemuRunner.Run(config, args, runDir, ramFile, imageFiles(config),
                runDir.resolve("qemu.stdout"), instance.stderrFile());
        LOG.log(Level.DEBUG, () -> "starting " + String.join(" ", args));
        QemuProcess p;
        try {
            p = config.runner().start(run);
        } catch (IOException e) {
            throw new QemuException("cannot start QEMU (" + config.qemuBinary() + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new QemuException("cannot start QEMU: " + e.getMessage(), e);
        }
        instance.started(p);

        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        waitForSocket(p, instance, qtestSocket, deadline, config);
        waitForSocket(p, instance, qmpSocket, deadline, config);
        QtestClient qtest = connectQtest(p, instance, qtestSocket, deadline, config);
        QmpClient qmp;
        try {
            qmp = QmpClient.connect(qmpSocket, config.startTimeout(), config.replyTimeout());
        } catch (IOException e) {
            qtest.close();
            throw e;
        }
        instance.connected(qtest, qmp);
        if (!instance.isAlive()) {
            throw new QemuException("QEMU died during start: " + instance.deathReason());
        }
        LOG.log(Level.DEBUG, () -> "QEMU " + instance.qemuVersion() + " " + p.describe() + " ready in " + runDir);
    }

    /** Connects, retrying while QEMU has bound but not yet listens on the socket. */
    private static QtestClient connectQtest(QemuProcess p, QemuInstance instance, Path socket, long deadline, QemuConfig config)
            throws IOException {
        while (true) {
            try {
                return config.qtestTransport().connect(socket, config.startTimeout(), config.replyTimeout());
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                waitForSocket(p, instance, socket, deadline, config);
                sleepBriefly();
            }
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QemuException("interrupted while waiting for QEMU to start");
        }
    }

    private static void waitForSocket(QemuProcess p, QemuInstance instance, Path socket, long deadline, QemuConfig config) {
        while (!Files.exists(socket)) {
            if (!p.isAlive()) {
                throw new QemuException(p.describe() + " exited with status " + QemuInstance.exitStatus(p) + " before creating " + socket.getFileName()
                        + instance.stderrSuffix());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new QemuException("QEMU did not create " + socket.getFileName() + " within "
                        + config.startTimeout().toMillis() + " ms" + instance.stderrSuffix());
            }
            sleepBriefly();
        }
    }

    /** Name of the container of the run in {@code runDir} when QEMU runs in one through the docker CLI, else null. */
    static String containerName(QemuConfig config, Path runDir) {
        return config.containerImage() == null ? null : "nvb-" + runDir.getFileName();
    }

    /** The namespace image files QEMU opens (to be shared with a container). */
    static List<Path> imageFiles(QemuConfig config) {
        List<Path> images = new ArrayList<>();
        for (QemuNamespace ns : config.namespaces()) {
            Path image = switch (ns.backing()) {
                case QemuNamespace.RawImage r -> r.file();
                case QemuNamespace.Qcow2Image q -> q.file();
                case QemuNamespace.NullBacking n -> null;
            };
            if (image != null) {
                images.add(image.toAbsolutePath());
            }
        }
        return images;
    }

    /** The QEMU command line for {@code config} on the host: the binary, then {@link #arguments}. */
    public static List<String> commandLine(QemuConfig config, Path firmware, Path ramFile, Path qtestSocket, Path qmpSocket) {
        List<String> c = new ArrayList<>();
        c.add(config.qemuBinary());
        c.addAll(arguments(config, firmware, ramFile, qtestSocket, qmpSocket));
        return c;
    }

    /** QEMU's arguments (without the binary) for {@code config}. */
    public static List<String> arguments(QemuConfig config, Path firmware, Path ramFile, Path qtestSocket, Path qmpSocket) {
        List<String> c = new ArrayList<>();
        c.addAll(List.of("-display", "none", "-nodefaults", "-monitor", "none", "-serial", "none", "-no-user-config"));
        c.addAll(List.of("-bios", firmware.toAbsolutePath().toString()));
        c.addAll(List.of("-object", "memory-backend-file,id=m0,size=" + config.ramBytes() + ",mem-path="
                + QemuArgs.escape(ramFile.toAbsolutePath().toString()) + ",share=on"));
        c.addAll(List.of("-machine", "q35,memory-backend=m0", "-m", (config.ramBytes() >> 20) + "M"));
        c.addAll(List.of("-accel", config.accel() == QemuConfig.Accel.KVM ? "kvm" : "tcg"));
        // -qtest-log /dev/null: otherwise QEMU logs every qtest line to stderr (and a full pipe would stall it)
        c.addAll(List.of("-qtest", "unix:" + qtestSocket.toAbsolutePath() + ",server=on,wait=off", "-qtest-log", "/dev/null"));
        c.addAll(List.of("-qmp", "unix:" + qmpSocket.toAbsolutePath() + ",server=on,wait=off"));
        for (QemuNamespace ns : config.namespaces()) {
            c.addAll(List.of("-drive", ns.driveArgument()));
        }
        c.addAll(List.of("-device", nvmeDeviceArgument(config)));
        for (QemuNamespace ns : config.namespaces()) {
            c.addAll(List.of("-device", ns.deviceArgument()));
        }
        c.addAll(config.extraArguments());
        return c;
    }

    /**
     * The controller's {@code -device nvme} argument for {@code config} (serial, mdts, max_ioqpairs); the
     * Linux guest's nvme-cli mode boots on the same one, so both see the same controller.
     */
    public static String nvmeDeviceArgument(QemuConfig config) {
        StringBuilder nvme = new StringBuilder("nvme,id=nvme0,serial=").append(config.serial());
        if (config.mdts() >= 0) {
            nvme.append(",mdts=").append(config.mdts());
        }
        if (config.maxIoQueuePairs() > 0) {
            nvme.append(",max_ioqpairs=").append(config.maxIoQueuePairs());
        }
        return nvme.toString();
    }
}
