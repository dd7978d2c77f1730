package io.nvmebridge.qemu.guest;

import io.nvmebridge.qemu.QemuConfig;
import io.nvmebridge.qemu.QemuLauncher;
import io.nvmebridge.qemu.QemuNamespace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The kernel baseline for QEMU's NVMe controller: boots Debian's Linux kernel under QEMU (TCG, 2 vCPUs, no
 * disk but one {@code -device nvme} with a null-co namespace — the controller configuration the userspace
 * driver gets) and runs a static io_uring O_DIRECT benchmark of 4 KiB random reads on /dev/nvme0n1 at each
 * depth, reading its results from the serial console. Kernel and initramfs come from
 * qemu-images/linux-guest/build.sh (Debian packages only), built on first use into
 * qemu-images/build/linux-guest/.
 *
 * <pre>{@code
 * List<GuestResult> r = LinuxGuestBaseline.run(List.of(1, 32), 3.0);   // ~30 s
 * r.get(0).iops();   // depth 1
 * }</pre>
 *
 * QEMU always goes away: the guest powers off when done; on a timeout, failure or interrupt the process is
 * killed, and the temporary run directory (serial log, stderr) is deleted.
 */
public final class LinuxGuestBaseline {
    private static final System.Logger LOG = System.getLogger(LinuxGuestBaseline.class.getName());
    private static final Object BUILD_LOCK = new Object();

    /** The kernel and initramfs the recipe made, with its manifest (package versions, hashes). */
    public record Artifacts(Path kernel, Path initrd, Path manifest) {
    }

    /**
     * How to run the guest.
     *
     * @param qemuImages    the repository's qemu-images directory (holds linux-guest/build.sh and build/)
     * @param qemuBinary    QEMU executable
     * @param vcpus         guest CPUs
     * @param memoryMiB     guest RAM
     * @param namespace     the controller's namespace (nsid 1): null-co by default
     * @param bootAllowance time allowed beyond the measurement itself (boot, module load, power-off)
     */
    public record Options(Path qemuImages, String qemuBinary, int vcpus, int memoryMiB, QemuNamespace namespace,
                          Duration bootAllowance) {
        public Options {
            Objects.requireNonNull(qemuImages);
            Objects.requireNonNull(qemuBinary);
            Objects.requireNonNull(namespace);
            Objects.requireNonNull(bootAllowance);
            if (vcpus < 1 || memoryMiB < 128) {
                throw new IllegalArgumentException("need at least 1 vCPU and 128 MiB: " + vcpus + ", " + memoryMiB);
            }
        }

        /** 2 vCPUs, 512 MiB, a 1 GiB null-co namespace of 4 KiB blocks, 120 s for boot and power-off. */
        public static Options defaults() {
            return new Options(findQemuImages(), "qemu-system-x86_64", 2, 512,
                    QemuNamespace.nullBlocks(1, 1L << 30, 4096), Duration.ofSeconds(120));
        }
    }

    private LinuxGuestBaseline() {
    }

    /** Runs the baseline at each depth for {@code secondsPerDepth} with {@link Options#defaults()}. */
    public static List<GuestResult> run(List<Integer> depths, double secondsPerDepth) {
        return run(Options.defaults(), depths, secondsPerDepth);
    }

    public static List<GuestResult> run(Options options, List<Integer> depths, double secondsPerDepth) {
        if (depths.isEmpty() || depths.stream().anyMatch(d -> d < 1 || d > 256)) {
            throw new IllegalArgumentException("depths must be 1..256: " + depths);
        }
        if (!(secondsPerDepth > 0 && secondsPerDepth <= 600)) {
            throw new IllegalArgumentException("seconds per depth must be in (0, 600]: " + secondsPerDepth);
        }
        Artifacts artifacts = ensureBuilt(options.qemuImages());
        Path runDir = newRunDir();
        try {
            return boot(options, artifacts, depths, secondsPerDepth, runDir);
        } finally {
            deleteTree(runDir);
        }
    }

    /** The QEMU command line that boots the guest. */
    public static List<String> commandLine(Options o, Artifacts a, List<Integer> depths, double secondsPerDepth) {
        String append = "console=ttyS0 quiet panic=-1 nvb.seconds=" + secondsPerDepth + " nvb.depths="
                + depths.stream().map(String::valueOf).collect(Collectors.joining(","));
        List<String> c = new ArrayList<>(List.of(o.qemuBinary(),
                "-accel", "tcg", "-machine", "q35", "-smp", Integer.toString(o.vcpus()), "-m", o.memoryMiB() + "M",
                "-nodefaults", "-display", "none", "-monitor", "none", "-no-reboot", "-serial", "stdio",
                "-kernel", a.kernel().toString(), "-initrd", a.initrd().toString(), "-append", append));
        c.addAll(List.of("-drive", o.namespace().driveArgument()));
        c.addAll(List.of("-device", "nvme,id=nvme0,serial=NVB-GUEST"));
        c.addAll(List.of("-device", o.namespace().deviceArgument()));
        return c;
    }

