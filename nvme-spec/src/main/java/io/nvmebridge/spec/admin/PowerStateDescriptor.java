package io.nvmebridge.spec.admin;

/**
 * Power State Descriptor, 32 bytes, inside Identify Controller at 2048 + 32n (NVMe 1.4 figure 248).
 *
 * <pre>
 *   0 MP u16 (centiwatts)  3 flags: bit 0 MXPS, bit 1 NOPS   4 ENLAT u32  8 EXLAT u32
 *  12 RRT u8  13 RRL u8  14 RWT u8  15 RWL u8  16 IDLP u16  18 IPS u8 (bits 7:6)
 *  20 ACTP u16  22 APW (bits 2:0) / APS (bits 7:6) u8
 * </pre>
 */
public final class PowerStateDescriptor {
    public static final int SIZE = 32;
    public static final int MP = 0;
    public static final int FLAGS = 3;
    public static final int ENLAT = 4;
    public static final int EXLAT = 8;
    public static final int RRT = 12;
    public static final int RRL = 13;
    public static final int RWT = 14;
    public static final int RWL = 15;
    public static final int IDLP = 16;
    public static final int IPS = 18;
    public static final int ACTP = 20;
    public static final int APW_APS = 22;

    private PowerStateDescriptor() {
    }
}
