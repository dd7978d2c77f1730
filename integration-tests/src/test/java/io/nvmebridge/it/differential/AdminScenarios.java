package io.nvmebridge.it.differential;

import static io.nvmebridge.it.differential.DifferentialTest.NS1;
import static io.nvmebridge.it.differential.DifferentialTest.NS2;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.admin.FeatureId;
import io.nvmebridge.spec.admin.IdentifyController;
import io.nvmebridge.spec.admin.IdentifyNamespace;
import io.nvmebridge.spec.admin.LogPage;
import io.nvmebridge.spec.admin.QueueCommands;
import java.util.ArrayList;
import java.util.List;

/** Identify, Get/Set Features, Get Log Page, Abort, AER, Doorbell Buffer Config, unknown admin opcodes. */
final class AdminScenarios {
    static final int ALL_NS = 0xFFFFFFFF;

    private AdminScenarios() {
    }

    static Command identify(Ctx c, int cns, int nsid) {
        return Command.of(AdminOpcode.IDENTIFY).nsid(nsid).prp1(c.bus(0)).cdw10(cns);
    }

    static Command getFeatures(int fid, int sel, int nsid) {
        return Command.of(AdminOpcode.GET_FEATURES).nsid(nsid).cdw10(fid | sel << 8);
    }

    static Command setFeatures(int fid, int cdw11) {
        return Command.of(AdminOpcode.SET_FEATURES).cdw10(fid).cdw11(cdw11);
    }

    static Command getLog(Ctx c, int lid, int bytes, long offset, int nsid) {
        return Command.of(AdminOpcode.GET_LOG_PAGE).nsid(nsid).prp1(c.bus(0)).prp2(c.bus(4096))
                .cdw10(LogPage.cdw10(lid, bytes)).cdw11(LogPage.cdw11(bytes))
                .cdw12((int) offset).cdw13((int) (offset >>> 32));
    }

    /** Identify Controller fields two same-configured controllers must agree on. */
    private static final Object[][] CONTROLLER_FIELDS = {
        {"VID", IdentifyController.VID, 2}, {"SSVID", IdentifyController.SSVID, 2}, {"IEEE", IdentifyController.IEEE, 3},
        {"SN", IdentifyController.SN, 20}, {"MN", IdentifyController.MN, 40}, {"FR", IdentifyController.FR, 8},
        {"RAB", IdentifyController.RAB, 1}, {"CMIC", IdentifyController.CMIC, 1},
        {"MDTS", IdentifyController.MDTS, 1}, {"CNTLID", IdentifyController.CNTLID, 2},
        {"VER", IdentifyController.VER, 4}, {"OAES", IdentifyController.OAES, 4},
        {"CTRATT", IdentifyController.CTRATT, 4}, {"CNTRLTYPE", IdentifyController.CNTRLTYPE, 1},
        {"OACS", IdentifyController.OACS, 2}, {"ACL", IdentifyController.ACL, 1},
        {"AERL", IdentifyController.AERL, 1}, {"FRMW", IdentifyController.FRMW, 1},
        {"LPA", IdentifyController.LPA, 1}, {"ELPE", IdentifyController.ELPE, 1},
        {"NPSS", IdentifyController.NPSS, 1}, {"WCTEMP", IdentifyController.WCTEMP, 2},
        {"CCTEMP", IdentifyController.CCTEMP, 2}, {"SQES", IdentifyController.SQES, 1},
        {"CQES", IdentifyController.CQES, 1}, {"MAXCMD", IdentifyController.MAXCMD, 2},
        {"NN", IdentifyController.NN, 4}, {"ONCS", IdentifyController.ONCS, 2},
        {"FUSES", IdentifyController.FUSES, 2}, {"FNA", IdentifyController.FNA, 1},
        {"VWC", IdentifyController.VWC, 1}, {"AWUN", IdentifyController.AWUN, 2},
        {"AWUPF", IdentifyController.AWUPF, 2}, {"SGLS", IdentifyController.SGLS, 4},
        {"SUBNQN", IdentifyController.SUBNQN, 256}, {"PSD0", 2048, 32},
    };

