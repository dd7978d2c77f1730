package io.nvmebridge.tool.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.nvmebridge.driver.IdentifyControllerData;
import io.nvmebridge.driver.NamespaceInfo;
import io.nvmebridge.tool.format.NvmeCliJson;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** nvme-cli's {@code list}: the device's namespaces with serial, model, usage, format and firmware. */
@Command(name = "list", description = "List the device's namespaces.", mixinStandardHelpOptions = true)
public final class ListCommand extends DeviceCommand {

    @Override
    protected int run(DeviceSession session) {
        IdentifyControllerData id = session.controller().identify();
        String node = device.backend + ":nvme0";
        if (json()) {
            List<ListedNamespace> devices = new ArrayList<>();
            int index = 0;
            for (NamespaceInfo ns : session.controller().namespaces()) {
                devices.add(new ListedNamespace(ns.nsid(), node + "n" + ns.nsid(), id.fr(), index++, id.mn(), id.sn(),
                        ns.utilization() * ns.lbaSize(), ns.size(), ns.size() * ns.lbaSize(), ns.lbaSize()));
            }
            out.println(NvmeCliJson.write(new DeviceList(devices)));
            return 0;
        }
        String fmt = "%-21s %-20s %-40s %-9s %-26s %-16s %-8s%n";
        out.printf(fmt, "Node", "SN", "Model", "Namespace", "Usage", "Format", "FW Rev");
        out.printf(fmt, "-".repeat(21), "-".repeat(20), "-".repeat(40), "-".repeat(9), "-".repeat(26), "-".repeat(16), "-".repeat(8));
        for (NamespaceInfo ns : session.controller().namespaces()) {
            String usage = "%s / %s".formatted(si(ns.utilization() * ns.lbaSize()), si(ns.size() * ns.lbaSize()));
            String format = "%-6s + %d B".formatted(ns.lbaSize() + " B", ns.metadataSize());
            out.printf(fmt, node + "n" + ns.nsid(), id.sn(), id.mn(), ns.nsid(), usage, format, id.fr());
        }
        return 0;
    }

    /** {@code list -o json}: nvme-cli's {@code {"Devices" : [...]}}. */
    record DeviceList(@JsonProperty("Devices") List<ListedNamespace> devices) {
    }

    /** One namespace of {@code list -o json}, with nvme-cli's names (upper camel case) in its order. */
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    record ListedNamespace(int nameSpace, String devicePath, String firmware, int index, String modelNumber,
                           String serialNumber, long usedBytes, long maximumLBA, long physicalSize, int sectorSize) {
    }

    /** nvme-cli's decimal units: "268.44  MB". */
    static String si(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return "%6.2f %3s".formatted(v, units[u]);
    }
}
