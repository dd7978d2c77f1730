package io.nvmebridge.driver;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Physical Region Page pointers for one contiguous (in device address space) data buffer (NVMe 1.4 section
 * 4.3). With memory page size P and a buffer at device address {@code a} of {@code n} bytes:
 *
 * <pre>
 *  first = P - (a mod P)           bytes PRP1 covers (PRP1 may have any dword-aligned offset)
 *  n &lt;= first            PRP2 = 0
 *  n &lt;= first + P        PRP2 = the second page's address
 *  otherwise             PRP2 = address of a PRP list: entries page(a)+P, page(a)+2P, ..., one per remaining page
 * </pre>
 *
 * The list lives in one preallocated region per command (a tracker's list slot); it never crosses a memory page
 * boundary, so at most {@code P / 8} entries and no chained lists: {@link #maxTransfer(int)} is the resulting cap.
 * Stateless and allocation-free: the hot path calls it per command.
 */
public final class PrpBuilder {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private PrpBuilder() {
    }

    /** Number of PRP list entries a transfer needs (0 when PRP1/PRP2 suffice). */
    public static int listEntries(long address, long length, int pageShift) {
        long page = 1L << pageShift;
        long first = page - (address & (page - 1));
        if (length <= first + page) {
            return 0;
        }
        return (int) ((length - first + page - 1) >>> pageShift);
    }

    /** The largest transfer whose list fits one page of entries, for any start offset. */
    public static long maxTransfer(int pageShift) {
        // an unaligned buffer of (P/8) * P bytes touches P/8 + 1 pages: PRP1 plus P/8 list entries
        return (1L << pageShift) / 8 * (1L << pageShift);
    }

    /**
     * Computes PRP2 for a transfer, writing the PRP list when one is needed.
     *
     * @param address     device address of the first data byte (dword aligned)
     * @param length      bytes, at least 1
     * @param pageShift   log2 of the controller memory page size (CC.MPS + 12)
     * @param list        where the list goes when needed; at least {@code listEntries * 8} bytes
     * @param listAddress device address of {@code list}'s first byte
     * @return PRP2 (0, a page address, or {@code listAddress}); PRP1 is {@code address} itself
     * @throws IllegalArgumentException when the list does not fit {@code list}
     */
    public static long prp2(long address, long length, int pageShift, MemorySegment list, long listAddress) {
        return prp2(address, length, pageShift, list, 0, list.byteSize(), listAddress);
    }

    /**
     * As {@link #prp2(long, long, int, MemorySegment, long)} with the list at {@code listOffset} of
     * {@code listBase}, {@code listCapacity} bytes long (no slice is made: the hot path allocates nothing).
     */
    public static long prp2(long address, long length, int pageShift, MemorySegment listBase, long listOffset,
                            long listCapacity, long listAddress) {
        long page = 1L << pageShift;
        long first = page - (address & (page - 1));
        if (length <= first) {
            return 0;
        }
        long second = address + first;
        if (length <= first + page) {
            return second;
        }
        int entries = (int) ((length - first + page - 1) >>> pageShift);
        if ((long) entries * 8 > listCapacity) {
            throw new IllegalArgumentException("PRP list of " + entries + " entries does not fit " + listCapacity + " bytes");
        }
        long p = second;
        for (int i = 0; i < entries; i++) {
            listBase.set(U64, listOffset + 8L * i, p);
            p += page;
        }
        return listAddress;
    }
}
