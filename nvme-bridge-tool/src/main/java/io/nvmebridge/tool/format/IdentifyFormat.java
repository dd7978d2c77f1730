package io.nvmebridge.tool.format;

import static io.nvmebridge.tool.format.Field.ascii;
import static io.nvmebridge.tool.format.Field.bytes;
import static io.nvmebridge.tool.format.Field.hex16;
import static io.nvmebridge.tool.format.Field.hex8;
import static io.nvmebridge.tool.format.Field.hex32;
import static io.nvmebridge.tool.format.Field.ieee;
import static io.nvmebridge.tool.format.Field.u128;
import static io.nvmebridge.tool.format.Field.u16;
import static io.nvmebridge.tool.format.Field.u32;
import static io.nvmebridge.tool.format.Field.u64;
import static io.nvmebridge.tool.format.Field.u8;
import static io.nvmebridge.tool.format.Field.uuid;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nvmebridge.spec.admin.IdentifyController;
import io.nvmebridge.spec.admin.IdentifyNamespace;
import io.nvmebridge.spec.admin.LbaFormat;
import io.nvmebridge.spec.admin.PowerStateDescriptor;
import io.nvmebridge.spec.admin.SmartHealthLog;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * nvme-cli's {@code id-ctrl}, {@code id-ns} and {@code smart-log} output, in text and JSON, with nvme-cli's
 * field names, from the raw structures.
 */
public final class IdentifyFormat {

    /** Identify Controller fields in nvme-cli's order and names. */
    public static final List<Field> ID_CTRL = List.of(
            hex16("vid", IdentifyController.VID), hex16("ssvid", IdentifyController.SSVID),
            ascii("sn", IdentifyController.SN, IdentifyController.SN_LENGTH),
            ascii("mn", IdentifyController.MN, IdentifyController.MN_LENGTH),
            ascii("fr", IdentifyController.FR, IdentifyController.FR_LENGTH),
            u8("rab", IdentifyController.RAB), ieee("ieee", IdentifyController.IEEE),
            u8("cmic", IdentifyController.CMIC), u8("mdts", IdentifyController.MDTS),
            u16("cntlid", IdentifyController.CNTLID), hex32("ver", IdentifyController.VER),
            u32("rtd3r", IdentifyController.RTD3R), u32("rtd3e", IdentifyController.RTD3E),
            hex32("oaes", IdentifyController.OAES), hex32("ctratt", IdentifyController.CTRATT),
            u16("rrls", IdentifyController.RRLS), u8("cntrltype", IdentifyController.CNTRLTYPE),
            uuid("fguid", IdentifyController.FGUID),
            u16("crdt1", IdentifyController.CRDT1), u16("crdt2", IdentifyController.CRDT2),
            u16("crdt3", IdentifyController.CRDT3), u8("nvmsr", IdentifyController.NVMSR),
            u8("vwci", IdentifyController.VWCI), u8("mec", IdentifyController.MEC),
            hex16("oacs", IdentifyController.OACS), u8("acl", IdentifyController.ACL),
            u8("aerl", IdentifyController.AERL), u8("frmw", IdentifyController.FRMW),
            u8("lpa", IdentifyController.LPA), u8("elpe", IdentifyController.ELPE),
            u8("npss", IdentifyController.NPSS), u8("avscc", IdentifyController.AVSCC),
            u8("apsta", IdentifyController.APSTA), u16("wctemp", IdentifyController.WCTEMP),
            u16("cctemp", IdentifyController.CCTEMP), u16("mtfa", IdentifyController.MTFA),
            u32("hmpre", IdentifyController.HMPRE), u32("hmmin", IdentifyController.HMMIN),
            u128("tnvmcap", IdentifyController.TNVMCAP), u128("unvmcap", IdentifyController.UNVMCAP),
            u32("rpmbs", IdentifyController.RPMBS), u16("edstt", IdentifyController.EDSTT),
            u8("dsto", IdentifyController.DSTO), u8("fwug", IdentifyController.FWUG),
            u16("kas", IdentifyController.KAS), u16("hctma", IdentifyController.HCTMA),
            u16("mntmt", IdentifyController.MNTMT), u16("mxtmt", IdentifyController.MXTMT),
            u32("sanicap", IdentifyController.SANICAP), u32("hmminds", IdentifyController.HMMINDS),
            u16("hmmaxd", IdentifyController.HMMAXD), u16("nsetidmax", IdentifyController.NSETIDMAX),
            u16("endgidmax", IdentifyController.ENDGIDMAX), u8("anatt", IdentifyController.ANATT),
            u8("anacap", IdentifyController.ANACAP), u32("anagrpmax", IdentifyController.ANAGRPMAX),
            u32("nanagrpid", IdentifyController.NANAGRPID), u32("pels", IdentifyController.PELS),
            u16("domainid", IdentifyController.DOMAINID), u128("megcap", IdentifyController.MEGCAP),
            hex8("sqes", IdentifyController.SQES), hex8("cqes", IdentifyController.CQES),
            u16("maxcmd", IdentifyController.MAXCMD), u32("nn", IdentifyController.NN),
            hex16("oncs", IdentifyController.ONCS), hex16("fuses", IdentifyController.FUSES),
            hex8("fna", IdentifyController.FNA), hex8("vwc", IdentifyController.VWC),
            u16("awun", IdentifyController.AWUN), u16("awupf", IdentifyController.AWUPF),
            hex8("icsvscc", IdentifyController.NVSCC), u8("nwpc", IdentifyController.NWPC),
            u16("acwu", IdentifyController.ACWU), u16("ocfs", IdentifyController.OCFS),
            hex32("sgls", IdentifyController.SGLS), u32("mnan", IdentifyController.MNAN),
            u128("maxdna", IdentifyController.MAXDNA), u32("maxcna", IdentifyController.MAXCNA),
            ascii("subnqn", IdentifyController.SUBNQN, IdentifyController.SUBNQN_LENGTH),
            u32("ioccsz", IdentifyController.IOCCSZ), u32("iorcsz", IdentifyController.IORCSZ),
            u16("icdoff", IdentifyController.ICDOFF), u8("fcatt", IdentifyController.FCATT),
            u8("msdbd", IdentifyController.MSDBD), u16("ofcs", IdentifyController.OFCS));

