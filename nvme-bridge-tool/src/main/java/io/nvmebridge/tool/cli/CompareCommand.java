package io.nvmebridge.tool.cli;

import io.nvmebridge.bridge.NvmeBridge;
import io.nvmebridge.driver.DriverOptions;
import io.nvmebridge.driver.NamespaceInfo;
import io.nvmebridge.emulator.EmulatorMode;
import io.nvmebridge.tool.bench.BenchResult;
import io.nvmebridge.tool.bench.BenchRunner;
import io.nvmebridge.tool.bench.CompareReport;
import io.nvmebridge.tool.bench.FileChannelBaseline;
import io.nvmebridge.tool.bench.HtmlReport;
import io.nvmebridge.tool.bench.IoPath;
import io.nvmebridge.tool.bench.FioBaseline;
import io.nvmebridge.tool.bench.KernelUringBaseline;
import io.nvmebridge.tool.bench.Latency;
import io.nvmebridge.qemu.guest.GuestResult;
import io.nvmebridge.qemu.guest.LinuxGuestBaseline;
import io.nvmebridge.tool.bench.Workload;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./nvme-bridge compare} (and {@code ./nvme-bridge} with no arguments): forwarding paths × queue
 * depths (× devices when asked) on the same backing file, next to baselines measured in the same run —
 * Linux's kernel io_uring (NOPs, and reads of that file) and Java FileChannel reads of it. Every row shows
 * its ratio to the kernel io_uring baselines of its depth. Writes the table to the terminal and JSON, CSV
 * and a self-contained HTML report to the report folder.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare forwarding paths and queue depths against kernel io_uring, fio and FileChannel baselines.")
public final class CompareCommand implements Callable<Integer> {

    @Mixin
    DeviceOptions device = new DeviceOptions();

    @Option(names = "--paths", split = ",", defaultValue = "driver,inline,sqpoll,copy,passthru,async",
            description = "Forwarding paths (default: ${DEFAULT-VALUE}).")
    List<IoPath> paths = new ArrayList<>();

    @Option(names = "--depths", split = ",", defaultValue = "1,32", description = "Queue depths (default: ${DEFAULT-VALUE}).")
    List<Integer> depths = new ArrayList<>();

    @Option(names = "--devices", split = ",", description = "Devices to compare (emulator, qemu); default: --backend.")
    List<DeviceOptions.Backend> devices = new ArrayList<>();

    @Option(names = "--rw", defaultValue = "randread", description = "Workload (default: ${DEFAULT-VALUE}).")
    String rw = "randread";

    @Option(names = "--bs", defaultValue = "4k", converter = SizeConverter.class, description = "Block size (default: ${DEFAULT-VALUE}).")
    long bs = 4096;

    @Option(names = "--runtime", defaultValue = "1s", converter = DurationConverter.class,
            description = "Measured time per row (default: ${DEFAULT-VALUE}).")
    long runtimeNanos = 1_000_000_000L;

    @Option(names = "--ramp_time", defaultValue = "300ms", converter = DurationConverter.class,
            description = "Warm-up per row (default: ${DEFAULT-VALUE}).")
    long rampNanos = 300_000_000L;

    @Option(names = "--report-dir", defaultValue = "nvme-bridge-report",
            description = "Folder for compare.json, compare.csv, compare.html and the backing file (default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--no-baselines", description = "Skip the kernel and FileChannel baselines.")
    boolean noBaselines;

    @Option(names = {"-o", "--output-format"}, defaultValue = "normal", description = "Terminal output: normal, json or csv.")
    String outputFormat = "normal";

