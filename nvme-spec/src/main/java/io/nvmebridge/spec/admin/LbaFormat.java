package io.nvmebridge.spec.admin;

/**
 * LBA Format data structure, 4 bytes (NVMe 1.4 figure 246): MS u16 (metadata bytes per LBA) at 0,
 * LBADS u8 (log2 of the LBA data size) at 2, RP (relative performance, bits 1:0) at 3.
 */
public final class LbaFormat {
    public static final int SIZE = 4;
    public static final int MS = 0;
    public static final int LBADS = 2;
    public static final int RP = 3;

    private LbaFormat() {
    }

    /** The packed 32-bit descriptor. */
    public static int of(int metadataSize, int lbaDataSizeLog2, int relativePerformance) {
        return (metadataSize & 0xFFFF) | (lbaDataSizeLog2 & 0xFF) << 16 | (relativePerformance & 3) << 24;
    }
}