    private static final Object[][] NAMESPACE_FIELDS = {
        {"NSZE", IdentifyNamespace.NSZE, 8}, {"NCAP", IdentifyNamespace.NCAP, 8},
        {"NUSE", IdentifyNamespace.NUSE, 8}, {"NSFEAT", IdentifyNamespace.NSFEAT, 1},
        {"NLBAF", IdentifyNamespace.NLBAF, 1}, {"FLBAS", IdentifyNamespace.FLBAS, 1},
        {"MC", IdentifyNamespace.MC, 1}, {"DPC", IdentifyNamespace.DPC, 1}, {"DPS", IdentifyNamespace.DPS, 1},
        {"NMIC", IdentifyNamespace.NMIC, 1}, {"RESCAP", IdentifyNamespace.RESCAP, 1},
        {"DLFEAT", IdentifyNamespace.DLFEAT, 1}, {"NAWUN..NOIOB", IdentifyNamespace.NAWUN, 14},
        {"NPWG..NOWS", IdentifyNamespace.NPWG, 10}, {"NSATTR", IdentifyNamespace.NSATTR, 1},
        {"LBAF0-15", 128, 64},
    };

    static void fields(Ctx c, Object[][] fields) {
        for (Object[] f : fields) {
            c.bytes((String) f[0], (Integer) f[1], (Integer) f[2]);
        }
    }

    static List<Scenario> all() {
        List<Scenario> s = new ArrayList<>();
        identify(s);
        features(s);
        logs(s);
        misc(s);
        return s;
    }

    private static void identify(List<Scenario> s) {
        s.add(new Scenario("identify", "controller fields", c -> {
            c.admin("identify", identify(c, 1, 0));
            fields(c, CONTROLLER_FIELDS);
        }));
        s.add(new Scenario("identify", "controller with nsid 1", c -> c.admin("identify", identify(c, 1, 1))));
        s.add(new Scenario("identify", "controller with nsid all", c -> c.admin("identify", identify(c, 1, ALL_NS))));
        for (int nsid : new int[] {NS1, NS2, DifferentialTest.MD_NS}) {
            s.add(new Scenario("identify", "namespace " + nsid + " fields", c -> {
                c.admin("identify", identify(c, 0, nsid));
                fields(c, NAMESPACE_FIELDS);
            }));
        }
        for (int nsid : new int[] {0, 3, 256, 257, 0xFFFFFFFE, ALL_NS}) {
            s.add(new Scenario("identify", "namespace nsid 0x" + Integer.toHexString(nsid), c -> {
                c.admin("identify", identify(c, 0, nsid));
                c.bytes("first 64 bytes", 0, 64);
            }));
        }
        for (int nsid : new int[] {0, 1, 2, 3, 0xFFFFFFFD, 0xFFFFFFFE, ALL_NS}) {
            s.add(new Scenario("identify", "active ns list from 0x" + Integer.toHexString(nsid), c -> {
                c.admin("identify", identify(c, 2, nsid));
                c.bytes("list", 0, 4096);
            }));
        }
        for (int nsid : new int[] {0, NS1, NS2, 3, ALL_NS}) {
            s.add(new Scenario("identify", "ns descriptors nsid 0x" + Integer.toHexString(nsid), c -> {
                c.admin("identify", identify(c, 3, nsid));
            }));
        }
        for (int cns = 4; cns <= 0x20; cns++) {
            int v = cns;
            s.add(new Scenario("identify", "cns 0x" + Integer.toHexString(v), c -> c.admin("identify",
                    identify(c, v, v == 5 || v == 8 || v == 0x11 || v == 0x1b ? NS1 : 0))));
        }
        s.add(new Scenario("identify", "cns 0xff", c -> c.admin("identify", identify(c, 0xFF, 0))));
        s.add(new Scenario("identify", "cntid bits ignored", c -> c.admin("identify",
                identify(c, 1, 0).cdw10(1 | 0x1234 << 16))));
        s.add(new Scenario("identify", "prp1 mid-page with prp2", c -> {
            c.admin("identify", identify(c, 1, 0).prp1(c.bus(0x800)).prp2(c.bus(0x2000)));
            c.bytes("SN first half", 0x800 + IdentifyController.SN, 20);
            c.bytes("SQES in second page", 0x2000 + IdentifyController.SQES - 0x800, 2);
        }));
        s.add(new Scenario("identify", "prp1 mid-page prp2 misaligned", c -> c.admin("identify",
                identify(c, 1, 0).prp1(c.bus(0x800)).prp2(c.bus(0x2010)))));
        s.add(new Scenario("identify", "psdt sgl on admin", c -> c.admin("identify", identify(c, 1, 0).flags(0x40))));
        s.add(new Scenario("identify", "fused first on admin", c -> c.admin("identify", identify(c, 1, 0).flags(0x01))));
        s.add(new Scenario("identify", "fused second on admin", c -> c.admin("identify", identify(c, 1, 0).flags(0x02))));
        s.add(new Scenario("identify", "prp1 beyond memory", c -> c.admin("identify",
                identify(c, 1, 0).prp1(0x7FF0_0000_0000L))));
    }