    /** Identify Namespace fields in nvme-cli's order and names (LBA formats follow separately). */
    public static final List<Field> ID_NS = List.of(
            u64("nsze", IdentifyNamespace.NSZE), u64("ncap", IdentifyNamespace.NCAP),
            u64("nuse", IdentifyNamespace.NUSE), hex8("nsfeat", IdentifyNamespace.NSFEAT),
            u8("nlbaf", IdentifyNamespace.NLBAF), u8("flbas", IdentifyNamespace.FLBAS),
            u8("mc", IdentifyNamespace.MC), u8("dpc", IdentifyNamespace.DPC), u8("dps", IdentifyNamespace.DPS),
            u8("nmic", IdentifyNamespace.NMIC), u8("rescap", IdentifyNamespace.RESCAP),
            u8("fpi", IdentifyNamespace.FPI), u8("dlfeat", IdentifyNamespace.DLFEAT),
            u16("nawun", IdentifyNamespace.NAWUN), u16("nawupf", IdentifyNamespace.NAWUPF),
            u16("nacwu", IdentifyNamespace.NACWU), u16("nabsn", IdentifyNamespace.NABSN),
            u16("nabo", IdentifyNamespace.NABO), u16("nabspf", IdentifyNamespace.NABSPF),
            u16("noiob", IdentifyNamespace.NOIOB), u128("nvmcap", IdentifyNamespace.NVMCAP),
            u16("npwg", IdentifyNamespace.NPWG), u16("npwa", IdentifyNamespace.NPWA),
            u16("npdg", IdentifyNamespace.NPDG), u16("npda", IdentifyNamespace.NPDA),
            u16("nows", IdentifyNamespace.NOWS), u16("mssrl", IdentifyNamespace.MSSRL),
            u32("mcl", IdentifyNamespace.MCL), u8("msrc", IdentifyNamespace.MSRC),
            u8("nulbaf", IdentifyNamespace.NULBAF), u32("anagrpid", IdentifyNamespace.ANAGRPID),
            u8("nsattr", IdentifyNamespace.NSATTR), u16("nvmsetid", IdentifyNamespace.NVMSETID),
            u16("endgid", IdentifyNamespace.ENDGID), bytes("nguid", IdentifyNamespace.NGUID, 16),
            bytes("eui64", IdentifyNamespace.EUI64, 8));

