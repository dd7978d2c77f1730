package io.nvmebridge.tool.cli;

import io.nvmebridge.bridge.NvmeBridge;
import io.nvmebridge.driver.DriverOptions;
import io.nvmebridge.driver.NamespaceInfo;
import io.nvmebridge.emulator.EmulatorMode;
import io.nvmebridge.tool.bench.BenchResult;
import io.nvmebridge.tool.Main;
import io.nvmebridge.tool.bench.BenchRunner;
import io.nvmebridge.tool.bench.FioJson;
import io.nvmebridge.tool.bench.IoPath;
import io.nvmebridge.tool.bench.ResultFormat;
import io.nvmebridge.tool.bench.Workload;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./nvme-bridge bench}: one workload through one forwarding path on one device, with fio's option
 * names. Prints IOPS, bandwidth, latency percentiles, CPU and allocation per I/O.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run one fio-style workload through one forwarding path and report IOPS, latency, CPU and allocation per I/O.")
public final class BenchCommand implements Callable<Integer> {

    @Mixin
    DeviceOptions device = new DeviceOptions();

    @Mixin
    WorkloadOptions workload = new WorkloadOptions();

    @Option(names = "--path", defaultValue = "inline",
            description = "Forwarding path: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    IoPath path = IoPath.inline;

    @Option(names = "--emulator-mode", defaultValue = "INLINE",
            description = "Emulator: INLINE (device work on the submitting thread) or THREADED (device threads poll).")
    EmulatorMode emulatorMode = EmulatorMode.INLINE;

    @Option(names = {"-o", "--output-format"}, defaultValue = "normal",
            description = "normal, json (fio's --output-format=json shape) or csv.")
    String outputFormat = "normal";

    @Override
    public Integer call() throws Exception {
        if (!List.of("normal", "json", "csv").contains(outputFormat)) {
            throw new UsageException("--output-format must be normal, json or csv, not " + outputFormat);
        }
        Workload w = workload.toWorkload(device.size);
        if (w.verify() && device.nullNamespace) {
            throw new UsageException("--verify needs a namespace that keeps data (not --null)");
        }
        DriverOptions opts = DriverOptions.defaults().withIoQueues(w.numjobs() + 2);
        try (DeviceSession session = DeviceSession.open(device, dataBytes(w), emulatorMode, opts);
             NvmeBridge bridge = NvmeBridge.of(session.controller(), false)) {
            NamespaceInfo ns = session.controller().namespace(1);
            if (w.size() > ns.sizeBytes()) {
                throw new UsageException("--size " + w.size() + " is larger than namespace 1 (" + ns.sizeBytes() + " bytes)");
            }
            Progress progress = Progress.forTerminal("bench " + path, w.runtimeNanos() + w.rampNanos());
            BenchResult r = new BenchRunner().run(w, path, session.controller(), bridge, 1, ns.lbaSize(),
                    session.function().description(), progress);
            progress.done();
            switch (outputFormat) {
                // fio's JSON shape, so the tools people feed fio's output to read ours unchanged
                case "json" -> System.out.println(FioJson.write(FioJson.of(List.of(r), Main.VERSION, Instant.now())));
                case "csv" -> System.out.print(ResultFormat.csv(List.of(r)));
                default -> System.out.print(ResultFormat.text(r));
            }
            return r.errors() > 0 || r.verifyMismatches() > 0 ? 1 : 0;
        }
    }

    /** DMA memory for the jobs' buffers, bounce buffers and queues. */
    static long dataBytes(Workload w) {
        long perJob = (long) w.iodepth() * w.bs() * 2 + (4L << 20) + 128L * 64 * 1024;
        return perJob * w.numjobs();
    }
}
