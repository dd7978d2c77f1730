package io.nvmebridge.spec.admin;

/**
 * Get Log Page identifiers and command fields (NVMe 1.4 section 5.14). CDW10: LID bits 7:0, LSP 11:8,
 * RAE bit 15, NUMDL bits 31:16; CDW11: NUMDU bits 15:0; CDW12/13: LPOL/LPOU (byte offset, dword aligned).
 * NUMD (number of dwords) is zero-based.
 */
public final class LogPage {
    public static final int ERROR_INFORMATION = 0x01;
    public static final int SMART_HEALTH = 0x02;
    public static final int FIRMWARE_SLOT = 0x03;
    public static final int CHANGED_NAMESPACE_LIST = 0x04;
    public static final int COMMANDS_SUPPORTED_AND_EFFECTS = 0x05;
    public static final int DEVICE_SELF_TEST = 0x06;

    private LogPage() {
    }

    /** CDW10 for a log page read of {@code bytes} bytes (a multiple of 4). */
    public static int cdw10(int lid, int bytes) {
        int numd = bytes / 4 - 1;
        return (lid & 0xFF) | (numd & 0xFFFF) << 16;
    }

    /** CDW11 for a log page read of {@code bytes} bytes: the upper half of NUMD. */
    public static int cdw11(int bytes) {
        return ((bytes / 4 - 1) >>> 16) & 0xFFFF;
    }

    /** Bytes requested by a Get Log Page command. */
    public static long length(int cdw10, int cdw11) {
        long numd = ((cdw10 >>> 16) & 0xFFFFL) | ((cdw11 & 0xFFFFL) << 16);
        return (numd + 1) * 4;
    }

    /** Byte offset requested by a Get Log Page command. */
    public static long offset(int cdw12, int cdw13) {
        return (cdw12 & 0xFFFFFFFFL) | ((long) cdw13 << 32);
    }
}
