package io.nvmebridge.spec.admin;

/**
 * Error Information log entry, 64 bytes (log page 01h; NVMe 1.4 figure 194).
 *
 * <pre>
 *   0 ERROR_COUNT u64  8 SQID u16  10 CID u16  12 STATUS u16 (bit 0 phase tag, 15:1 status field)
 *  14 PARAMETER_ERROR_LOCATION u16  16 LBA u64  24 NSID u32  28 VENDOR_SPECIFIC u8  29 TRTYPE u8
 *  32 COMMAND_SPECIFIC u64  40 TRTYPE_SPECIFIC u16
 * </pre>
 */
public final class ErrorInformationEntry {
    public static final int SIZE = 64;
    public static final int ERROR_COUNT = 0;
    public static final int SQID = 8;
    public static final int CID = 10;
    public static final int STATUS = 12;
    public static final int PARAMETER_ERROR_LOCATION = 14;
    public static final int LBA = 16;
    public static final int NSID = 24;
    public static final int VENDOR_SPECIFIC = 28;
    public static final int TRTYPE = 29;
    public static final int COMMAND_SPECIFIC = 32;
    public static final int TRTYPE_SPECIFIC = 40;

    private ErrorInformationEntry() {
    }
}
