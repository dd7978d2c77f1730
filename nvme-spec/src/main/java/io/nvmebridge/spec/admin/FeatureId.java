package io.nvmebridge.spec.admin;

/**
 * Feature identifiers for Get/Set Features (NVMe 1.4 figure 271). CDW10: FID bits 7:0, SEL bits 10:8 (Get:
 * 0 current, 1 default, 2 saved, 3 supported capabilities), SV bit 31 (Set).
 */
public final class FeatureId {
    public static final int ARBITRATION = 0x01;
    public static final int POWER_MANAGEMENT = 0x02;
    public static final int LBA_RANGE_TYPE = 0x03;
    public static final int TEMPERATURE_THRESHOLD = 0x04;
    public static final int ERROR_RECOVERY = 0x05;
    public static final int VOLATILE_WRITE_CACHE = 0x06;
    public static final int NUMBER_OF_QUEUES = 0x07;
    public static final int INTERRUPT_COALESCING = 0x08;
    public static final int INTERRUPT_VECTOR_CONFIGURATION = 0x09;
    public static final int WRITE_ATOMICITY_NORMAL = 0x0A;
    public static final int ASYNC_EVENT_CONFIGURATION = 0x0B;
    public static final int AUTONOMOUS_POWER_STATE_TRANSITION = 0x0C;
    public static final int HOST_MEMORY_BUFFER = 0x0D;
    public static final int TIMESTAMP = 0x0E;
    public static final int KEEP_ALIVE_TIMER = 0x0F;
    public static final int HOST_CONTROLLED_THERMAL_MANAGEMENT = 0x10;
    public static final int NON_OPERATIONAL_POWER_STATE_CONFIG = 0x11;
    public static final int SOFTWARE_PROGRESS_MARKER = 0x80;
    public static final int HOST_IDENTIFIER = 0x81;

    public static final int SEL_CURRENT = 0;
    public static final int SEL_DEFAULT = 1;
    public static final int SEL_SAVED = 2;
    public static final int SEL_SUPPORTED_CAPABILITIES = 3;

    private FeatureId() {
    }

    public static int fid(int cdw10) {
        return cdw10 & 0xFF;
    }

    public static int select(int cdw10) {
        return (cdw10 >>> 8) & 7;
    }

    /** Number of Queues (FID 07h) dword: NSQR bits 15:0, NCQR bits 31:16, both zero-based. */
    public static int numberOfQueues(int sqs, int cqs) {
        return ((sqs - 1) & 0xFFFF) | ((cqs - 1) & 0xFFFF) << 16;
    }

    public static String name(int fid) {
        return switch (fid) {
            case ARBITRATION -> "Arbitration";
            case POWER_MANAGEMENT -> "Power Management";
            case LBA_RANGE_TYPE -> "LBA Range Type";
            case TEMPERATURE_THRESHOLD -> "Temperature Threshold";
            case ERROR_RECOVERY -> "Error Recovery";
            case VOLATILE_WRITE_CACHE -> "Volatile Write Cache";
            case NUMBER_OF_QUEUES -> "Number of Queues";
            case INTERRUPT_COALESCING -> "Interrupt Coalescing";
            case INTERRUPT_VECTOR_CONFIGURATION -> "Interrupt Vector Configuration";
            case WRITE_ATOMICITY_NORMAL -> "Write Atomicity Normal";
            case ASYNC_EVENT_CONFIGURATION -> "Asynchronous Event Configuration";
            case AUTONOMOUS_POWER_STATE_TRANSITION -> "Autonomous Power State Transition";
            case HOST_MEMORY_BUFFER -> "Host Memory Buffer";
            case TIMESTAMP -> "Timestamp";
            case KEEP_ALIVE_TIMER -> "Keep Alive Timer";
            case HOST_CONTROLLED_THERMAL_MANAGEMENT -> "Host Controlled Thermal Management";
            case NON_OPERATIONAL_POWER_STATE_CONFIG -> "Non-Operational Power State Config";
            case SOFTWARE_PROGRESS_MARKER -> "Software Progress Marker";
            case HOST_IDENTIFIER -> "Host Identifier";
            default -> String.format("Unknown feature 0x%02x", fid);
        };
    }
}