    @Override
    public Integer call() throws Exception {
        if (!List.of("normal", "json", "csv").contains(outputFormat)) {
            throw new UsageException("--output-format must be normal, json or csv, not " + outputFormat);
        }
        for (int d : depths) {
            if (d < 1 || d > 1024) {
                throw new UsageException("--depths must be 1..1024, not " + d);
            }
        }
        if (paths.isEmpty() || depths.isEmpty()) {
            throw new UsageException("--paths and --depths must not be empty");
        }
        if (bs <= 0 || bs % device.lbaSize != 0 || bs > (1 << 20)) {
            throw new UsageException("--bs must be a multiple of the LBA size up to 1 MiB, not " + bs);
        }
        List<DeviceOptions.Backend> devs = devices.isEmpty() ? List.of(device.backend) : devices;
        Files.createDirectories(reportDir);
        Path backing = device.image != null ? device.image : reportDir.resolve("backing-" + device.size + ".img");
        if (device.image != null) {
            DeviceSession.prepareImage(backing, device.size, device.lbaSize); // the user's file: used, never rewritten
        } else {
            prepareBacking(backing, device.size);
        }
        warmPageCache(backing);

        int rows = (noBaselines ? 0 : depths.size() * 3 + 1) + devs.size() * paths.size() * depths.size()
                + (devs.contains(DeviceOptions.Backend.qemu) && !noBaselines ? depths.size() : 0);
        Progress progress = Progress.forTerminal("compare", (long) rows * (runtimeNanos + rampNanos));
        List<BenchResult> results = new ArrayList<>();
        int done = 0;
        double seconds = runtimeNanos / 1e9;
        // a baseline this machine cannot run is one line in the report's header; every other row still runs
        String kernelUnavailable = null;
        String fioUnavailable = null;
        if (!noBaselines) {
            try {
                KernelUringBaseline kernel = KernelUringBaseline.open();
                for (int d : depths) {
                    progress.message("compare: kernel io_uring qd" + d);
                    results.add(kernel.nop(d, seconds));
                    results.add(kernel.read(backing, (int) bs, d, seconds));
                    done += 2;
                }
            } catch (IOException e) {
                kernelUnavailable = "kernel io_uring rows: not measured, " + e.getMessage();
                done += 2 * depths.size();
            }
            try {
                FioBaseline fio = FioBaseline.find();
                for (int d : depths) {
                    progress.message("compare: fio (ioengine=io_uring) qd" + d);
                    results.add(fio.randread(backing, (int) bs, d, seconds, rampNanos / 1e9));
                    done++;
                }
            } catch (IOException e) {
                fioUnavailable = "fio rows: not measured, " + e.getMessage();
                done += depths.size();
            }
            progress.message("compare: FileChannel qd1");
            results.add(FileChannelBaseline.read(backing, (int) bs, seconds, 42));
            done++;
        }
        long size = Files.size(backing);
        for (DeviceOptions.Backend b : devs) {
            DeviceOptions o = copyOf(device, b, backing);
            if (b == DeviceOptions.Backend.qemu) {
                // the Linux guest's configuration: a null-co namespace of 4 KiB blocks (pure forwarding cost)
                o.image = null;
                o.nullNamespace = true;
                o.lbaSize = 4096;
            }
            Workload base = new Workload(rw, 50, (int) bs, 1, 1, runtimeNanos, 0, rampNanos, size, false, 42);
            int maxDepth = depths.stream().mapToInt(Integer::intValue).max().orElse(1);
            DriverOptions drv = DriverOptions.defaults().withIoQueues(4);
            try (DeviceSession session = DeviceSession.open(o, BenchCommand.dataBytes(base.withIodepth(maxDepth)),
                    EmulatorMode.INLINE, drv);
                 NvmeBridge bridge = NvmeBridge.of(session.controller(), false)) {
                NamespaceInfo ns = session.controller().namespace(1);
                // warm every path up once, unmeasured, so the first rows are not measured on cold code
                for (IoPath p : paths) {
                    progress.message("compare: warming up " + b + " " + p);
                    Workload warm = new Workload(rw, 50, (int) bs, maxDepth, 1, 200_000_000L, 0, 100_000_000L, size, false, 1);
                    new BenchRunner().run(warm, p, session.controller(), bridge, 1, ns.lbaSize(),
                            session.function().description(), null);
                }
                for (int d : depths) {
                    for (IoPath p : paths) {
                        done++;
                        String what = "compare: %d/%d %s %s qd%d".formatted(done, rows, b, p, d);
                        progress.message(what);
                        results.add(new BenchRunner().run(base.withIodepth(d), p, session.controller(), bridge, 1,
                                ns.lbaSize(), session.function().description(), null));
                    }
                }
            }
        }
        if (devs.contains(DeviceOptions.Backend.qemu) && !noBaselines) {
            progress.message("compare: Linux's own NVMe driver in a QEMU guest (boots under TCG)");
            for (GuestResult g : LinuxGuestBaseline.run(depths, seconds)) {
                results.add(guestRow(g));
            }
        }
        progress.done();
        CompareReport report = new CompareReport(
                "nvme-bridge compare: %s bs=%d numjobs=1, %.1fs per row (+%.1fs warm-up)".formatted(rw, bs,
                        runtimeNanos / 1e9, rampNanos / 1e9),
                headerLines(Arrays.asList(kernelUnavailable, fioUnavailable), "host: %s, %d CPUs, Linux %s, Java %s".formatted(hostName(), Runtime.getRuntime().availableProcessors(),
                                System.getProperty("os.version"), System.getProperty("java.version")),
                        "backing file: %s (%d MiB; the emulator maps it, the kernel and FileChannel read it through the page cache)"
                                .formatted(backing, size >> 20),
                        "ratios: IOPS of the row / IOPS of the kernel io_uring baseline at the same queue depth (reads; NOPs)",
                        devs.contains(DeviceOptions.Backend.qemu)
                                ? "qemu rows: a null-co namespace of 4 KiB blocks, as the linux-guest rows (Linux's nvme driver in a TCG guest on the same device)"
                                : "emulator: INLINE mode, namespace 1 file-backed by the backing file"),
                results);
        Files.writeString(reportDir.resolve("compare.json"), report.json() + "\n");
        Files.writeString(reportDir.resolve("compare.csv"), report.csv());
        Files.writeString(reportDir.resolve("compare.html"), HtmlReport.render(report));
        switch (outputFormat) {
            case "json" -> System.out.println(report.json());
            case "csv" -> System.out.print(report.csv());
            default -> {
                System.out.print(report.table());
                if (!Quiet.on()) {
                    System.out.printf(Locale.ROOT, "%nreport: %s (also compare.json, compare.csv)%n",
                            reportDir.resolve("compare.html"));
                }
            }
        }
        long errors = results.stream().mapToLong(BenchResult::errors).sum();
        return errors > 0 ? 1 : 0;
    }