    private static void features(List<Scenario> s) {
        int[] fids = {0x00, FeatureId.ARBITRATION, FeatureId.POWER_MANAGEMENT, FeatureId.LBA_RANGE_TYPE,
            FeatureId.TEMPERATURE_THRESHOLD, FeatureId.ERROR_RECOVERY, FeatureId.VOLATILE_WRITE_CACHE,
            FeatureId.NUMBER_OF_QUEUES, FeatureId.INTERRUPT_COALESCING, FeatureId.INTERRUPT_VECTOR_CONFIGURATION,
            FeatureId.WRITE_ATOMICITY_NORMAL, FeatureId.ASYNC_EVENT_CONFIGURATION,
            FeatureId.AUTONOMOUS_POWER_STATE_TRANSITION, FeatureId.HOST_MEMORY_BUFFER, FeatureId.TIMESTAMP,
            FeatureId.KEEP_ALIVE_TIMER,
            FeatureId.HOST_CONTROLLED_THERMAL_MANAGEMENT, FeatureId.NON_OPERATIONAL_POWER_STATE_CONFIG, 0x12, 0x7F,
            FeatureId.SOFTWARE_PROGRESS_MARKER, FeatureId.HOST_IDENTIFIER, 0x82, 0xC0, 0xFF};
        for (int fid : fids) {
            s.add(new Scenario("features", "get 0x" + Integer.toHexString(fid) + " current",
                    c -> c.admin("get", getFeatures(fid, 0, fid == FeatureId.ERROR_RECOVERY ? NS1 : 0)
                            .prp1(c.bus(0)))));
        }
        for (int fid : new int[] {FeatureId.ARBITRATION, FeatureId.TEMPERATURE_THRESHOLD, FeatureId.ERROR_RECOVERY,
            FeatureId.VOLATILE_WRITE_CACHE, FeatureId.NUMBER_OF_QUEUES, FeatureId.ASYNC_EVENT_CONFIGURATION,
            FeatureId.TIMESTAMP}) {
            for (int sel = 1; sel <= 3; sel++) {
                int v = sel;
                s.add(new Scenario("features", "get 0x" + Integer.toHexString(fid) + " sel " + v,
                        c -> c.admin("get", getFeatures(fid, v, fid == FeatureId.ERROR_RECOVERY ? NS1 : 0)
                                .prp1(c.bus(0)))));
            }
        }
        for (int sel = 4; sel <= 7; sel++) {
            int v = sel;
            s.add(new Scenario("features", "get sel " + v, c -> c.admin("get",
                    getFeatures(FeatureId.NUMBER_OF_QUEUES, v, 0))));
        }
        s.add(new Scenario("features", "error recovery nsid 0", c -> c.admin("get",
                getFeatures(FeatureId.ERROR_RECOVERY, 0, 0))));
        s.add(new Scenario("features", "error recovery nsid 3", c -> c.admin("get",
                getFeatures(FeatureId.ERROR_RECOVERY, 0, 3))));
        s.add(new Scenario("features", "error recovery nsid all", c -> c.admin("get",
                getFeatures(FeatureId.ERROR_RECOVERY, 0, ALL_NS))));
        s.add(new Scenario("features", "error recovery nsid 257", c -> c.admin("get",
                getFeatures(FeatureId.ERROR_RECOVERY, 0, 257))));
        s.add(new Scenario("features", "set number of queues", c -> {
            c.admin("set", setFeatures(FeatureId.NUMBER_OF_QUEUES, FeatureId.numberOfQueues(3, 3)));
            c.admin("get", getFeatures(FeatureId.NUMBER_OF_QUEUES, 0, 0));
        }));
        s.add(new Scenario("features", "set number of queues 0xffff", c -> c.admin("set",
                setFeatures(FeatureId.NUMBER_OF_QUEUES, 0xFFFF | 3 << 16))));
        s.add(new Scenario("features", "set number of queues more than max", c -> c.admin("set",
                setFeatures(FeatureId.NUMBER_OF_QUEUES, FeatureId.numberOfQueues(100, 100)))));
        s.add(new Scenario("features", "temperature threshold round trip", c -> {
            c.admin("set over", setFeatures(FeatureId.TEMPERATURE_THRESHOLD, 350));
            c.admin("get over", getFeatures(FeatureId.TEMPERATURE_THRESHOLD, 0, 0));
            c.admin("set under", Command.of(AdminOpcode.SET_FEATURES).cdw10(FeatureId.TEMPERATURE_THRESHOLD)
                    .cdw11(200 | 1 << 20));
            c.admin("get under", Command.of(AdminOpcode.GET_FEATURES).cdw10(FeatureId.TEMPERATURE_THRESHOLD)
                    .cdw11(1 << 20));
            c.admin("restore", setFeatures(FeatureId.TEMPERATURE_THRESHOLD, 0x157));
        }));
        s.add(new Scenario("features", "temperature threshold sensor 1", c -> {
            c.admin("set", setFeatures(FeatureId.TEMPERATURE_THRESHOLD, 300 | 1 << 16));
            c.admin("get", Command.of(AdminOpcode.GET_FEATURES).cdw10(FeatureId.TEMPERATURE_THRESHOLD).cdw11(1 << 16));
        }));
        s.add(new Scenario("features", "temperature threshold invalid thsel", c -> c.admin("set",
                setFeatures(FeatureId.TEMPERATURE_THRESHOLD, 300 | 2 << 20))));
        s.add(new Scenario("features", "volatile write cache off and on", c -> {
            c.admin("off", setFeatures(FeatureId.VOLATILE_WRITE_CACHE, 0));
            c.admin("get off", getFeatures(FeatureId.VOLATILE_WRITE_CACHE, 0, 0));
            c.admin("on", setFeatures(FeatureId.VOLATILE_WRITE_CACHE, 1));
            c.admin("get on", getFeatures(FeatureId.VOLATILE_WRITE_CACHE, 0, 0));
        }));
        s.add(new Scenario("features", "async event configuration round trip", c -> {
            c.admin("set", setFeatures(FeatureId.ASYNC_EVENT_CONFIGURATION, 0x1FF));
            c.admin("get", getFeatures(FeatureId.ASYNC_EVENT_CONFIGURATION, 0, 0));
            c.admin("restore", setFeatures(FeatureId.ASYNC_EVENT_CONFIGURATION, 0));
        }));
        s.add(new Scenario("features", "error recovery set", c -> {
            c.admin("set", setFeatures(FeatureId.ERROR_RECOVERY, 0x10).nsid(NS1));
            c.admin("get", getFeatures(FeatureId.ERROR_RECOVERY, 0, NS1));
            c.admin("get other namespace", getFeatures(FeatureId.ERROR_RECOVERY, 0, NS2));
            c.admin("set all namespaces", setFeatures(FeatureId.ERROR_RECOVERY, 0x20).nsid(ALL_NS));
            c.admin("get after all", getFeatures(FeatureId.ERROR_RECOVERY, 0, NS2));
            c.admin("set nsid 0", setFeatures(FeatureId.ERROR_RECOVERY, 0x10));
            c.admin("set inactive nsid", setFeatures(FeatureId.ERROR_RECOVERY, 0x10).nsid(3));
            c.admin("set dulbe", setFeatures(FeatureId.ERROR_RECOVERY, 1 << 16).nsid(NS1));
            c.admin("restore", setFeatures(FeatureId.ERROR_RECOVERY, 0).nsid(ALL_NS));
        }));
        s.add(new Scenario("features", "timestamp set", c -> {
            c.putU64(0, 0x1234_5678L);
            c.admin("set", setFeatures(FeatureId.TIMESTAMP, 0).prp1(c.bus(0)));
        }));
        s.add(new Scenario("features", "power management state 1", c -> c.admin("set",
                setFeatures(FeatureId.POWER_MANAGEMENT, 1))));
        s.add(new Scenario("features", "power management state 0", c -> c.admin("set",
                setFeatures(FeatureId.POWER_MANAGEMENT, 0))));
        s.add(new Scenario("features", "set with save bit", c -> c.admin("set",
                setFeatures(FeatureId.VOLATILE_WRITE_CACHE, 1).cdw10(FeatureId.VOLATILE_WRITE_CACHE | 1 << 31))));
        for (int fid : new int[] {0x00, 0x12, 0x7F, FeatureId.LBA_RANGE_TYPE, FeatureId.WRITE_ATOMICITY_NORMAL,
            FeatureId.KEEP_ALIVE_TIMER, FeatureId.HOST_IDENTIFIER, FeatureId.SOFTWARE_PROGRESS_MARKER, 0xC0, 0xFF}) {
            s.add(new Scenario("features", "set 0x" + Integer.toHexString(fid), c -> c.admin("set",
                    setFeatures(fid, 0))));
        }
        s.add(new Scenario("features", "set number of queues after io queues exist", c -> {
            c.ioPair(1, 8);
            c.admin("set", setFeatures(FeatureId.NUMBER_OF_QUEUES, FeatureId.numberOfQueues(2, 2)));
        }));
        s.add(new Scenario("features", "set number of queues twice", c -> {
            c.admin("first", setFeatures(FeatureId.NUMBER_OF_QUEUES, FeatureId.numberOfQueues(2, 2)));
            c.admin("second", setFeatures(FeatureId.NUMBER_OF_QUEUES, FeatureId.numberOfQueues(4, 4)));
        }));
        s.add(new Scenario("features", "interrupt coalescing round trip", c -> {
            c.admin("set", setFeatures(FeatureId.INTERRUPT_COALESCING, 0x0A05));
            c.admin("get", getFeatures(FeatureId.INTERRUPT_COALESCING, 0, 0));
            c.admin("get capabilities", getFeatures(FeatureId.INTERRUPT_COALESCING, 3, 0));
        }));
        for (int iv : new int[] {1, DifferentialTest.IO_QUEUE_PAIRS, DifferentialTest.IO_QUEUE_PAIRS + 1, 0xFFFF}) {
            s.add(new Scenario("features", "get interrupt vector config vector " + iv, c -> c.admin("get",
                    Command.of(AdminOpcode.GET_FEATURES).cdw10(FeatureId.INTERRUPT_VECTOR_CONFIGURATION).cdw11(iv))));
        }
        s.add(new Scenario("features", "temperature threshold sensor 9", c -> c.admin("set",
                setFeatures(FeatureId.TEMPERATURE_THRESHOLD, 300 | 9 << 16))));
        s.add(new Scenario("features", "arbitration round trip", c -> {
            c.admin("set", setFeatures(FeatureId.ARBITRATION, 0x03020100));
            c.admin("get", getFeatures(FeatureId.ARBITRATION, 0, 0));
        }));
        s.add(new Scenario("features", "set interrupt vector config vector 0", c -> c.admin("set",
                setFeatures(FeatureId.INTERRUPT_VECTOR_CONFIGURATION, 0))));
    }