    /** SMART / health log fields with nvme-cli's JSON names. */
    public static final List<Field> SMART_LOG = List.of(
            u8("critical_warning", SmartHealthLog.CRITICAL_WARNING),
            u16("temperature", SmartHealthLog.COMPOSITE_TEMPERATURE),
            u8("avail_spare", SmartHealthLog.AVAILABLE_SPARE),
            u8("spare_thresh", SmartHealthLog.AVAILABLE_SPARE_THRESHOLD),
            u8("percent_used", SmartHealthLog.PERCENTAGE_USED),
            u8("endurance_grp_critical_warning_summary", SmartHealthLog.ENDURANCE_GROUP_CRITICAL_WARNING),
            u128("data_units_read", SmartHealthLog.DATA_UNITS_READ),
            u128("data_units_written", SmartHealthLog.DATA_UNITS_WRITTEN),
            u128("host_read_commands", SmartHealthLog.HOST_READ_COMMANDS),
            u128("host_write_commands", SmartHealthLog.HOST_WRITE_COMMANDS),
            u128("controller_busy_time", SmartHealthLog.CONTROLLER_BUSY_TIME),
            u128("power_cycles", SmartHealthLog.POWER_CYCLES),
            u128("power_on_hours", SmartHealthLog.POWER_ON_HOURS),
            u128("unsafe_shutdowns", SmartHealthLog.UNSAFE_SHUTDOWNS),
            u128("media_errors", SmartHealthLog.MEDIA_ERRORS),
            u128("num_err_log_entries", SmartHealthLog.ERROR_LOG_ENTRIES),
            u32("warning_temp_time", SmartHealthLog.WARNING_TEMPERATURE_TIME),
            u32("critical_comp_time", SmartHealthLog.CRITICAL_TEMPERATURE_TIME),
            u32("thm_temp1_trans_count", SmartHealthLog.TMT1_TRANSITIONS),
            u32("thm_temp2_trans_count", SmartHealthLog.TMT2_TRANSITIONS),
            u32("thm_temp1_total_time", SmartHealthLog.TMT1_TOTAL_TIME),
            u32("thm_temp2_total_time", SmartHealthLog.TMT2_TOTAL_TIME));

    private IdentifyFormat() {
    }

    public static String idCtrlText(MemorySegment id) {
        StringBuilder b = new StringBuilder("NVME Identify Controller:\n");
        fieldsText(b, ID_CTRL, id);
        int npss = id.get(ValueLayout.JAVA_BYTE, IdentifyController.NPSS) & 0xFF;
        for (int ps = 0; ps <= npss && ps < IdentifyController.PSD_COUNT; ps++) {
            int at = IdentifyController.psd(ps);
            int mp = u16at(id, at + PowerStateDescriptor.MP);
            int flags = id.get(ValueLayout.JAVA_BYTE, at + PowerStateDescriptor.FLAGS) & 0xFF;
            double watts = (flags & 1) != 0 ? mp / 10000.0 : mp / 100.0;
            b.append(String.format("ps %4d : mp:%.2fW %s enlat:%d exlat:%d rrt:%d rrl:%d%n", ps, watts,
                    (flags & 2) != 0 ? "non-operational" : "operational",
                    u32at(id, at + PowerStateDescriptor.ENLAT), u32at(id, at + PowerStateDescriptor.EXLAT),
                    id.get(ValueLayout.JAVA_BYTE, at + PowerStateDescriptor.RRT) & 0x1F,
                    id.get(ValueLayout.JAVA_BYTE, at + PowerStateDescriptor.RRL) & 0x1F));
            b.append(String.format("          rwt:%d rwl:%d idle_power:- active_power:-%n",
                    id.get(ValueLayout.JAVA_BYTE, at + PowerStateDescriptor.RWT) & 0x1F,
                    id.get(ValueLayout.JAVA_BYTE, at + PowerStateDescriptor.RWL) & 0x1F));
        }
        return b.toString();
    }

