package io.nvmebridge.spec.admin;

/**
 * Identify Controller data structure, CNS 01h (NVMe 1.4 figure 247): 4096 bytes, little-endian. Offsets
 * of every field nvme-cli prints for {@code id-ctrl}; string fields are ASCII, space padded.
 *
 * <pre>
 *    0 VID u16        2 SSVID u16      4 SN[20]         24 MN[40]        64 FR[8]
 *   72 RAB u8        73 IEEE[3]       76 CMIC u8        77 MDTS u8       78 CNTLID u16
 *   80 VER u32       84 RTD3R u32     88 RTD3E u32      92 OAES u32      96 CTRATT u32
 *  100 RRLS u16     111 CNTRLTYPE u8 112 FGUID[16]     128 CRDT1..3 u16
 *  253 NVMSR u8     254 VWCI u8      255 MEC u8
 *  256 OACS u16     258 ACL u8       259 AERL u8       260 FRMW u8      261 LPA u8
 *  262 ELPE u8      263 NPSS u8      264 AVSCC u8      265 APSTA u8     266 WCTEMP u16
 *  268 CCTEMP u16   270 MTFA u16     272 HMPRE u32     276 HMMIN u32    280 TNVMCAP[16]
 *  296 UNVMCAP[16]  312 RPMBS u32    316 EDSTT u16     318 DSTO u8      319 FWUG u8
 *  320 KAS u16      322 HCTMA u16    324 MNTMT u16     326 MXTMT u16    328 SANICAP u32
 *  332 HMMINDS u32  336 HMMAXD u16   338 NSETIDMAX u16 340 ENDGIDMAX u16 342 ANATT u8
 *  343 ANACAP u8    344 ANAGRPMAX u32 348 NANAGRPID u32 352 PELS u32     356 DOMAINID u16 (2.0)
 *  368 MEGCAP[16] (2.0)
 *  512 SQES u8      513 CQES u8      514 MAXCMD u16    516 NN u32       520 ONCS u16
 *  522 FUSES u16    524 FNA u8       525 VWC u8        526 AWUN u16     528 AWUPF u16
 *  530 NVSCC u8     531 NWPC u8      532 ACWU u16      534 OCFS u16 (2.0) 536 SGLS u32
 *  540 MNAN u32     544 MAXDNA[16] (2.0)              560 MAXCNA u32 (2.0)
 *  768 SUBNQN[256] 1792 NVMe-oF attributes[256]       2048 PSD0..31 (32 bytes each)  3072 VS[1024]
 * </pre>
 */
public final class IdentifyController {
    public static final int SIZE = 4096;

