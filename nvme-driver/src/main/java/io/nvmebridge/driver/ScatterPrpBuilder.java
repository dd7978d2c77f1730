package io.nvmebridge.driver;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Physical Region Page pointers for one command whose data is a scatter list of device address ranges, taken in
 * order as one buffer (Linux's vectored passthrough, {@code NVME_URING_CMD_IO_VEC}, mapped without a copy). Empty
 * ranges are skipped. PRPs can describe such a list only when, with memory page size P:
 *
 * <pre>
 *  the first non-empty range starts dword aligned               (PRP1 may have an offset)
 *  every other non-empty range starts on a page boundary        (list entries have no offset)
 *  every non-empty range but the last ends on a page boundary   (each page is used to its end)
 * </pre>
 *
 * — Linux's virt boundary rule for NVMe; a list that breaks it has to be bounced through one contiguous buffer by
 * the caller. A describable list touches the same pages as a contiguous buffer of the same length and start
 * offset, so its PRP list is no longer than {@link PrpBuilder}'s and fits the same per-command slot. Stateless and
 * allocation-free (plain arrays in, no slices): the hot path calls it per command.
 */
public final class ScatterPrpBuilder {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private ScatterPrpBuilder() {
    }

    /**
     * Total bytes of ranges {@code [0, count)}, or -1 when PRPs cannot describe them (the rules above), a length
     * is negative, the total overflows, or {@code count} is outside the arrays.
     */
    public static long describedLength(long[] addresses, long[] lengths, int count, int pageShift) {
        if (count < 0 || count > addresses.length || count > lengths.length) {
            return -1;
        }
        long pageMask = (1L << pageShift) - 1;
        long total = 0;
        boolean seenFirst = false;
        long previousEnd = 0; // end of the previous non-empty range
        for (int i = 0; i < count; i++) {
            long a = addresses[i];
            long len = lengths[i];
            if (len < 0 || len > Long.MAX_VALUE - total) {
                return -1;
            }
            if (len == 0) {
                continue;
            }
            if (!seenFirst) {
                if ((a & 3) != 0) {
                    return -1;
                }
                seenFirst = true;
            } else if ((previousEnd & pageMask) != 0 || (a & pageMask) != 0) {
                return -1;
            }
            previousEnd = a + len;
            total += len;
        }
        return total;
    }

    /** PRP1: the first byte of the first non-empty range, or 0 when every range is empty. */
    public static long prp1(long[] addresses, long[] lengths, int count) {
        for (int i = 0; i < count; i++) {
            if (lengths[i] != 0) {
                return addresses[i];
            }
        }
        return 0;
    }

    /**
     * Computes PRP2 for ranges the caller checked with {@link #describedLength}, writing the PRP list at
     * {@code listOffset} of {@code listBase} when one is needed.
     *
     * @param listCapacity bytes of the list slot
     * @param listAddress  device address of the slot's first byte
     * @return PRP2: 0, the second page's address, or {@code listAddress}
     * @throws IllegalArgumentException when the list does not fit the slot (a caller that bounds the total by
     *                                  {@link NvmeController#maxTransferBytes()} never sees it)
     */
    public static long prp2(long[] addresses, long[] lengths, int count, int pageShift, MemorySegment listBase,
                            long listOffset, long listCapacity, long listAddress) {
        long page = 1L << pageShift;
        int entries = 0;
        long firstEntry = 0;
        boolean first = true;
        for (int i = 0; i < count; i++) {
            long len = lengths[i];
            if (len == 0) {
                continue;
            }
            long a = addresses[i];
            long end = a + len;
            // PRP1 covers the first range's first page; every later page of every range is one entry
            for (long p = first ? (a & -page) + page : a; p < end; p += page) {
                if ((long) (entries + 1) * 8 > listCapacity) {
                    throw new IllegalArgumentException("PRP list of more than " + entries + " entries does not fit "
                            + listCapacity + " bytes");
                }
                if (entries == 0) {
                    firstEntry = p;
                }
                listBase.set(U64, listOffset + 8L * entries, p);
                entries++;
            }
            first = false;
        }
        // one page after PRP1's goes in PRP2 itself (the entry written to the slot is simply unused)
        return entries == 0 ? 0 : entries == 1 ? firstEntry : listAddress;
    }
}
