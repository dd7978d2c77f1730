package io.nvmebridge.tool.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A verb that opens a device: the device options, the output format, and the session's life cycle. */
public abstract class DeviceCommand implements Callable<Integer> {

    @Mixin
    public DeviceOptions device = new DeviceOptions();

    @Option(names = {"-o", "--output-format"}, defaultValue = "normal",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    public OutputFormat outputFormat = OutputFormat.normal;

    protected final PrintStream out = System.out;
    protected final PrintStream err = System.err;

    @Override
    public final Integer call() throws Exception {
        validate();
        try (DeviceSession session = DeviceSession.open(device, dataBytes())) {
            return run(session);
        }
    }

    /** Checks the verb's own options before any device is opened. */
    protected void validate() {
    }

    /** DMA memory for the verb's data. */
    protected long dataBytes() {
        return 1L << 20;
    }

    protected abstract int run(DeviceSession session) throws Exception;

    protected boolean json() {
        return outputFormat == OutputFormat.json;
    }
}