    private static List<GuestResult> boot(Options o, Artifacts a, List<Integer> depths, double seconds, Path runDir) {
        List<String> cmd = commandLine(o, a, depths, seconds);
        long timeoutNanos = o.bootAllowance().toNanos() + (long) (depths.size() * seconds * 2e9);
        Boot b = boot(cmd, o.qemuBinary(), timeoutNanos, runDir);
        GuestSerialParser parser = b.parser();
        synchronized (parser) {
            if (parser.error() != null) {
                throw new GuestBaselineException("the Linux guest failed: " + parser.error());
            }
            List<GuestResult> results = parser.results();
            if (!parser.done() || results.size() != depths.size()) {
                throw new GuestBaselineException("the Linux guest ended (QEMU status " + b.exitValue() + ") with "
                        + results.size() + " of " + depths.size() + " results; serial tail:\n" + tail(b.tail())
                        + stderrSuffix(b.stderr()));
            }
            return results;
        }
    }

    /** The nvme-cli commands the guest's nvme-cli mode runs, by the names of their documents. */
    public static final List<String> NVME_CLI_DOCUMENTS = List.of("id-ctrl", "id-ns", "smart-log", "error-log");

    /**
     * Boots the guest in its nvme-cli mode on the controller {@code controller} describes (the same
     * {@code -drive}, {@code -device nvme} and {@code -device nvme-ns} arguments the userspace driver's QEMU gets;
     * the guest's own RAM, CPUs and firmware come from {@code options}) and returns nvme-cli's JSON output by
     * document name ({@link #NVME_CLI_DOCUMENTS}): {@code nvme id-ctrl /dev/nvme0}, {@code nvme id-ns /dev/nvme0n1},
     * {@code nvme smart-log /dev/nvme0}, {@code nvme error-log /dev/nvme0}, each with {@code -o json}. One boot.
     */
    public static Map<String, String> nvmeCli(Options options, QemuConfig controller) {
        if (controller.namespaces().stream().noneMatch(ns -> ns.nsid() == 1)) {
            throw new IllegalArgumentException("the nvme-cli mode reads namespace 1, which " + controller + " lacks");
        }
        Artifacts artifacts = ensureBuilt(options.qemuImages());
        Path runDir = newRunDir();
        try {
            Boot b = boot(nvmeCliCommandLine(options, artifacts, controller), options.qemuBinary(),
                    options.bootAllowance().toNanos(), runDir);
            GuestSerialParser parser = b.parser();
            synchronized (parser) {
                if (parser.error() != null) {
                    throw new GuestBaselineException("the Linux guest failed: " + parser.error());
                }
                Map<String, String> docs = parser.documents();
                if (!parser.done() || parser.doneStatus() != 0 || !docs.keySet().containsAll(NVME_CLI_DOCUMENTS)) {
                    throw new GuestBaselineException("the Linux guest ended (QEMU status " + b.exitValue()
                            + ", guest status " + parser.doneStatus() + ") with the documents " + docs.keySet() + " of "
                            + NVME_CLI_DOCUMENTS + "; serial tail:\n" + tail(b.tail()) + stderrSuffix(b.stderr()));
                }
                return docs;
            }
        } finally {
            deleteTree(runDir);
        }
    }

    /** The QEMU command line of the nvme-cli mode: the guest of {@code o} on {@code controller}'s NVMe controller. */
    public static List<String> nvmeCliCommandLine(Options o, Artifacts a, QemuConfig controller) {
        // loglevel=1: only emergencies may interleave with the documents on the console
        String append = "console=ttyS0 quiet loglevel=1 panic=-1 nvb.mode=nvme-cli";
        List<String> c = new ArrayList<>(List.of(o.qemuBinary(),
                "-accel", "tcg", "-machine", "q35", "-smp", Integer.toString(o.vcpus()), "-m", o.memoryMiB() + "M",
                "-nodefaults", "-display", "none", "-monitor", "none", "-no-reboot", "-serial", "stdio",
                "-kernel", a.kernel().toString(), "-initrd", a.initrd().toString(), "-append", append));
        for (QemuNamespace ns : controller.namespaces()) {
            c.addAll(List.of("-drive", ns.driveArgument()));
        }
        c.addAll(List.of("-device", QemuLauncher.nvmeDeviceArgument(controller)));
        for (QemuNamespace ns : controller.namespaces()) {
            c.addAll(List.of("-device", ns.deviceArgument()));
        }
        return c;
    }

    /** A finished guest: what its console said, the last lines of it, QEMU's exit status and stderr file. */
    private record Boot(GuestSerialParser parser, Deque<String> tail, int exitValue, Path stderr) {
    }

