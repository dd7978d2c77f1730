package io.nvmebridge.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.Generate.longRange;
import static org.quicktheories.generators.Generate.range;
import static org.quicktheories.generators.SourceDSL.lists;

import io.nvmebridge.testsupport.Examples;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScatterPrpBuilderTest {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long LIST_ADDR = 0x7000_0000L;
    private static final int SHIFT = 12;
    private static final long PAGE = 4096;

    private final MemorySegment list = Arena.ofAuto().allocate(4096);

    private static long[] a(long... v) {
        return v;
    }

    @Test
    void shouldDescribePageAlignedRangesAndSumTheirLengths() {
        long[] addr = a(0x10000, 0x30000, 0x50000);
        long[] len = a(4096, 8192, 4096);
        assertThat(ScatterPrpBuilder.describedLength(addr, len, 3, SHIFT)).isEqualTo(16384);
    }

    @Test
    void shouldAllowAnOffsetOnlyAtTheStartOfTheFirstRangeAndAShortEndOnlyOnTheLast() {
        // first range starts mid-page and ends on a boundary, last range starts on one and ends anywhere
        assertThat(ScatterPrpBuilder.describedLength(a(0x10E00, 0x30000), a(0x200, 100), 2, SHIFT)).isEqualTo(0x200 + 100);
        // first range not dword aligned
        assertThat(ScatterPrpBuilder.describedLength(a(0x10E02, 0x30000), a(0x1FE, 4096), 2, SHIFT)).isEqualTo(-1);
        // a later range starts mid-page
        assertThat(ScatterPrpBuilder.describedLength(a(0x10000, 0x30200), a(4096, 512), 2, SHIFT)).isEqualTo(-1);
        // a range before the last ends mid-page
        assertThat(ScatterPrpBuilder.describedLength(a(0x10000, 0x30000), a(512, 4096), 2, SHIFT)).isEqualTo(-1);
        // one range alone may start and end anywhere dword aligned
        assertThat(ScatterPrpBuilder.describedLength(a(0x10004), a(10000), 1, SHIFT)).isEqualTo(10000);
    }

    @Test
    void shouldSkipEmptyRangesWhenApplyingTheRules() {
        // the empty ranges' odd addresses do not matter; the first non-empty range may have an offset
        long[] addr = a(0x3, 0x10E00, 0x5, 0x30000, 0x7);
        long[] len = a(0, 0x200, 0, 4096, 0);
        assertThat(ScatterPrpBuilder.describedLength(addr, len, 5, SHIFT)).isEqualTo(0x200 + 4096);
        assertThat(ScatterPrpBuilder.prp1(addr, len, 5)).isEqualTo(0x10E00);
        assertThat(ScatterPrpBuilder.prp2(addr, len, 5, SHIFT, list, 0, list.byteSize(), LIST_ADDR)).isEqualTo(0x30000);
    }

    @Test
    void shouldRejectNegativeLengthsOverflowAndCountsOutsideTheArrays() {
        assertThat(ScatterPrpBuilder.describedLength(a(0x10000), a(-1), 1, SHIFT)).isEqualTo(-1);
        assertThat(ScatterPrpBuilder.describedLength(a(0x10000, 0x20000), a(Long.MAX_VALUE - 4095, 4096), 2, SHIFT))
                .isEqualTo(-1);
        assertThat(ScatterPrpBuilder.describedLength(a(0x10000), a(4096), 2, SHIFT)).isEqualTo(-1);
        assertThat(ScatterPrpBuilder.describedLength(a(0x10000), a(4096), -1, SHIFT)).isEqualTo(-1);
    }

    @Test
    void shouldNeedNoDataPointersForNoDataAndOnlyPrp1ForOnePage() {
        assertThat(ScatterPrpBuilder.describedLength(a(), a(), 0, SHIFT)).isZero();
        assertThat(ScatterPrpBuilder.prp1(a(0x10000), a(0), 1)).isZero();
        assertThat(ScatterPrpBuilder.prp2(a(0x10000), a(0), 1, SHIFT, list, 0, list.byteSize(), LIST_ADDR)).isZero();
        assertThat(ScatterPrpBuilder.prp2(a(0x10000), a(4096), 1, SHIFT, list, 0, list.byteSize(), LIST_ADDR)).isZero();
    }

    @Test
    void shouldListEveryPageAfterPrp1InRangeOrder() {
        long[] addr = a(0x10F00, 0x40000, 0x20000);
        long[] len = a(0x100, 8192, 100);
        long prp2 = ScatterPrpBuilder.prp2(addr, len, 3, SHIFT, list, 0, list.byteSize(), LIST_ADDR);
        assertThat(prp2).isEqualTo(LIST_ADDR);
        assertThat(list.get(U64, 0)).isEqualTo(0x40000);
        assertThat(list.get(U64, 8)).isEqualTo(0x41000);
        assertThat(list.get(U64, 16)).isEqualTo(0x20000);
    }

    @Test
    void shouldRejectAListLargerThanItsSlot() {
        assertThatThrownBy(() -> ScatterPrpBuilder.prp2(a(0x10000, 0x20000), a(4096, 3 * 4096), 2, SHIFT,
                list, 0, 16, LIST_ADDR)).isInstanceOf(IllegalArgumentException.class);
    }

    /** One range is a contiguous buffer: the same PRP2 and list as {@link PrpBuilder}'s. */
    @Test
    void oneRangeShouldGetTheSamePrpsAsAContiguousBuffer() {
        Examples.atLeast(200).check(longRange(0, 1 << 20), range(1, 256 * 4096), (dwords, length) -> {
            long address = 0x100000L + dwords * 4;
            MemorySegment expected = Arena.ofAuto().allocate(4096);
            long want = PrpBuilder.prp2(address, length, SHIFT, expected, LIST_ADDR);
            long got = ScatterPrpBuilder.prp2(a(address), a(length), 1, SHIFT, list, 0, list.byteSize(), LIST_ADDR);
            assertThat(got).isEqualTo(want);
            int entries = PrpBuilder.listEntries(address, length, SHIFT);
            assertThat(list.asSlice(0, 8L * entries).mismatch(expected.asSlice(0, 8L * entries))).isEqualTo(-1);
        });
    }

    /**
     * Describable ranges (whole pages in the middle, an offset first, a short last) walked the way a device walks
     * PRPs name exactly the ranges' bytes, in order, and need no more list entries than a contiguous buffer.
     */
    @Test
    void prpsOfDescribableRangesShouldCoverExactlyTheirBytesInOrder() {
        Examples.atLeast(300).check(lists().of(range(0, 6)).ofSizeBetween(1, 8), range(0, 1023), range(0, 4096),
                this::describableRangesAreCoveredInOrder);
    }

    private void describableRangesAreCoveredInOrder(List<Integer> middlePages, int firstOffsetDwords, int lastBytes) {
        int n = middlePages.size();
        long[] addr = new long[n + 1];
        long[] len = new long[n + 1];
        // ranges placed far apart, in descending addresses, so only the PRPs can put them in order
        for (int i = 0; i < n; i++) {
            addr[i] = 0x4000_0000L - 0x10_0000L * i;
            len[i] = middlePages.get(i) * PAGE;
        }
        addr[0] += firstOffsetDwords * 4L;
        len[0] = len[0] == 0 ? 0 : len[0] - firstOffsetDwords * 4L;
        addr[n] = 0x100000L;
        len[n] = lastBytes;
        long total = ScatterPrpBuilder.describedLength(addr, len, n + 1, SHIFT);
        assertThat(total).isGreaterThanOrEqualTo(0);
        if (total == 0) {
            return;
        }
        long prp1 = ScatterPrpBuilder.prp1(addr, len, n + 1);
        long prp2 = ScatterPrpBuilder.prp2(addr, len, n + 1, SHIFT, list, 0, list.byteSize(), LIST_ADDR);
        List<long[]> walked = walk(prp1, prp2, total);
        List<long[]> expected = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            for (long b = 0; b < len[i]; ) {
                long piece = Math.min(len[i] - b, PAGE - ((addr[i] + b) & (PAGE - 1)));
                expected.add(new long[] {addr[i] + b, piece});
                b += piece;
            }
        }
        assertThat(walked).usingElementComparator((x, y) -> x[0] == y[0] && x[1] == y[1] ? 0 : 1)
                .containsExactlyElementsOf(expected);
        assertThat(walked.size() - 1).isLessThanOrEqualTo(Math.max(1, PrpBuilder.listEntries(prp1, total, SHIFT)));
    }

    /** The (address, length) pieces a device reads for {@code total} bytes from PRP1/PRP2 (one list page). */
    private List<long[]> walk(long prp1, long prp2, long total) {
        List<long[]> pieces = new ArrayList<>();
        long first = Math.min(total, PAGE - (prp1 & (PAGE - 1)));
        pieces.add(new long[] {prp1, first});
        long left = total - first;
        if (left == 0) {
            assertThat(prp2).isZero();
        } else if (left <= PAGE) {
            assertThat(prp2 & (PAGE - 1)).isZero();
            pieces.add(new long[] {prp2, left});
        } else {
            assertThat(prp2).isEqualTo(LIST_ADDR);
            for (int i = 0; left > 0; i++) {
                long entry = list.get(U64, 8L * i);
                assertThat(entry & (PAGE - 1)).as("list entries have no offset").isZero();
                long piece = Math.min(left, PAGE);
                pieces.add(new long[] {entry, piece});
                left -= piece;
            }
        }
        return pieces;
    }
}
