package io.nvmebridge.junit;

import io.nvmebridge.qemu.QemuConfig;
import io.nvmebridge.qemu.QemuNamespace;
import io.nvmebridge.qemu.QemuNvmeFunction;
import io.nvmebridge.qemu.QemuRunner;
import io.nvmebridge.spec.device.NvmeFunction;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.ServiceLoader;

/**
 * QEMU's own NVMe controller (Debian's QEMU 7.2, TCG, no guest OS) as a {@link TestDevice}, configured with
 * the typed {@link QemuConfig}: on the host, or in a container started by the
 * {@link QemuContainerRunnerProvider} on the class path. DATA namespaces are sparse raw images in a fresh
 * temporary directory, NULL ones QEMU's null-co driver. Surprise removal kills QEMU (SIGKILL / docker kill):
 * the function then reads all ones and reports not alive, while its RAM file stays mapped until close.
 */
final class QemuDevices {
    private static final int RAM_MIB = 256;

    private QemuDevices() {
    }

    /** The typed QEMU configuration for {@code shape}, with DATA namespaces as raw images in {@code dir}. */
    static QemuConfig config(DeviceShape shape, Path dir) throws IOException {
        if (!shape.faults().equals(io.nvmebridge.emulator.FaultPlan.NONE)) {
            throw new IllegalArgumentException("QEMU cannot inject faults");
        }
        QemuConfig.Builder b = QemuConfig.builder()
                .ramMiB(RAM_MIB)
                .mdts(shape.mdts())
                .maxIoQueuePairs(shape.maxIoQueuePairs())
                .serial(shape.serial());
        for (DeviceShape.Ns ns : shape.namespaces()) {
            b.namespace((switch (ns.storage()) {
                case DATA -> QemuNamespace.raw(ns.nsid(), image(dir.resolve("ns" + ns.nsid() + ".raw"), ns.imageBytes()),
                        ns.lbaSize());
                case NULL -> QemuNamespace.nullBlocks(ns.nsid(), ns.imageBytes(), ns.lbaSize());
            }).withMetadata(ns.metadataSize()));
        }
        return b.build();
    }

    static TestDevice open(Backend backend, DeviceShape shape) {
        Path dir;
        try {
            dir = Files.createTempDirectory("nvb-qemu-ns-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            QemuConfig config = config(shape, dir);
            if (backend == Backend.QEMU_CONTAINER) {
                config = config.toBuilder().runner(containerRunner()).build();
            }
            QemuNvmeFunction fn = QemuNvmeFunction.launch(config);
            return new QemuTestDevice(backend, shape, fn, dir);
        } catch (RuntimeException | IOException e) {
            deleteTree(dir);
            throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        }
    }

    /** The runner of the first {@link QemuContainerRunnerProvider} registered on the class path. */
    private static QemuRunner containerRunner() {
        return ServiceLoader.load(QemuContainerRunnerProvider.class).findFirst()
                .orElseThrow(() -> new IllegalStateException(Backend.QEMU_CONTAINER + " needs an implementation of "
                        + QemuContainerRunnerProvider.class.getName()
                        + " registered in META-INF/services on the test class path"))
                .runner();
    }

    private record QemuTestDevice(Backend backend, DeviceShape shape, QemuNvmeFunction fn, Path dir) implements TestDevice {
        @Override
        public NvmeFunction function() {
            return fn;
        }

        @Override
        public boolean surpriseRemove() {
            fn.qemu().kill();
            return fn.awaitDeath(Duration.ofSeconds(30));
        }

        @Override
        public void close() {
            try {
                fn.close();
            } finally {
                deleteTree(dir);
            }
        }

        @Override
        public String toString() {
            return backend.label() + " " + fn.description();
        }
    }

    private static Path image(Path file, long bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return file;
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary directory
        }
    }
}