    private static void logs(List<Scenario> s) {
        s.add(new Scenario("log", "smart health", c -> {
            c.admin("get", getLog(c, LogPage.SMART_HEALTH, 512, 0, ALL_NS));
            c.bytes("critical warning..percentage used", 0, 6);
            c.bytes("data units read/written, commands", 32, 64);
        }));
        s.add(new Scenario("log", "smart health nsid 0", c -> c.admin("get", getLog(c, LogPage.SMART_HEALTH, 512, 0, 0))));
        s.add(new Scenario("log", "smart health nsid 1", c -> c.admin("get", getLog(c, LogPage.SMART_HEALTH, 512, 0, NS1))));
        s.add(new Scenario("log", "smart health nsid 3", c -> c.admin("get", getLog(c, LogPage.SMART_HEALTH, 512, 0, 3))));
        for (long off : new long[] {4, 256, 508, 511, 512, 4096, 1L << 32}) {
            s.add(new Scenario("log", "smart health offset " + off, c -> {
                c.admin("get", getLog(c, LogPage.SMART_HEALTH, 4, off, ALL_NS));
                c.bytes("data", 0, 8);
            }));
        }
        for (int len : new int[] {4, 8, 100, 4096, 8192}) {
            s.add(new Scenario("log", "smart health length " + len, c -> {
                c.admin("get", getLog(c, LogPage.SMART_HEALTH, len, 0, ALL_NS));
                c.bytes("critical warning", 0, 1);
                c.bytes("beyond length", Math.min(len, 8192), 8);
            }));
        }
        s.add(new Scenario("log", "firmware slot", c -> {
            c.admin("get", getLog(c, LogPage.FIRMWARE_SLOT, 512, 0, ALL_NS));
            c.bytes("log", 0, 512);
        }));
        s.add(new Scenario("log", "error information", c -> {
            c.admin("get", getLog(c, LogPage.ERROR_INFORMATION, 64, 0, ALL_NS));
            c.bytes("entry 0", 0, 64);
        }));
        s.add(new Scenario("log", "error information after an error", c -> {
            c.admin("bad", Command.of(0xC3));
            c.admin("get", getLog(c, LogPage.ERROR_INFORMATION, 64, 0, ALL_NS));
        }));
        s.add(new Scenario("log", "changed namespace list", c -> {
            c.admin("get", getLog(c, LogPage.CHANGED_NAMESPACE_LIST, 4096, 0, ALL_NS));
            c.bytes("first entries", 0, 16);
        }));
        s.add(new Scenario("log", "commands supported and effects", c -> {
            c.admin("get", getLog(c, LogPage.COMMANDS_SUPPORTED_AND_EFFECTS, 4096, 0, ALL_NS));
            c.bytes("admin", 0, 1024);
            c.bytes("io", 1024, 1024);
        }));
        for (int lid : new int[] {0x00, LogPage.DEVICE_SELF_TEST, 0x07, 0x08, 0x0D, 0x70, 0x7F, 0x80, 0x81, 0xC0, 0xFF}) {
            s.add(new Scenario("log", "lid 0x" + Integer.toHexString(lid), c -> c.admin("get",
                    getLog(c, lid, 512, 0, ALL_NS))));
        }
        s.add(new Scenario("log", "offset not dword aligned", c -> c.admin("get",
                getLog(c, LogPage.SMART_HEALTH, 8, 2, ALL_NS))));
        s.add(new Scenario("log", "rae bit", c -> c.admin("get",
                getLog(c, LogPage.SMART_HEALTH, 512, 0, ALL_NS).cdw10(LogPage.cdw10(LogPage.SMART_HEALTH, 512) | 1 << 15))));
        s.add(new Scenario("log", "lsp bits", c -> c.admin("get",
                getLog(c, LogPage.SMART_HEALTH, 512, 0, ALL_NS).cdw10(LogPage.cdw10(LogPage.SMART_HEALTH, 512) | 3 << 8))));
        s.add(new Scenario("log", "numdu upper bits", c -> c.admin("get",
                getLog(c, LogPage.SMART_HEALTH, 512, 0, ALL_NS).cdw11(1))));
        s.add(new Scenario("log", "firmware slot offset 64", c -> {
            c.admin("get", getLog(c, LogPage.FIRMWARE_SLOT, 64, 64, ALL_NS));
            c.bytes("data", 0, 64);
        }));
        s.add(new Scenario("log", "effects offset beyond", c -> c.admin("get",
                getLog(c, LogPage.COMMANDS_SUPPORTED_AND_EFFECTS, 4, 4096, ALL_NS))));
    }

