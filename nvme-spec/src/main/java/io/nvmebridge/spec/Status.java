package io.nvmebridge.spec;

import java.util.HashMap;
import java.util.Map;

/**
 * NVMe completion status field values (NVMe 1.4 section 4.6.1), encoded as Linux's {@code NVME_SC_*}:
 * the 15-bit Status Field of the completion entry with the phase tag shifted out —
 * bits 7:0 SC (status code), 10:8 SCT (status code type), 12:11 CRD, 13 M (more), 14 DNR (do not retry).
 */
public final class Status {
    // Status code types.
    public static final int SCT_GENERIC = 0;
    public static final int SCT_COMMAND_SPECIFIC = 1;
    public static final int SCT_MEDIA = 2;
    public static final int SCT_PATH = 3;
    public static final int SCT_VENDOR = 7;

    public static final int DNR = 0x4000;
    public static final int MORE = 0x2000;
    public static final int CRD_MASK = 0x1800;

    // Generic command status (SCT 0).
    public static final int SUCCESS = 0x000;
    public static final int INVALID_OPCODE = 0x001;
    public static final int INVALID_FIELD = 0x002;
    public static final int CMDID_CONFLICT = 0x003;
    public static final int DATA_TRANSFER_ERROR = 0x004;
    public static final int POWER_LOSS = 0x005;
    public static final int INTERNAL = 0x006;
    public static final int ABORT_REQUESTED = 0x007;
    public static final int ABORT_SQ_DELETED = 0x008;
    public static final int FUSED_FAIL = 0x009;
    public static final int FUSED_MISSING = 0x00A;
    public static final int INVALID_NAMESPACE = 0x00B;
    public static final int COMMAND_SEQUENCE_ERROR = 0x00C;
    public static final int SGL_INVALID_LAST = 0x00D;
    public static final int SGL_INVALID_COUNT = 0x00E;
    public static final int SGL_INVALID_DATA = 0x00F;
    public static final int SGL_INVALID_METADATA = 0x010;
    public static final int SGL_INVALID_TYPE = 0x011;
    public static final int CMB_INVALID_USE = 0x012;
    public static final int PRP_INVALID_OFFSET = 0x013;
    public static final int ATOMIC_WRITE_UNIT_EXCEEDED = 0x014;
    public static final int OPERATION_DENIED = 0x015;
    public static final int SGL_INVALID_OFFSET = 0x016;
    public static final int HOST_ID_INCONSISTENT = 0x018;
    public static final int KEEP_ALIVE_EXPIRED = 0x019;
    public static final int KEEP_ALIVE_INVALID = 0x01A;
    public static final int ABORTED_PREEMPT = 0x01B;
    public static final int SANITIZE_FAILED = 0x01C;
    public static final int SANITIZE_IN_PROGRESS = 0x01D;
    public static final int SGL_INVALID_GRANULARITY = 0x01E;
    public static final int COMMAND_NOT_SUPPORTED_FOR_CMB_QUEUE = 0x01F;
    public static final int NS_WRITE_PROTECTED = 0x020;
    public static final int COMMAND_INTERRUPTED = 0x021;
    public static final int TRANSIENT_TRANSPORT_ERROR = 0x022;
    public static final int LBA_OUT_OF_RANGE = 0x080;
    public static final int CAPACITY_EXCEEDED = 0x081;
    public static final int NS_NOT_READY = 0x082;
    public static final int RESERVATION_CONFLICT = 0x083;
    public static final int FORMAT_IN_PROGRESS = 0x084;

