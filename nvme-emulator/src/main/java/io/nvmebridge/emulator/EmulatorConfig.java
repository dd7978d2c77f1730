package io.nvmebridge.emulator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Immutable configuration of one emulated NVMe controller. Defaults follow QEMU's {@code -device nvme}:
 * MDTS 7, 64 I/O queue pairs, MQES 0x7ff, DSTRD 0, CAP.TO 0xf, AERL 3.
 */
public final class EmulatorConfig {
    private final String serial;
    private final String model;
    private final String firmwareRevision;
    private final int mdts;
    private final int maxIoQueuePairs;
    private final int mqes;
    private final int dstrd;
    private final int capTimeout;
    private final int aerl;
    private final EmulatorMode mode;
    private final List<NamespaceConfig> namespaces;
    private final FaultPlan faultPlan;
    private final TraceSink trace;
    private final NanoClock clock;

    private EmulatorConfig(Builder b) {
        this.serial = b.serial;
        this.model = b.model;
        this.firmwareRevision = b.firmwareRevision;
        this.mdts = b.mdts;
        this.maxIoQueuePairs = b.maxIoQueuePairs;
        this.mqes = b.mqes;
        this.dstrd = b.dstrd;
        this.capTimeout = b.capTimeout;
        this.aerl = b.aerl;
        this.mode = b.mode;
        this.namespaces = List.copyOf(b.namespaces);
        this.faultPlan = b.faultPlan;
        this.trace = b.trace;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.serial = serial;
        b.model = model;
        b.firmwareRevision = firmwareRevision;
        b.mdts = mdts;
        b.maxIoQueuePairs = maxIoQueuePairs;
        b.mqes = mqes;
        b.dstrd = dstrd;
        b.capTimeout = capTimeout;
        b.aerl = aerl;
        b.mode = mode;
        b.namespaces.addAll(namespaces);
        b.faultPlan = faultPlan;
        b.trace = trace;
        b.clock = clock;
        return b;
    }

    public String serial() {
        return serial;
    }

    public String model() {
        return model;
    }

    public String firmwareRevision() {
        return firmwareRevision;
    }

    /** Maximum data transfer size as a power of two of the minimum page size; 0 = no limit. */
    public int mdts() {
        return mdts;
    }

    public int maxIoQueuePairs() {
        return maxIoQueuePairs;
    }

    /** CAP.MQES: zero-based maximum queue entries. */
    public int mqes() {
        return mqes;
    }

    public int dstrd() {
        return dstrd;
    }

    /** CAP.TO in 500 ms units. */
    public int capTimeout() {
        return capTimeout;
    }

    /** Identify AERL: zero-based limit of outstanding Asynchronous Event Requests. */
    public int aerl() {
        return aerl;
    }

    public EmulatorMode mode() {
        return mode;
    }

    public List<NamespaceConfig> namespaces() {
        return namespaces;
    }

    public FaultPlan faultPlan() {
        return faultPlan;
    }

    /** The trace sink, or null when tracing is off. */
    public TraceSink trace() {
        return trace;
    }

    public NanoClock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "EmulatorConfig[serial=" + serial + " model=" + model + " fr=" + firmwareRevision + " mdts=" + mdts
                + " ioqpairs=" + maxIoQueuePairs + " mqes=0x" + Integer.toHexString(mqes) + " dstrd=" + dstrd
                + " mode=" + mode + " namespaces=" + namespaces + " faults=" + faultPlan + "]";
    }

    public static final class Builder {
        private String serial = "NVMEBRIDGE0001";
        private String model = "nvme-bridge emulated controller";
        private String firmwareRevision = "0.1";
        private int mdts = 7;
        private int maxIoQueuePairs = 64;
        private int mqes = 0x7ff;
        private int dstrd = 0;
        private int capTimeout = 0xf;
        private int aerl = 3;
        private EmulatorMode mode = EmulatorMode.INLINE;
        private final List<NamespaceConfig> namespaces = new ArrayList<>();
        private FaultPlan faultPlan = FaultPlan.NONE;
        private TraceSink trace;
        private NanoClock clock = NanoClock.SYSTEM;

        private Builder() {
        }

        public Builder serial(String v) {
            serial = Objects.requireNonNull(v);
            return this;
        }

        public Builder model(String v) {
            model = Objects.requireNonNull(v);
            return this;
        }

        public Builder firmwareRevision(String v) {
            firmwareRevision = Objects.requireNonNull(v);
            return this;
        }

        public Builder mdts(int v) {
            if (v < 0 || v > 15) {
                throw new IllegalArgumentException("mdts " + v + " outside 0..15");
            }
            mdts = v;
            return this;
        }

        public Builder maxIoQueuePairs(int v) {
            if (v < 1 || v > 0xFFFE) {
                throw new IllegalArgumentException("maxIoQueuePairs " + v + " outside 1..65534");
            }
            maxIoQueuePairs = v;
            return this;
        }

        public Builder mqes(int v) {
            if (v < 1 || v > 0xFFFF) {
                throw new IllegalArgumentException("mqes " + v + " outside 1..0xffff (zero-based, at least 2 entries)");
            }
            mqes = v;
            return this;
        }

        public Builder dstrd(int v) {
            if (v < 0 || v > 15) {
                throw new IllegalArgumentException("dstrd " + v + " outside 0..15");
            }
            dstrd = v;
            return this;
        }

        public Builder capTimeout(int v) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("capTimeout " + v + " outside 0..255");
            }
            capTimeout = v;
            return this;
        }

        public Builder aerl(int v) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("aerl " + v + " outside 0..255");
            }
            aerl = v;
            return this;
        }

        public Builder mode(EmulatorMode v) {
            mode = Objects.requireNonNull(v);
            return this;
        }

        public Builder namespace(NamespaceConfig ns) {
            namespaces.add(Objects.requireNonNull(ns));
            return this;
        }

        public Builder namespaces(List<NamespaceConfig> list) {
            namespaces.clear();
            namespaces.addAll(list);
            return this;
        }

        public Builder faultPlan(FaultPlan v) {
            faultPlan = Objects.requireNonNull(v);
            return this;
        }

        /** Per-command trace lines to {@code v}; null switches tracing off (the default). */
        public Builder trace(TraceSink v) {
            trace = v;
            return this;
        }

        public Builder clock(NanoClock v) {
            clock = Objects.requireNonNull(v);
            return this;
        }

        public EmulatorConfig build() {
            var seen = new HashSet<Integer>();
            for (NamespaceConfig ns : namespaces) {
                if (!seen.add(ns.nsid())) {
                    throw new IllegalArgumentException("namespace id " + ns.nsid() + " configured twice");
                }
            }
            return new EmulatorConfig(this);
        }
    }
}