    /** A row for Linux's NVMe driver in a guest on the same QEMU device (its benchmark reports p50/p99 only). */
    private static BenchResult guestRow(GuestResult g) {
        Latency lat = new Latency(g.p50Nanos(), Double.NaN, g.p99Nanos(), Double.NaN, Double.NaN, Double.NaN);
        return new BenchResult("linux-guest qd" + g.depth(), "linux-guest-nvme",
                "QEMU NVMe (null-co, 4 KiB LBAs) under a Linux guest's nvme driver, io_uring O_DIRECT",
                null, g.depth(), g.ios(), g.ios(), 0, g.elapsedNanos() / 1e9, 4096, lat, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, 0, 0, 0, 0);
    }

    private static DeviceOptions copyOf(DeviceOptions d, DeviceOptions.Backend backend, Path image) {
        DeviceOptions o = new DeviceOptions();
        o.backend = backend;
        o.image = image;
        o.lbaSize = d.lbaSize;
        o.serial = d.serial;
        o.mdts = d.mdts;
        o.size = d.size;
        o.trace = d.trace;
        o.noShadowDoorbells = d.noShadowDoorbells;
        o.noInterrupts = d.noInterrupts;
        return o;
    }

    /** The backing file: {@code size} bytes of pseudo-random data, made once and reused while its size matches. */
    static void prepareBacking(Path file, long size) throws IOException {
        if (Files.exists(file) && Files.size(file) == size) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            SplittableRandom r = new SplittableRandom(7);
            for (long at = 0; at < size; at += buf.capacity()) {
                buf.clear();
                while (buf.remaining() >= 8) {
                    buf.putLong(r.nextLong());
                }
                buf.flip();
                buf.limit((int) Math.min(buf.capacity(), size - at));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Reads the backing file once, so every row — the kernel's reads, FileChannel's, the emulator's mapping —
     * starts from the page cache rather than whichever happened to run first after the file was evicted.
     */
    static void warmPageCache(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            long at = 0;
            while (true) {
                buf.clear();
                int n = ch.read(buf, at);
                if (n <= 0) {
                    break;
                }
                at += n;
            }
        }
    }

    /** The report's header lines, and last a line for each baseline that was not measured, saying why. */
    private static List<String> headerLines(List<String> unavailable, String... lines) {
        List<String> all = new ArrayList<>(List.of(lines));
        for (String line : unavailable) {
            if (line != null) {
                all.add(line);
            }
        }
        return all;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
