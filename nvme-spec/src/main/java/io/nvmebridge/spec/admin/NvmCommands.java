package io.nvmebridge.spec.admin;

/**
 * Fields of NVM I/O command dwords (NVMe 1.4 section 6).
 *
 * <pre>
 * Read/Write/Compare/Write Zeroes/Verify: CDW10-11 SLBA (u64), CDW12 NLB 15:0 (zero-based),
 *     bit 25 DEAC (Write Zeroes), bit 26 PRINFO.., bit 30 FUA, bit 31 LR; CDW13 DSM 7:0
 * Dataset Management: CDW10 NR 7:0 (zero-based number of ranges), CDW11 IDR bit 0, IDW bit 1, AD bit 2;
 *     data: ranges of 16 bytes: context attributes u32 @0, length in LBAs u32 @4, SLBA u64 @8
 * Flush: no fields; NSID FFFFFFFFh flushes all namespaces
 * </pre>
 */
public final class NvmCommands {
    public static final int CDW12_NLB_MASK = 0xFFFF;
    public static final int CDW12_DEAC = 1 << 25;
    public static final int CDW12_FUA = 1 << 30;
    public static final int CDW12_LR = 1 << 31;
    public static final int DSM_ATTR_IDR = 1;
    public static final int DSM_ATTR_IDW = 1 << 1;
    public static final int DSM_ATTR_DEALLOCATE = 1 << 2;
    public static final int DSM_RANGE_SIZE = 16;
    public static final int DSM_RANGE_ATTRIBUTES = 0;
    public static final int DSM_RANGE_LENGTH = 4;
    public static final int DSM_RANGE_SLBA = 8;
    public static final int DSM_MAX_RANGES = 256;
    /** The broadcast namespace ID. */
    public static final int NSID_ALL = 0xFFFFFFFF;

    private NvmCommands() {
    }

    public static long slba(int cdw10, int cdw11) {
        return (cdw10 & 0xFFFFFFFFL) | ((long) cdw11 << 32);
    }

    /** Number of logical blocks (one-based) from CDW12. */
    public static int blocks(int cdw12) {
        return (cdw12 & CDW12_NLB_MASK) + 1;
    }
}
