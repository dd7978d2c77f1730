package io.nvmebridge.tool.cli;

import io.nvmebridge.driver.IdentifyControllerData;
import io.nvmebridge.driver.NamespaceInfo;
import io.nvmebridge.tool.format.JsonWriter;
import picocli.CommandLine.Command;

/** nvme-cli's {@code list}: the device's namespaces with serial, model, usage, format and firmware. */
@Command(name = "list", description = "List the device's namespaces.", mixinStandardHelpOptions = true)
public final class ListCommand extends DeviceCommand {

    @Override
    protected int run(DeviceSession session) {
        IdentifyControllerData id = session.controller().identify();
        String node = device.backend + ":nvme0";
        if (json()) {
            JsonWriter w = new JsonWriter().beginObject(null).beginArray("Devices");
            int index = 0;
            for (NamespaceInfo ns : session.controller().namespaces()) {
                w.beginObject(null)
                        .value("NameSpace", ns.nsid())
                        .value("DevicePath", node + "n" + ns.nsid())
                        .value("Firmware", id.fr())
                        .value("Index", index++)
                        .value("ModelNumber", id.mn())
                        .value("SerialNumber", id.sn())
                        .value("UsedBytes", ns.utilization() * ns.lbaSize())
                        .value("MaximumLBA", ns.size())
                        .value("PhysicalSize", ns.size() * ns.lbaSize())
                        .value("SectorSize", ns.lbaSize())
                        .endObject();
            }
            out.println(w.endArray().endObject());
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