    private static Boot boot(List<String> cmd, String qemuBinary, long timeoutNanos, Path runDir) {
        Path stderr = runDir.resolve("qemu.stderr");
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(runDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(stderr.toFile()).start();
        } catch (IOException e) {
            throw new GuestBaselineException("cannot run " + qemuBinary + ": " + e.getMessage(), e);
        }
        GuestSerialParser parser = new GuestSerialParser();
        Deque<String> tail = new ArrayDeque<>();
        try {
            Thread reader = Thread.ofPlatform().daemon().name("nvb-guest-serial").start(() -> read(p, parser, tail));
            if (!p.waitFor(timeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new GuestBaselineException("the Linux guest did not finish within "
                        + Duration.ofNanos(timeoutNanos).toSeconds() + " s; serial tail:\n" + tail(tail));
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestBaselineException("interrupted while the Linux guest ran", e);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return new Boot(parser, tail, p.exitValue(), stderr);
    }

    private static void read(Process p, GuestSerialParser parser, Deque<String> tail) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (parser) {
                    tail.addLast(line);
                    if (tail.size() > 40) {
                        tail.removeFirst();
                    }
                    try {
                        parser.line(line);
                    } catch (GuestBaselineException e) {
                        if (parser.error() == null) {
                            parser.line(GuestSerialParser.ERROR + e.getMessage());
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "serial console closed: " + e.getMessage());
        }
    }

    private static String tail(Deque<String> tail) {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    private static String stderrSuffix(Path stderr) {
        try {
            String s = Files.exists(stderr) ? Files.readString(stderr).strip() : "";
            return s.isEmpty() ? "" : "\nQEMU stderr: " + s;
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The guest's kernel and initramfs under {@code qemuImages}/build/linux-guest, built with
     * linux-guest/build.sh when missing or older than the recipe (once per JVM at a time).
     */
    public static Artifacts ensureBuilt(Path qemuImages) {
        Path recipe = qemuImages.resolve("linux-guest");
        Path out = qemuImages.resolve("build/linux-guest");
        Artifacts a = new Artifacts(out.resolve("vmlinuz"), out.resolve("initrd.img"), out.resolve("manifest"));
        synchronized (BUILD_LOCK) {
            if (upToDate(a, recipe)) {
                return a;
            }
            Path script = recipe.resolve("build.sh");
            if (!Files.isExecutable(script)) {
                throw new GuestBaselineException("no recipe at " + script);
            }
            LOG.log(System.Logger.Level.INFO, "building the Linux guest with " + script);
            try {
                Process p = new ProcessBuilder(script.toString(), out.toString()).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new GuestBaselineException(script + " failed:\n" + output.strip());
                }
            } catch (IOException e) {
                throw new GuestBaselineException("cannot run " + script + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GuestBaselineException("interrupted while building the Linux guest", e);
            }
            if (!upToDate(a, recipe)) {
                throw new GuestBaselineException(script + " ran but " + a.kernel() + " / " + a.initrd() + " are missing");
            }
            return a;
        }
    }

    private static boolean upToDate(Artifacts a, Path recipe) {
        try {
            if (!Files.isRegularFile(a.kernel()) || !Files.isRegularFile(a.initrd()) || !Files.isRegularFile(a.manifest())) {
                return false;
            }
            FileTime built = Files.getLastModifiedTime(a.manifest());
            try (Stream<Path> s = Files.list(recipe)) {
                return s.allMatch(f -> {
                    try {
                        return Files.getLastModifiedTime(f).compareTo(built) <= 0;
                    } catch (IOException e) {
                        return false;
                    }
                });
            }
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The repository's qemu-images directory: system property {@code nvme-bridge.qemu-images}, else the
     * first qemu-images/linux-guest found upwards from the working directory, else upwards from where this
     * class was loaded (nvme-qemu/target/classes, or the tool's jar in nvme-bridge-tool/target).
     */
    public static Path findQemuImages() {
        String prop = System.getProperty("nvme-bridge.qemu-images");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath();
        }
        List<Path> starts = new ArrayList<>(List.of(Path.of("").toAbsolutePath()));
        try {
            var source = LinuxGuestBaseline.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                starts.add(Path.of(source.getLocation().toURI()).toAbsolutePath());
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // not loaded from a file: the working directory is all there is
        }
        for (Path start : starts) {
            for (Path d = start; d != null; d = d.getParent()) {
                if (Files.isDirectory(d.resolve("qemu-images/linux-guest"))) {
                    return d.resolve("qemu-images");
                }
            }
        }
        throw new GuestBaselineException("no qemu-images/linux-guest above " + starts
                + " (set -Dnvme-bridge.qemu-images=...)");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** {@code LinuxGuestBaseline [DEPTHS] [SECONDS]}, e.g. {@code 1,32 3}: prints one line per depth. */
    public static void main(String[] args) {
        List<Integer> depths = Stream.of((args.length > 0 ? args[0] : "1,32").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3.0;
        for (GuestResult r : run(depths, seconds)) {
            System.out.printf("linux-kernel-nvme depth=%d iops=%.0f p50_ns=%d p99_ns=%d ios=%d%n",
                    r.depth(), r.iops(), r.p50Nanos(), r.p99Nanos(), r.ios());
        }
    }

    /** A fresh folder for one boot's files (serial log, disk images), removed when the boot ends. */
    private static Path newRunDir() {
        try {
            return Files.createTempDirectory("nvb-guest-");
        } catch (IOException e) {
            throw new GuestBaselineException("cannot create a run directory: " + e.getMessage(), e);
        }
    }
}
