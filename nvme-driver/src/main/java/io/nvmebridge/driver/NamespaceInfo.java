package io.nvmebridge.driver;

import io.nvmebridge.spec.admin.IdentifyNamespace;
import io.nvmebridge.spec.admin.LbaFormat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One active namespace, from Identify Namespace (CNS 00h).
 *
 * @param nsid         namespace ID
 * @param size         NSZE, in logical blocks
 * @param capacity     NCAP, in logical blocks
 * @param utilization  NUSE, in logical blocks
 * @param flbas        FLBAS byte
 * @param lbaSize      bytes per logical block of the format in use
 * @param metadataSize metadata bytes per block of the format in use
 * @param nsfeat       NSFEAT
 * @param dlfeat       DLFEAT
 * @param rawBytes     the 4096 identify bytes
 */
public record NamespaceInfo(int nsid, long size, long capacity, long utilization, int flbas, int lbaSize,
                            int metadataSize, int nsfeat, int dlfeat, byte[] rawBytes) {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Parses Identify Namespace data; an LBA data size outside 2^9..2^16 is rejected as corrupt. */
    public static NamespaceInfo parse(int nsid, MemorySegment d) {
        if (d.byteSize() < IdentifyNamespace.SIZE) {
            throw new IllegalArgumentException("identify namespace data is " + d.byteSize() + " bytes, not 4096");
        }
        int flbas = d.get(ValueLayout.JAVA_BYTE, IdentifyNamespace.FLBAS) & 0xFF;
        int format = flbas & IdentifyNamespace.FLBAS_FORMAT_MASK;
        int lbaf = IdentifyNamespace.lbaf(format);
        int lbads = d.get(ValueLayout.JAVA_BYTE, lbaf + LbaFormat.LBADS) & 0xFF;
        int ms = d.get(U16, lbaf + LbaFormat.MS) & 0xFFFF;
        if (lbads < 9 || lbads > 16) {
            throw new NvmeException("namespace " + nsid + ": LBA format " + format + " has LBADS " + lbads
                    + " (block size must be 512 B..64 KiB)");
        }
        return new NamespaceInfo(nsid, d.get(U64, IdentifyNamespace.NSZE), d.get(U64, IdentifyNamespace.NCAP),
                d.get(U64, IdentifyNamespace.NUSE), flbas, 1 << lbads, ms,
                d.get(ValueLayout.JAVA_BYTE, IdentifyNamespace.NSFEAT) & 0xFF,
                d.get(ValueLayout.JAVA_BYTE, IdentifyNamespace.DLFEAT) & 0xFF,
                d.asSlice(0, IdentifyNamespace.SIZE).toArray(ValueLayout.JAVA_BYTE));
    }

    /** log2 of {@link #lbaSize()}. */
    public int lbaShift() {
        return Integer.numberOfTrailingZeros(lbaSize);
    }

    /** Size in bytes. */
    public long sizeBytes() {
        return size << lbaShift();
    }

    public byte[] raw() {
        return rawBytes.clone();
    }

    @Override
    public byte[] rawBytes() {
        return rawBytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamespaceInfo n && n.nsid == nsid && Arrays.equals(rawBytes, n.rawBytes);
    }

    @Override
    public int hashCode() {
        return 31 * nsid + Arrays.hashCode(rawBytes);
    }

    @Override
    public String toString() {
        return "Namespace[nsid=%d size=%d blocks lbaSize=%d flbas=0x%x]".formatted(nsid, size, lbaSize, flbas);
    }
}
