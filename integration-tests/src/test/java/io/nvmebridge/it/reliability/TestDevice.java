package io.nvmebridge.it.reliability;

import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorConfig;
import io.nvmebridge.emulator.EmulatorMode;
import io.nvmebridge.emulator.FaultPlan;
import io.nvmebridge.emulator.NamespaceConfig;
import io.nvmebridge.qemu.QemuConfig;
import io.nvmebridge.qemu.QemuNamespace;
import io.nvmebridge.qemu.QemuNvmeFunction;
import io.nvmebridge.spec.device.NvmeFunction;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;

/**
 * The devices the reliability suite runs on, self-contained so the suite does not depend on other test packages:
 * namespace 1 with 4096-byte blocks, namespace 2 with 512-byte blocks, on the emulator (inline or threaded, with
 * a fault plan) or on QEMU's NVMe controller (raw images in a temporary directory removed on close).
 */
final class TestDevice implements AutoCloseable {
    static final int NS1 = 1;
    static final int NS2 = 2;
    private static final long NS1_BLOCKS = 16384;
    private static final long NS2_BLOCKS = 16384;

    /** Which device. */
    enum Kind {
        EMULATOR_INLINE, EMULATOR_THREADED, QEMU;

        boolean injectsFaults() {
            return this != QEMU;
        }

        @Override
        public String toString() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    private final NvmeFunction function;
    private final QemuNvmeFunction qemu;
    private final Path dir;

    private TestDevice(NvmeFunction function, QemuNvmeFunction qemu, Path dir) {
        this.function = function;
        this.qemu = qemu;
        this.dir = dir;
    }

    static TestDevice create(Kind kind, FaultPlan faults) {
        if (kind != Kind.QEMU) {
            EmulatorConfig cfg = EmulatorConfig.builder()
                    .mode(kind == Kind.EMULATOR_INLINE ? EmulatorMode.INLINE : EmulatorMode.THREADED)
                    .mdts(7)
                    .namespace(NamespaceConfig.ram(NS1, NS1_BLOCKS, 4096))
                    .namespace(NamespaceConfig.ram(NS2, NS2_BLOCKS, 512))
                    .faultPlan(faults)
                    .build();
            return new TestDevice(EmulatedNvmeFunction.open(cfg, 96L << 20), null, null);
        }
        if (!faults.isEmpty()) {
            throw new IllegalArgumentException("QEMU cannot inject faults");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("nvb-reliability-");
            Path ns1 = image(dir.resolve("ns1.raw"), NS1_BLOCKS * 4096);
            Path ns2 = image(dir.resolve("ns2.raw"), NS2_BLOCKS * 512);
            try {
                QemuNvmeFunction q = QemuNvmeFunction.launch(QemuConfig.builder()
                        .ramMiB(256).mdts(7).serial("NVB-RELIABILITY")
                        .namespace(QemuNamespace.raw(NS1, ns1, 4096))
                        .namespace(QemuNamespace.raw(NS2, ns2, 512))
                        .build());
                return new TestDevice(q, q, dir);
            } catch (RuntimeException e) {
                deleteTree(dir);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    NvmeFunction function() {
        return function;
    }

    /** The QEMU behind the function, or null on the emulator. */
    QemuNvmeFunction qemu() {
        return qemu;
    }

    /** SIGKILLs QEMU without waiting. */
    void sigkillQemu() {
        ProcessHandle.of(qemu.qemu().pid()).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Waits (bounded) until QEMU is dead and the function knows it. */
    boolean awaitQemuDeath() {
        return qemu.awaitDeath(Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        try {
            function.close();
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
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
