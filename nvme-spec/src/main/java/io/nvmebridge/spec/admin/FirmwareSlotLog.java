package io.nvmebridge.spec.admin;

/**
 * Firmware Slot Information log page, 512 bytes (log page 03h; NVMe 1.4 figure 197): AFI u8 at 0 (bits
 * 2:0 active slot, 6:4 slot activated at next reset), FRS1..FRS7 (8 ASCII bytes each) at 8 + 8(n-1).
 */
public final class FirmwareSlotLog {
    public static final int SIZE = 512;
    public static final int AFI = 0;
    public static final int FRS1 = 8;
    public static final int FRS_LENGTH = 8;
    public static final int SLOTS = 7;

    private FirmwareSlotLog() {
    }

    /** Offset of firmware revision for slot {@code slot} (1..7). */
    public static int frs(int slot) {
        return FRS1 + FRS_LENGTH * (slot - 1);
    }
}
