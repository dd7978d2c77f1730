package io.nvmebridge.tool.cli;

import io.nvmebridge.spec.admin.ErrorInformationEntry;
import io.nvmebridge.spec.admin.IdentifyController;
import io.nvmebridge.spec.admin.LogPage;
import io.nvmebridge.spec.admin.NvmCommands;
import io.nvmebridge.tool.format.ErrorLogFormat;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * nvme-cli's {@code error-log}: the Error Information log page (01h) for all namespaces, as many entries as asked
 * for (64 by default) but at most the controller's ELPE + 1, as nvme-cli reads it.
 */
@Command(name = "error-log", description = "Retrieve the error information log.", mixinStandardHelpOptions = true)
public final class ErrorLogCommand extends DeviceCommand {

    @Option(names = {"-e", "--log-entries"}, defaultValue = "64",
            description = "Number of entries to retrieve (default: ${DEFAULT-VALUE}; at most ELPE + 1).")
    int logEntries = 64;

    @Option(names = {"-b", "--raw-binary"}, description = "Dump the log in binary format.")
    boolean rawBinary;

    @Override
    protected void validate() {
        if (logEntries <= 0) {
            throw new UsageException("non-zero --log-entries is required");
        }
    }

    @Override
    protected int run(DeviceSession session) {
        int elpe = session.controller().identify().rawSegment().get(ValueLayout.JAVA_BYTE, IdentifyController.ELPE);
        int entries = ErrorLogFormat.entries(logEntries, elpe);
        MemorySegment log = session.controller().admin()
                .getLogPage(LogPage.ERROR_INFORMATION, NvmCommands.NSID_ALL, entries * ErrorInformationEntry.SIZE);
        if (rawBinary || outputFormat == OutputFormat.binary) {
            out.writeBytes(log.toArray(ValueLayout.JAVA_BYTE));
        } else if (json()) {
            out.println(ErrorLogFormat.json(log, entries));
        } else {
            out.print(ErrorLogFormat.text("nvme0", log, entries));
        }
        out.flush();
        return 0;
    }
}