    public static String idCtrlJson(MemorySegment id) {
        ObjectNode o = NvmeCliJson.object();
        for (Field f : ID_CTRL) {
            // nvme-cli prints subnqn only when the controller reports one
            if (!(f.name().equals("subnqn") && f.isEmptyString(id))) {
                f.json(o, id);
            }
        }
        int npss = id.get(ValueLayout.JAVA_BYTE, IdentifyController.NPSS) & 0xFF;
        List<PowerStateJson> psds = new ArrayList<>();
        for (int ps = 0; ps <= npss && ps < IdentifyController.PSD_COUNT; ps++) {
            psds.add(PowerStateJson.of(id, IdentifyController.psd(ps)));
        }
        o.putPOJO("psds", psds);
        return NvmeCliJson.write(o);
    }

    /**
     * One power state descriptor in id-ctrl's {@code psds}, with nvme-cli 2.3's names, in its order. Byte 3 is
     * {@code flags} as it is stored (bit 0 max power scale, bit 1 non-operational state), as nvme-cli 2.3 prints
     * it; the text output decodes the two bits.
     */
    record PowerStateJson(@JsonProperty("max_power") int maxPower,
                          @JsonProperty("flags") int flags,
                          @JsonProperty("entry_lat") long entryLat,
                          @JsonProperty("exit_lat") long exitLat,
                          @JsonProperty("read_tput") int readTput,
                          @JsonProperty("read_lat") int readLat,
                          @JsonProperty("write_tput") int writeTput,
                          @JsonProperty("write_lat") int writeLat,
                          @JsonProperty("idle_power") int idlePower,
                          @JsonProperty("idle_scale") int idleScale,
                          @JsonProperty("active_power") int activePower,
                          @JsonProperty("active_power_work") int activePowerWork,
                          @JsonProperty("active_scale") int activeScale) {

        /** The descriptor at byte {@code at} of an Identify Controller structure. */
        static PowerStateJson of(MemorySegment id, int at) {
            int flags = id.get(ValueLayout.JAVA_BYTE, at + PowerStateDescriptor.FLAGS) & 0xFF;
            int apwAps = id.get(ValueLayout.JAVA_BYTE, at + PowerStateDescriptor.APW_APS) & 0xFF;
            return new PowerStateJson(u16at(id, at + PowerStateDescriptor.MP), flags,
                    u32at(id, at + PowerStateDescriptor.ENLAT), u32at(id, at + PowerStateDescriptor.EXLAT),
                    id.get(ValueLayout.JAVA_BYTE, at + PowerStateDescriptor.RRT) & 0x1F,
                    id.get(ValueLayout.JAVA_BYTE, at + PowerStateDescriptor.RRL) & 0x1F,
                    id.get(ValueLayout.JAVA_BYTE, at + PowerStateDescriptor.RWT) & 0x1F,
                    id.get(ValueLayout.JAVA_BYTE, at + PowerStateDescriptor.RWL) & 0x1F,
                    u16at(id, at + PowerStateDescriptor.IDLP),
                    (id.get(ValueLayout.JAVA_BYTE, at + PowerStateDescriptor.IPS) & 0xFF) >> 6,
                    u16at(id, at + PowerStateDescriptor.ACTP), apwAps & 7, apwAps >> 6);
        }
    }

