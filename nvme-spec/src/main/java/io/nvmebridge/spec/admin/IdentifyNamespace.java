package io.nvmebridge.spec.admin;

/**
 * Identify Namespace data structure, CNS 00h (NVMe 1.4 figure 245): 4096 bytes, little-endian.
 *
 * <pre>
 *    0 NSZE u64      8 NCAP u64     16 NUSE u64     24 NSFEAT u8    25 NLBAF u8 (zero-based)
 *   26 FLBAS u8     27 MC u8        28 DPC u8       29 DPS u8       30 NMIC u8     31 RESCAP u8
 *   32 FPI u8       33 DLFEAT u8    34 NAWUN u16    36 NAWUPF u16   38 NACWU u16   40 NABSN u16
 *   42 NABO u16     44 NABSPF u16   46 NOIOB u16    48 NVMCAP[16]   64 NPWG u16    66 NPWA u16
 *   68 NPDG u16     70 NPDA u16     72 NOWS u16     74 MSSRL u16 (2.0) 76 MCL u32 (2.0) 80 MSRC u8 (2.0)
 *   81 NULBAF u8 (2.0)              92 ANAGRPID u32 99 NSATTR u8  100 NVMSETID u16
 *  102 ENDGID u16  104 NGUID[16]   120 EUI64[8]    128 LBAF0..15 (4 bytes each, {@link LbaFormat})
 *  384 VS[3712]
 * </pre>
 */
public final class IdentifyNamespace {
    public static final int SIZE = 4096;

    public static final int NSZE = 0;
    public static final int NCAP = 8;
    public static final int NUSE = 16;
    public static final int NSFEAT = 24;
    public static final int NLBAF = 25;
    public static final int FLBAS = 26;
    public static final int MC = 27;
    public static final int DPC = 28;
    public static final int DPS = 29;
    public static final int NMIC = 30;
    public static final int RESCAP = 31;
    public static final int FPI = 32;
    public static final int DLFEAT = 33;
    public static final int NAWUN = 34;
    public static final int NAWUPF = 36;
    public static final int NACWU = 38;
    public static final int NABSN = 40;
    public static final int NABO = 42;
    public static final int NABSPF = 44;
    public static final int NOIOB = 46;
    public static final int NVMCAP = 48;
    public static final int NPWG = 64;
    public static final int NPWA = 66;
    public static final int NPDG = 68;
    public static final int NPDA = 70;
    public static final int NOWS = 72;
    /** NVMe 2.0 (Copy): Maximum Single Source Range Length. */
    public static final int MSSRL = 74;
    /** NVMe 2.0 (Copy): Maximum Copy Length. */
    public static final int MCL = 76;
    /** NVMe 2.0 (Copy): Maximum Source Range Count (zero-based). */
    public static final int MSRC = 80;
    /** NVMe 2.0: Number of Unique Capability LBA Formats. */
    public static final int NULBAF = 81;
    public static final int ANAGRPID = 92;
    public static final int NSATTR = 99;
    public static final int NVMSETID = 100;
    public static final int ENDGID = 102;
    public static final int NGUID = 104;
    public static final int EUI64 = 120;
    public static final int LBAF0 = 128;
    public static final int LBAF_COUNT = 16;
    public static final int VS = 384;

    /** FLBAS bits 3:0: index of the LBA format in use. */
    public static final int FLBAS_FORMAT_MASK = 0x0F;
    /** FLBAS bit 4: metadata transferred at the end of the data LBA (extended LBA). */
    public static final int FLBAS_EXTENDED = 0x10;
    /** MC bit 0: metadata can be transferred as part of an extended data LBA. */
    public static final int MC_EXTENDED = 0x01;
    /** MC bit 1: metadata can be transferred in a separate buffer (MPTR). */
    public static final int MC_SEPARATE = 0x02;
    /** DLFEAT bits 2:0 = 001b: deallocated blocks read as zeroes. */
    public static final int DLFEAT_READ_ZEROES = 0x01;
    /** NSFEAT bit 2: DAE, deallocated or unwritten logical block error support. */
    public static final int NSFEAT_THIN = 0x01;

    private IdentifyNamespace() {
    }

    /** Offset of LBA format descriptor {@code n} (0..15). */
    public static int lbaf(int n) {
        return LBAF0 + LbaFormat.SIZE * n;
    }
}
