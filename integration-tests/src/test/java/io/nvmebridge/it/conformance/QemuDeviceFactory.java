package io.nvmebridge.it.conformance;

import io.nvmebridge.qemu.QemuConfig;
import io.nvmebridge.qemu.QemuNamespace;
import io.nvmebridge.qemu.QemuNvmeFunction;
import io.nvmebridge.spec.device.NvmeFunction;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * QEMU's own NVMe controller (Debian's QEMU 7.2, TCG, no guest OS) with raw image namespaces in a fresh
 * temporary directory, removed on close. Surprise removal is a SIGKILL of QEMU: the function then reads all
 * ones and reports not alive, while its RAM file stays mapped until close.
 */
final class QemuDeviceFactory implements DeviceFactory {
    private static final int RAM_MIB = 256;

    @Override
    public String name() {
        return "qemu";
    }

    @Override
    public boolean supportsFaultInjection() {
        return false;
    }

    @Override
    public boolean abortCanSucceed() {
        return false; // QEMU 7.2 completes Abort with DW0 bit 0 = 1 ("not aborted") always
    }

    @Override
    public DeviceUnderTest create(DeviceSpec spec) {
        if (!spec.faults().equals(io.nvmebridge.emulator.FaultPlan.NONE)) {
            throw new IllegalArgumentException("QEMU cannot inject faults");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("nvb-qemu-ns-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path ns1 = image(dir.resolve("ns1.raw"), spec.ns1Blocks() * 4096);
            Path ns2 = image(dir.resolve("ns2.raw"), spec.ns2Blocks() * 512);
            QemuNvmeFunction fn = QemuNvmeFunction.launch(QemuConfig.builder()
                    .ramMiB(RAM_MIB)
                    .mdts(DeviceSpec.MDTS)
                    .serial("NVB-CONFORMANCE")
                    .namespace(QemuNamespace.raw(DeviceSpec.NS1, ns1, 4096))
                    .namespace(QemuNamespace.raw(DeviceSpec.NS2, ns2, 512))
                    .build());
            return new DeviceUnderTest() {
                @Override
                public NvmeFunction function() {
                    return fn;
                }

                @Override
                public boolean surpriseRemove() {
                    ProcessHandle.of(fn.qemu().pid()).ifPresent(p -> {
                        p.destroyForcibly();
                        p.onExit().orTimeout(10, TimeUnit.SECONDS).join();
                    });
                    // the exit is reaped asynchronously: wait (bounded) until the function knows
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (fn.isAlive() && System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    return !fn.isAlive();
                }

                @Override
                public void close() {
                    try {
                        fn.close();
                    } finally {
                        deleteTree(dir);
                    }
                }
            };
        } catch (RuntimeException | IOException e) {
            deleteTree(dir);
            throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
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
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