    public static String idNsText(int nsid, MemorySegment ns) {
        StringBuilder b = new StringBuilder("NVME Identify Namespace ").append(nsid).append(":\n");
        fieldsText(b, ID_NS, ns);
        int nlbaf = ns.get(ValueLayout.JAVA_BYTE, IdentifyNamespace.NLBAF) & 0xFF;
        int inUse = ns.get(ValueLayout.JAVA_BYTE, IdentifyNamespace.FLBAS) & IdentifyNamespace.FLBAS_FORMAT_MASK;
        for (int i = 0; i <= nlbaf && i < IdentifyNamespace.LBAF_COUNT; i++) {
            int at = IdentifyNamespace.lbaf(i);
            int rp = ns.get(ValueLayout.JAVA_BYTE, at + LbaFormat.RP) & 3;
            b.append(String.format("lbaf %2d : ms:%-3d lbads:%-2d rp:%#x %s%s%n", i, u16at(ns, at + LbaFormat.MS),
                    ns.get(ValueLayout.JAVA_BYTE, at + LbaFormat.LBADS) & 0xFF, rp, relativePerformance(rp),
                    i == inUse ? " (in use)" : ""));
        }
        return b.toString();
    }

    public static String idNsJson(MemorySegment ns) {
        ObjectNode o = NvmeCliJson.object();
        for (Field f : ID_NS) {
            f.json(o, ns);
        }
        int nlbaf = ns.get(ValueLayout.JAVA_BYTE, IdentifyNamespace.NLBAF) & 0xFF;
        List<LbaFormatJson> lbafs = new ArrayList<>();
        for (int i = 0; i <= nlbaf && i < IdentifyNamespace.LBAF_COUNT; i++) {
            int at = IdentifyNamespace.lbaf(i);
            lbafs.add(new LbaFormatJson(u16at(ns, at + LbaFormat.MS), ns.get(ValueLayout.JAVA_BYTE, at + LbaFormat.LBADS) & 0xFF,
                    ns.get(ValueLayout.JAVA_BYTE, at + LbaFormat.RP) & 3));
        }
        o.putPOJO("lbafs", lbafs);
        return NvmeCliJson.write(o);
    }

    /** One LBA format in id-ns's {@code lbafs}: metadata size, log2 of the data size, relative performance. */
    record LbaFormatJson(int ms, int ds, int rp) {
    }

    public static String smartLogText(int nsid, MemorySegment log) {
        StringBuilder b = new StringBuilder(String.format("Smart Log for NVME device:nvme0 namespace-id:%x%n", nsid));
        for (Field f : SMART_LOG) {
            String value = f.text(log);
            if (f.name().equals("temperature")) {
                value = (f.number(log) - 273) + " C (" + f.number(log) + " Kelvin)";
            }
            b.append(String.format("%-40s : %s%n", f.name(), value));
        }
        return b.toString();
    }

    public static String smartLogJson(MemorySegment log) {
        ObjectNode o = NvmeCliJson.object();
        for (Field f : SMART_LOG) {
            f.json(o, log);
        }
        return NvmeCliJson.write(o);
    }

    private static void fieldsText(StringBuilder b, List<Field> fields, MemorySegment s) {
        for (Field f : fields) {
            b.append(String.format("%-10s: %s%n", f.name(), f.text(s)));
        }
    }

    private static String relativePerformance(int rp) {
        return switch (rp) {
            case 0 -> "Best";
            case 1 -> "Better";
            case 2 -> "Good";
            default -> "Degraded";
        };
    }

    private static int u16at(MemorySegment s, long at) {
        return (s.get(ValueLayout.JAVA_BYTE, at) & 0xFF) | (s.get(ValueLayout.JAVA_BYTE, at + 1) & 0xFF) << 8;
    }

    private static long u32at(MemorySegment s, long at) {
        return u16at(s, at) | (long) u16at(s, at + 2) << 16;
    }
}