    public static final int VID = 0;
    public static final int SSVID = 2;
    public static final int SN = 4;
    public static final int SN_LENGTH = 20;
    public static final int MN = 24;
    public static final int MN_LENGTH = 40;
    public static final int FR = 64;
    public static final int FR_LENGTH = 8;
    public static final int RAB = 72;
    public static final int IEEE = 73;
    public static final int CMIC = 76;
    public static final int MDTS = 77;
    public static final int CNTLID = 78;
    public static final int VER = 80;
    public static final int RTD3R = 84;
    public static final int RTD3E = 88;
    public static final int OAES = 92;
    public static final int CTRATT = 96;
    public static final int RRLS = 100;
    public static final int CNTRLTYPE = 111;
    public static final int FGUID = 112;
    public static final int CRDT1 = 128;
    public static final int CRDT2 = 130;
    public static final int CRDT3 = 132;
    public static final int NVMSR = 253;
    public static final int VWCI = 254;
    public static final int MEC = 255;
    public static final int OACS = 256;
    public static final int ACL = 258;
    public static final int AERL = 259;
    public static final int FRMW = 260;
    public static final int LPA = 261;
    public static final int ELPE = 262;
    public static final int NPSS = 263;
    public static final int AVSCC = 264;
    public static final int APSTA = 265;
    public static final int WCTEMP = 266;
    public static final int CCTEMP = 268;
    public static final int MTFA = 270;
    public static final int HMPRE = 272;
    public static final int HMMIN = 276;
    public static final int TNVMCAP = 280;
    public static final int UNVMCAP = 296;
    public static final int RPMBS = 312;
    public static final int EDSTT = 316;
    public static final int DSTO = 318;
    public static final int FWUG = 319;
    public static final int KAS = 320;
    public static final int HCTMA = 322;
    public static final int MNTMT = 324;
    public static final int MXTMT = 326;
    public static final int SANICAP = 328;
    public static final int HMMINDS = 332;
    public static final int HMMAXD = 336;
    public static final int NSETIDMAX = 338;
    public static final int ENDGIDMAX = 340;
    public static final int ANATT = 342;
    public static final int ANACAP = 343;
    public static final int ANAGRPMAX = 344;
    public static final int NANAGRPID = 348;
    public static final int PELS = 352;
    /** NVMe 2.0: Domain Identifier. */
    public static final int DOMAINID = 356;
    /** NVMe 2.0: Max Endurance Group Capacity, 16 bytes. */
    public static final int MEGCAP = 368;
    public static final int SQES = 512;
    public static final int CQES = 513;
    public static final int MAXCMD = 514;
    public static final int NN = 516;
    public static final int ONCS = 520;
    public static final int FUSES = 522;
    public static final int FNA = 524;
    public static final int VWC = 525;
    public static final int AWUN = 526;
    public static final int AWUPF = 528;
    public static final int NVSCC = 530;
    public static final int NWPC = 531;
    public static final int ACWU = 532;
    /** NVMe 2.0: Optional Copy Formats Supported. */
    public static final int OCFS = 534;
    public static final int SGLS = 536;
    public static final int MNAN = 540;
    /** NVMe 2.0: Maximum Domain Namespace Attachments, 16 bytes. */
    public static final int MAXDNA = 544;
    /** NVMe 2.0: Maximum I/O Controller Namespace Attachments. */
    public static final int MAXCNA = 560;
    public static final int SUBNQN = 768;
    public static final int SUBNQN_LENGTH = 256;
    public static final int IOCCSZ = 1792;
    public static final int IORCSZ = 1796;
    public static final int ICDOFF = 1800;
    public static final int FCATT = 1802;
    public static final int MSDBD = 1803;
    public static final int OFCS = 1804;
    public static final int PSD0 = 2048;
    public static final int PSD_COUNT = 32;
    public static final int VS = 3072;
    public static final int VS_LENGTH = 1024;

    /** OACS bits (optional admin command support). */
    public static final int OACS_SECURITY = 1;
    public static final int OACS_FORMAT = 1 << 1;
    public static final int OACS_FIRMWARE = 1 << 2;
    public static final int OACS_NS_MGMT = 1 << 3;
    public static final int OACS_SELF_TEST = 1 << 4;
    public static final int OACS_DIRECTIVES = 1 << 5;
    public static final int OACS_NVME_MI = 1 << 6;
    public static final int OACS_VIRT_MGMT = 1 << 7;
    public static final int OACS_DBBUF_CONFIG = 1 << 8;
    public static final int OACS_GET_LBA_STATUS = 1 << 9;

    /** ONCS bits (optional NVM command support). */
    public static final int ONCS_COMPARE = 1;
    public static final int ONCS_WRITE_UNCORRECTABLE = 1 << 1;
    public static final int ONCS_DSM = 1 << 2;
    public static final int ONCS_WRITE_ZEROES = 1 << 3;
    public static final int ONCS_SAVE_FEATURES = 1 << 4;
    public static final int ONCS_RESERVATIONS = 1 << 5;
    public static final int ONCS_TIMESTAMP = 1 << 6;
    public static final int ONCS_VERIFY = 1 << 7;

    /** LPA bits (log page attributes). */
    public static final int LPA_SMART_PER_NS = 1;
    public static final int LPA_CMD_EFFECTS = 1 << 1;
    public static final int LPA_EXTENDED_DATA = 1 << 2;

    /** VWC bit 0: a volatile write cache is present. */
    public static final int VWC_PRESENT = 1;

    private IdentifyController() {
    }

    /** Offset of power state descriptor {@code n}. */
    public static int psd(int n) {
        return PSD0 + PowerStateDescriptor.SIZE * n;
    }
}
