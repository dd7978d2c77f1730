package io.nvmebridge.tool.cli;

import io.nvmebridge.spec.admin.LogPage;
import io.nvmebridge.spec.admin.NvmCommands;
import io.nvmebridge.spec.admin.SmartHealthLog;
import io.nvmebridge.tool.format.IdentifyFormat;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** nvme-cli's {@code smart-log}: the SMART / Health Information log page. */
@Command(name = "smart-log", description = "Retrieve the SMART / health log.", mixinStandardHelpOptions = true)
public final class SmartLogCommand extends DeviceCommand {

    @Option(names = {"-n", "--namespace-id"}, defaultValue = "0xffffffff", converter = UnsignedConverter.class,
            description = "Namespace (default: all, 0xffffffff).")
    int nsid = NvmCommands.NSID_ALL;

    @Override
    protected int run(DeviceSession session) {
        MemorySegment log = session.controller().admin().getLogPage(LogPage.SMART_HEALTH, nsid, SmartHealthLog.SIZE);
        switch (outputFormat) {
            case json -> out.println(IdentifyFormat.smartLogJson(log));
            case binary -> out.writeBytes(log.toArray(ValueLayout.JAVA_BYTE));
            default -> out.print(IdentifyFormat.smartLogText(nsid, log));
        }
        out.flush();
        return 0;
    }
}
