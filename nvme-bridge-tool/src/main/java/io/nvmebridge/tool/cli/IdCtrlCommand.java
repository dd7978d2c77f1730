package io.nvmebridge.tool.cli;

import io.nvmebridge.tool.format.IdentifyFormat;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import picocli.CommandLine.Command;

/** nvme-cli's {@code id-ctrl}: Identify Controller, CNS 01h. */
@Command(name = "id-ctrl", description = "Send Identify Controller and show the result.", mixinStandardHelpOptions = true)
public final class IdCtrlCommand extends DeviceCommand {

    @Override
    protected int run(DeviceSession session) {
        MemorySegment id = session.controller().identify().rawSegment();
        switch (outputFormat) {
            case json -> out.println(IdentifyFormat.idCtrlJson(id));
            case binary -> out.writeBytes(id.toArray(ValueLayout.JAVA_BYTE));
            default -> out.print(IdentifyFormat.idCtrlText(id));
        }
        out.flush();
        return 0;
    }
}