    private static void misc(List<Scenario> s) {
        s.add(new Scenario("abort", "abort unknown cid", c -> c.admin("abort",
                Command.of(AdminOpcode.ABORT).cdw10(QueueCommands.abortCdw10(0, 0x777)))));
        s.add(new Scenario("abort", "abort on missing sq", c -> c.admin("abort",
                Command.of(AdminOpcode.ABORT).cdw10(QueueCommands.abortCdw10(5, 1)))));
        s.add(new Scenario("abort", "abort on io sq", c -> {
            c.ioPair(1, 8);
            c.admin("abort", Command.of(AdminOpcode.ABORT).cdw10(QueueCommands.abortCdw10(1, 0)));
        }));
        s.add(new Scenario("abort", "abort outstanding aer", c -> {
            int cid = c.submit(0, Command.of(AdminOpcode.ASYNC_EVENT_REQUEST));
            c.next("aer pending", 0);
            c.admin("abort", Command.of(AdminOpcode.ABORT).cdw10(QueueCommands.abortCdw10(0, cid)));
            c.next("after abort", 0);
        }));
        s.add(new Scenario("aer", "limit", c -> {
            for (int i = 0; i < 4; i++) {
                c.submit(0, Command.of(AdminOpcode.ASYNC_EVENT_REQUEST));
            }
            c.next("four outstanding", 0);
            c.submit(0, Command.of(AdminOpcode.ASYNC_EVENT_REQUEST));
            c.expect("fifth", 0);
            c.next("then nothing", 0);
        }));
        s.add(new Scenario("aer", "temperature event", c -> {
            c.submit(0, Command.of(AdminOpcode.ASYNC_EVENT_REQUEST));
            c.next("pending", 0);
            c.admin("enable smart events", setFeatures(FeatureId.ASYNC_EVENT_CONFIGURATION, 0xFF));
            c.submit(0, setFeatures(FeatureId.TEMPERATURE_THRESHOLD, 100));
            List<String> got = new ArrayList<>();
            c.raw.poll(0, 1_000_000_000L).ifPresent(e -> got.add(e.summary()));
            c.raw.poll(0, 1_000_000_000L).ifPresent(e -> got.add(e.summary()));
            got.sort(null);
            c.value("set + aer", got);
            c.admin("smart log clears", getLog(c, LogPage.SMART_HEALTH, 512, 0, ALL_NS));
            c.bytes("critical warning", 0, 1);
            c.admin("restore", setFeatures(FeatureId.TEMPERATURE_THRESHOLD, 0x157));
            c.admin("aec off", setFeatures(FeatureId.ASYNC_EVENT_CONFIGURATION, 0));
        }));
        s.add(new Scenario("dbbuf", "valid", c -> c.admin("dbbuf",
                Command.of(AdminOpcode.DOORBELL_BUFFER_CONFIG).prp1(c.bus(0)).prp2(c.bus(4096)))));
        s.add(new Scenario("dbbuf", "prp1 0", c -> c.admin("dbbuf",
                Command.of(AdminOpcode.DOORBELL_BUFFER_CONFIG).prp1(0).prp2(c.bus(4096)))));
        s.add(new Scenario("dbbuf", "prp1 misaligned", c -> c.admin("dbbuf",
                Command.of(AdminOpcode.DOORBELL_BUFFER_CONFIG).prp1(c.bus(0x10)).prp2(c.bus(4096)))));
        s.add(new Scenario("dbbuf", "prp2 misaligned", c -> c.admin("dbbuf",
                Command.of(AdminOpcode.DOORBELL_BUFFER_CONFIG).prp1(c.bus(0)).prp2(c.bus(4096 + 8)))));
        s.add(new Scenario("dbbuf", "prp2 0", c -> c.admin("dbbuf",
                Command.of(AdminOpcode.DOORBELL_BUFFER_CONFIG).prp1(c.bus(0)).prp2(0))));
        s.add(new Scenario("dbbuf", "then io works", c -> {
            c.admin("dbbuf", Command.of(AdminOpcode.DOORBELL_BUFFER_CONFIG).prp1(c.bus(0)).prp2(c.bus(4096)));
            c.admin("identify", identify(c, 1, 0).prp1(c.bus(8192)));
        }));
        for (int opc : new int[] {0x03, 0x07, 0x0B, 0x0E, 0x0F, AdminOpcode.NAMESPACE_MANAGEMENT,
            AdminOpcode.FIRMWARE_COMMIT, AdminOpcode.FIRMWARE_IMAGE_DOWNLOAD, AdminOpcode.DEVICE_SELF_TEST,
            AdminOpcode.KEEP_ALIVE, AdminOpcode.DIRECTIVE_SEND, AdminOpcode.DIRECTIVE_RECEIVE,
            AdminOpcode.VIRTUALIZATION_MANAGEMENT, AdminOpcode.NVME_MI_SEND, AdminOpcode.SECURITY_SEND,
            AdminOpcode.SECURITY_RECEIVE, AdminOpcode.SANITIZE, AdminOpcode.GET_LBA_STATUS, 0x7F, 0xC0, 0xFF}) {
            s.add(new Scenario("opcodes", "admin 0x" + Integer.toHexString(opc), c -> c.admin("cmd",
                    Command.of(opc).nsid(opc == AdminOpcode.DIRECTIVE_RECEIVE ? NS1 : 0).prp1(c.bus(0)))));
        }
    }
}
