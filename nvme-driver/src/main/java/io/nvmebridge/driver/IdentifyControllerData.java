package io.nvmebridge.driver;

import io.nvmebridge.spec.admin.Ascii;
import io.nvmebridge.spec.admin.IdentifyController;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Identify Controller data (CNS 01h), parsed at the offsets of {@link IdentifyController}; component names are
 * nvme-cli's {@code id-ctrl} field names. {@link #raw()} gives all 4096 bytes.
 */
public record IdentifyControllerData(int vid, int ssvid, String sn, String mn, String fr, int rab, int ieee, int cmic,
                                     int mdts, int cntlid, int ver, int rtd3r, int rtd3e, int oaes, int ctratt,
                                     int cntrltype, int oacs, int acl, int aerl, int frmw, int lpa, int elpe, int npss,
                                     int avscc, int apsta, int wctemp, int cctemp, int kas, int sqes, int cqes,
                                     int maxcmd, int nn, int oncs, int fuses, int fna, int vwc, int awun, int awupf,
                                     int sgls, String subnqn, byte[] rawBytes) {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Parses 4096 bytes of Identify Controller data. */
    public static IdentifyControllerData parse(MemorySegment d) {
        if (d.byteSize() < IdentifyController.SIZE) {
            throw new IllegalArgumentException("identify controller data is " + d.byteSize() + " bytes, not 4096");
        }
        int ieee = u8(d, IdentifyController.IEEE) | u8(d, IdentifyController.IEEE + 1) << 8
                | u8(d, IdentifyController.IEEE + 2) << 16;
        return new IdentifyControllerData(
                u16(d, IdentifyController.VID), u16(d, IdentifyController.SSVID),
                Ascii.get(d, IdentifyController.SN, IdentifyController.SN_LENGTH),
                Ascii.get(d, IdentifyController.MN, IdentifyController.MN_LENGTH),
                Ascii.get(d, IdentifyController.FR, IdentifyController.FR_LENGTH),
                u8(d, IdentifyController.RAB), ieee, u8(d, IdentifyController.CMIC), u8(d, IdentifyController.MDTS),
                u16(d, IdentifyController.CNTLID), u32(d, IdentifyController.VER), u32(d, IdentifyController.RTD3R),
                u32(d, IdentifyController.RTD3E), u32(d, IdentifyController.OAES), u32(d, IdentifyController.CTRATT),
                u8(d, IdentifyController.CNTRLTYPE), u16(d, IdentifyController.OACS), u8(d, IdentifyController.ACL),
                u8(d, IdentifyController.AERL), u8(d, IdentifyController.FRMW), u8(d, IdentifyController.LPA),
                u8(d, IdentifyController.ELPE), u8(d, IdentifyController.NPSS), u8(d, IdentifyController.AVSCC),
                u8(d, IdentifyController.APSTA), u16(d, IdentifyController.WCTEMP), u16(d, IdentifyController.CCTEMP),
                u16(d, IdentifyController.KAS), u8(d, IdentifyController.SQES), u8(d, IdentifyController.CQES),
                u16(d, IdentifyController.MAXCMD), u32(d, IdentifyController.NN), u16(d, IdentifyController.ONCS),
                u16(d, IdentifyController.FUSES), u8(d, IdentifyController.FNA), u8(d, IdentifyController.VWC),
                u16(d, IdentifyController.AWUN), u16(d, IdentifyController.AWUPF), u32(d, IdentifyController.SGLS),
                Ascii.get(d, IdentifyController.SUBNQN, IdentifyController.SUBNQN_LENGTH).trim(),
                d.asSlice(0, IdentifyController.SIZE).toArray(ValueLayout.JAVA_BYTE));
    }

    /** A copy of the 4096 raw bytes. */
    public byte[] raw() {
        return rawBytes.clone();
    }

    /** The raw bytes as a read-only segment. */
    public MemorySegment rawSegment() {
        return MemorySegment.ofArray(rawBytes).asReadOnly();
    }

    public boolean supportsDoorbellBufferConfig() {
        return (oacs & IdentifyController.OACS_DBBUF_CONFIG) != 0;
    }

    public boolean supports(int oncsBit) {
        return (oncs & oncsBit) != 0;
    }

    @Override
    public byte[] rawBytes() {
        return rawBytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdentifyControllerData other && java.util.Arrays.equals(rawBytes, other.rawBytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(rawBytes);
    }

    @Override
    public String toString() {
        return "IdentifyController[vid=0x%04x sn=%s mn=%s fr=%s mdts=%d cntlid=%d ver=0x%x oacs=0x%x oncs=0x%x nn=%d]"
                .formatted(vid, sn, mn, fr, mdts, cntlid, ver, oacs, oncs, nn);
    }

    static int u8(MemorySegment d, long off) {
        return d.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
    }

    static int u16(MemorySegment d, long off) {
        return d.get(U16, off) & 0xFFFF;
    }

    static int u32(MemorySegment d, long off) {
        return d.get(U32, off);
    }
}
