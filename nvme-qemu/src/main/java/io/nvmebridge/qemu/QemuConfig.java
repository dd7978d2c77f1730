package io.nvmebridge.qemu;

import io.nvmebridge.qemu.qtest.QtestTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything needed to start one QEMU with one NVMe controller and no guest OS. Immutable; made with
 * {@link #builder()}. Defaults: 256 MiB RAM, TCG, one 1 GiB null-co namespace of 4 KiB blocks, QEMU's own
 * mdts (7) and max_ioqpairs (64), serial "nvme-bridge".
 */
public final class QemuConfig {
    /** RAM must stay below q35's 32-bit PCI hole (0xB0000000 = ECAM) so guest physical = file offset. */
    public static final long MAX_RAM_BYTES = 0xB000_0000L;
    public static final long MIN_RAM_BYTES = 16L << 20;

    public enum Accel {
        TCG, KVM
    }

    private final String qemuBinary;
    private final long ramBytes;
    private final Accel accel;
    private final String serial;
    private final int mdts;
    private final int maxIoQueuePairs;
    private final List<QemuNamespace> namespaces;
    private final Path firmware;
    private final Path runDirectoryParent;
    private final Path ramDirectory;
    private final QtestTransport qtestTransport;
    private final Duration startTimeout;
    private final Duration replyTimeout;
    private final List<String> extraArguments;
    private final String containerImage;
    private final String containerRuntime;
    private final QemuRunner runner;

    private QemuConfig(Builder b) {
        this.qemuBinary = b.qemuBinary;
        this.ramBytes = b.ramBytes;
        this.accel = b.accel;
        this.serial = b.serial;
        this.mdts = b.mdts;
        this.maxIoQueuePairs = b.maxIoQueuePairs;
        this.namespaces = List.copyOf(b.namespaces.isEmpty()
                ? List.of(QemuNamespace.nullBlocks(1, 1L << 30, 4096)) : b.namespaces);
        this.firmware = b.firmware;
        this.runDirectoryParent = b.runDirectoryParent;
        this.ramDirectory = b.ramDirectory;
        this.qtestTransport = b.qtestTransport;
        this.startTimeout = b.startTimeout;
        this.replyTimeout = b.replyTimeout;
        this.extraArguments = List.copyOf(b.extraArguments);
        this.containerImage = b.containerImage;
        this.containerRuntime = b.containerRuntime;
        this.runner = b.runner;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.qemuBinary = qemuBinary;
        b.ramBytes = ramBytes;
        b.accel = accel;
        b.serial = serial;
        b.mdts = mdts;
        b.maxIoQueuePairs = maxIoQueuePairs;
        b.namespaces.addAll(namespaces);
        b.firmware = firmware;
        b.runDirectoryParent = runDirectoryParent;
        b.ramDirectory = ramDirectory;
        b.qtestTransport = qtestTransport;
        b.startTimeout = startTimeout;
        b.replyTimeout = replyTimeout;
        b.extraArguments.addAll(extraArguments);
        b.containerImage = containerImage;
        b.containerRuntime = containerRuntime;
        b.runner = runner;
        return b;
    }

    public String qemuBinary() {
        return qemuBinary;
    }

    public long ramBytes() {
        return ramBytes;
    }

    public Accel accel() {
        return accel;
    }

    public String serial() {
        return serial;
    }

    /** Maximum data transfer size as a power of two of the minimum page size; -1 = QEMU's default (7). */
    public int mdts() {
        return mdts;
    }

    /** I/O queue pairs the controller offers; -1 = QEMU's default (64). */
    public int maxIoQueuePairs() {
        return maxIoQueuePairs;
    }

    public List<QemuNamespace> namespaces() {
        return namespaces;
    }

    /** The -bios image, or null to generate a halt image in the run directory. */
    public Path firmware() {
        return firmware;
    }

    public Path runDirectoryParent() {
        return runDirectoryParent;
    }

    public Path ramDirectory() {
        return ramDirectory;
    }

    public QtestTransport qtestTransport() {
        return qtestTransport;
    }

    public Duration startTimeout() {
        return startTimeout;
    }

    public Duration replyTimeout() {
        return replyTimeout;
    }

    public List<String> extraArguments() {
        return extraArguments;
    }

    /** The container image QEMU runs in (qemu-images/build-container.sh), or null to run the host's QEMU. */
    public String containerImage() {
        return containerImage;
    }

    /** The container CLI ("docker"). */
    public String containerRuntime() {
        return containerRuntime;
    }

    /**
     * What starts QEMU: the runner set with {@link Builder#runner}, else the docker CLI when a container
     * image is set, else the host binary.
     */
    public QemuRunner runner() {
        if (runner != null) {
            return runner;
        }
        return containerImage != null ? QemuRunner.dockerCli(containerRuntime, containerImage) : QemuRunner.host();
    }

    @Override
    public String toString() {
        return "QemuConfig[ram=" + (ramBytes >> 20) + "MiB accel=" + accel + " serial=" + serial + " mdts=" + mdts
                + " maxIoQueuePairs=" + maxIoQueuePairs + " namespaces=" + namespaces + " qtest=" + qtestTransport + "]";
    }

    public static final class Builder {
        private String qemuBinary = "qemu-system-x86_64";
        private long ramBytes = 256L << 20;
        private Accel accel = Accel.TCG;
        private String serial = "nvme-bridge";
        private int mdts = -1;
        private int maxIoQueuePairs = -1;
        private final List<QemuNamespace> namespaces = new ArrayList<>();
        private Path firmware;
        private Path runDirectoryParent = Path.of(System.getProperty("java.io.tmpdir"));
        private Path ramDirectory = Path.of("/dev/shm");
        private QtestTransport qtestTransport = QtestTransport.DEFAULT;
        private Duration startTimeout = Duration.ofSeconds(15);
        private Duration replyTimeout = Duration.ofSeconds(10);
        private final List<String> extraArguments = new ArrayList<>();
        private String containerImage;
        private String containerRuntime = "docker";
        private QemuRunner runner;

        private Builder() {
        }

        /** The QEMU executable (a name on PATH or a path). */
        public Builder qemuBinary(String binary) {
            this.qemuBinary = Objects.requireNonNull(binary);
            return this;
        }

        /** Guest RAM, shared with the JVM: 16 MiB .. 2.75 GiB, a multiple of 2 MiB. */
        public Builder ramBytes(long bytes) {
            if (bytes < MIN_RAM_BYTES || bytes >= MAX_RAM_BYTES || bytes % (2L << 20) != 0) {
                throw new IllegalArgumentException("RAM must be a multiple of 2 MiB in [16 MiB, 2.75 GiB): " + bytes);
            }
            this.ramBytes = bytes;
            return this;
        }

        public Builder ramMiB(int mib) {
            return ramBytes((long) mib << 20);
        }

        public Builder accel(Accel accel) {
            this.accel = Objects.requireNonNull(accel);
            return this;
        }

        /** Controller serial number (Identify SN, at most 20 ASCII characters). */
        public Builder serial(String serial) {
            if (serial.isEmpty() || serial.length() > 20 || !serial.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ',')) {
                throw new IllegalArgumentException("serial must be 1..20 printable ASCII characters without spaces or commas: " + serial);
            }
            this.serial = serial;
            return this;
        }

        /** Maximum data transfer size, 2^mdts minimum pages (0 = no limit); QEMU's default is 7. */
        public Builder mdts(int mdts) {
            if (mdts < 0 || mdts > 255) {
                throw new IllegalArgumentException("mdts must be 0..255: " + mdts);
            }
            this.mdts = mdts;
            return this;
        }

        /** I/O queue pairs offered (QEMU: 1..65535; its default is 64). */
        public Builder maxIoQueuePairs(int pairs) {
            if (pairs < 1 || pairs > 65535) {
                throw new IllegalArgumentException("max_ioqpairs must be 1..65535: " + pairs);
            }
            this.maxIoQueuePairs = pairs;
            return this;
        }

        /** Adds a namespace; nsids must be distinct. With none, one 1 GiB null-co namespace is used. */
        public Builder namespace(QemuNamespace ns) {
            namespaces.add(Objects.requireNonNull(ns));
            return this;
        }

        public Builder firmware(Path file) {
            this.firmware = file;
            return this;
        }

        /** Where the run directory (sockets, logs, generated firmware) is created; keep the path short (sockets). */
        public Builder runDirectoryParent(Path dir) {
            this.runDirectoryParent = Objects.requireNonNull(dir);
            return this;
        }

        /** Where the guest RAM file is created (a tmpfs: /dev/shm by default). */
        public Builder ramDirectory(Path dir) {
            this.ramDirectory = Objects.requireNonNull(dir);
            return this;
        }

        public Builder qtestTransport(QtestTransport transport) {
            this.qtestTransport = Objects.requireNonNull(transport);
            return this;
        }

        /** Bound on QEMU's start (process up, sockets connected). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = positive(timeout);
            return this;
        }

        /** Bound on each qtest reply and QMP command. */
        public Builder replyTimeout(Duration timeout) {
            this.replyTimeout = positive(timeout);
            return this;
        }

        /** Extra QEMU arguments, appended last (for experiments; not validated). */
        public Builder extraArguments(String... args) {
            extraArguments.addAll(List.of(args));
            return this;
        }

        /**
         * Runs QEMU inside {@code image} (built by qemu-images/build-container.sh) with no network; the run
         * directory, the RAM file and image files are bind-mounted at their host paths, so sockets and RAM
         * are reached exactly as with a host QEMU.
         */
        public Builder container(String image) {
            this.containerImage = Objects.requireNonNull(image);
            return this;
        }

        /**
         * Starts QEMU with {@code runner} instead of the host binary or the docker CLI (e.g. a container
         * managed by Testcontainers); it must share the run directory, RAM file and images at their paths.
         */
        public Builder runner(QemuRunner runner) {
            this.runner = Objects.requireNonNull(runner);
            return this;
        }

        public Builder containerRuntime(String runtime) {
            this.containerRuntime = Objects.requireNonNull(runtime);
            return this;
        }

        public QemuConfig build() {
            Set<Integer> ids = new HashSet<>();
            for (QemuNamespace ns : namespaces) {
                if (!ids.add(ns.nsid())) {
                    throw new IllegalArgumentException("duplicate nsid " + ns.nsid());
                }
            }
            return new QemuConfig(this);
        }

        private static Duration positive(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + d);
            }
            return d;
        }
    }
}