    // Command specific status (SCT 1).
    public static final int COMPLETION_QUEUE_INVALID = 0x100;
    public static final int INVALID_QUEUE_IDENTIFIER = 0x101;
    public static final int INVALID_QUEUE_SIZE = 0x102;
    public static final int ABORT_COMMAND_LIMIT_EXCEEDED = 0x103;
    public static final int ASYNC_EVENT_REQUEST_LIMIT_EXCEEDED = 0x105;
    public static final int INVALID_FIRMWARE_SLOT = 0x106;
    public static final int INVALID_FIRMWARE_IMAGE = 0x107;
    public static final int INVALID_INTERRUPT_VECTOR = 0x108;
    public static final int INVALID_LOG_PAGE = 0x109;
    public static final int INVALID_FORMAT = 0x10A;
    public static final int FIRMWARE_NEEDS_CONVENTIONAL_RESET = 0x10B;
    public static final int INVALID_QUEUE_DELETION = 0x10C;
    public static final int FEATURE_NOT_SAVEABLE = 0x10D;
    public static final int FEATURE_NOT_CHANGEABLE = 0x10E;
    public static final int FEATURE_NOT_PER_NAMESPACE = 0x10F;
    public static final int NS_ID_UNAVAILABLE = 0x116;
    public static final int NS_ALREADY_ATTACHED = 0x118;
    public static final int NS_NOT_ATTACHED = 0x11A;
    public static final int INVALID_CONTROLLER_LIST = 0x11C;
    public static final int CONFLICTING_ATTRIBUTES = 0x180;
    public static final int INVALID_PROTECTION_INFORMATION = 0x181;
    public static final int ATTEMPTED_WRITE_TO_READ_ONLY_RANGE = 0x182;

    // Media and data integrity errors (SCT 2).
    public static final int WRITE_FAULT = 0x280;
    public static final int UNRECOVERED_READ_ERROR = 0x281;
    public static final int GUARD_CHECK_ERROR = 0x282;
    public static final int APPLICATION_TAG_CHECK_ERROR = 0x283;
    public static final int REFERENCE_TAG_CHECK_ERROR = 0x284;
    public static final int COMPARE_FAILURE = 0x285;
    public static final int ACCESS_DENIED = 0x286;
    public static final int DEALLOCATED_OR_UNWRITTEN_BLOCK = 0x287;

    // Path related status (SCT 3).
    public static final int INTERNAL_PATH_ERROR = 0x300;
    public static final int ANA_PERSISTENT_LOSS = 0x301;
    public static final int ANA_INACCESSIBLE = 0x302;
    public static final int ANA_TRANSITION = 0x303;
    public static final int HOST_PATH_ERROR = 0x370;
    public static final int HOST_ABORTED_COMMAND = 0x371;

    private static final Map<Integer, String> NAMES = new HashMap<>();

    static {
        for (var f : Status.class.getFields()) {
            if (f.getType() == int.class && !f.getName().startsWith("SCT_")
                    && !f.getName().equals("DNR") && !f.getName().equals("MORE") && !f.getName().equals("CRD_MASK")) {
                try {
                    NAMES.put(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    private Status() {
    }

    /** Builds a status from a type and code. */
    public static int of(int sct, int sc) {
        return (sct & 7) << 8 | (sc & 0xFF);
    }

    /** Status Code Type, bits 10:8. */
    public static int sct(int status) {
        return (status >>> 8) & 7;
    }

    /** Status Code, bits 7:0. */
    public static int sc(int status) {
        return status & 0xFF;
    }

    /** SCT and SC without CRD, M and DNR: the value to compare against the constants. */
    public static int code(int status) {
        return status & 0x7FF;
    }

    public static boolean isSuccess(int status) {
        return code(status) == SUCCESS;
    }

    public static boolean doNotRetry(int status) {
        return (status & DNR) != 0;
    }

    /** A readable name: {@code INVALID_FIELD (sct 0 sc 0x02, DNR)}. */
    public static String describe(int status) {
        String name = NAMES.getOrDefault(code(status), "UNKNOWN");
        StringBuilder b = new StringBuilder(name).append(" (sct ").append(sct(status))
                .append(" sc 0x").append(String.format("%02x", sc(status)));
        if ((status & DNR) != 0) {
            b.append(", DNR");
        }
        if ((status & MORE) != 0) {
            b.append(", M");
        }
        return b.append(')').toString();
    }

    /** Just the name of the status code, e.g. {@code LBA_OUT_OF_RANGE}. */
    public static String name(int status) {
        return NAMES.getOrDefault(code(status), String.format("SCT%d_SC%02X", sct(status), sc(status)));
    }
}
