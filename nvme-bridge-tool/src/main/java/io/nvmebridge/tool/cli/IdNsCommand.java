package io.nvmebridge.tool.cli;

import io.nvmebridge.driver.NamespaceInfo;
import io.nvmebridge.tool.format.IdentifyFormat;
import java.lang.foreign.MemorySegment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** nvme-cli's {@code id-ns}: Identify Namespace, CNS 00h. */
@Command(name = "id-ns", description = "Send Identify Namespace and show the result.", mixinStandardHelpOptions = true)
public final class IdNsCommand extends DeviceCommand {

    @Option(names = {"-n", "--namespace-id"}, defaultValue = "1", converter = UnsignedConverter.class,
            description = "Namespace to identify (default: ${DEFAULT-VALUE}).")
    int nsid = 1;

    @Override
    protected int run(DeviceSession session) {
        NamespaceInfo ns = Namespaces.require(session, nsid);
        MemorySegment raw = MemorySegment.ofArray(ns.rawBytes());
        switch (outputFormat) {
            case json -> out.println(IdentifyFormat.idNsJson(raw));
            case binary -> out.writeBytes(ns.rawBytes());
            default -> out.print(IdentifyFormat.idNsText(nsid, raw));
        }
        out.flush();
        return 0;
    }
}
