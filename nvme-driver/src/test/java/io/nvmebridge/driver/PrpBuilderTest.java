package io.nvmebridge.driver;

import io.nvmebridge.testsupport.Examples;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.Generate.longRange;
import static org.quicktheories.generators.Generate.range;

class PrpBuilderTest {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long LIST_ADDR = 0x7000_0000L;

    private final MemorySegment list = Arena.ofAuto().allocate(4096);

    @Test
    void shouldNeedNoPrp2WhenTransferFitsFirstPage() {
        assertThat(PrpBuilder.prp2(0x10000, 4096, 12, list, LIST_ADDR)).isZero();
        assertThat(PrpBuilder.prp2(0x10200, 512, 12, list, LIST_ADDR)).isZero();
        assertThat(PrpBuilder.prp2(0x10E00, 512, 12, list, LIST_ADDR)).isZero();
    }

    @Test
    void shouldPointPrp2AtSecondPageWhenTwoPagesSuffice() {
        assertThat(PrpBuilder.prp2(0x10000, 8192, 12, list, LIST_ADDR)).isEqualTo(0x11000);
        // unaligned start: 0x200 bytes in the first page, 4096 in the second
        assertThat(PrpBuilder.prp2(0x10E00, 4096 + 0x200, 12, list, LIST_ADDR)).isEqualTo(0x11000);
        // unaligned 4 KiB crosses into a second page
        assertThat(PrpBuilder.prp2(0x10200, 4096, 12, list, LIST_ADDR)).isEqualTo(0x11000);
    }

    @Test
    void shouldBuildListForThreeOrMorePages() {
        long prp2 = PrpBuilder.prp2(0x10000, 3 * 4096, 12, list, LIST_ADDR);
        assertThat(prp2).isEqualTo(LIST_ADDR);
        assertThat(list.get(U64, 0)).isEqualTo(0x11000);
        assertThat(list.get(U64, 8)).isEqualTo(0x12000);
        assertThat(PrpBuilder.listEntries(0x10000, 3 * 4096, 12)).isEqualTo(2);
    }

    @Test
    void shouldCountListEntriesForUnalignedStart() {
        // 0x100 bytes in the first page, then 2 full pages and 0x100 bytes: 3 list entries
        long len = 0x100 + 2 * 4096 + 0x100;
        assertThat(PrpBuilder.listEntries(0x10F00, len, 12)).isEqualTo(3);
        PrpBuilder.prp2(0x10F00, len, 12, list, LIST_ADDR);
        assertThat(list.get(U64, 16)).isEqualTo(0x13000);
    }

    @Test
    void shouldRejectListLargerThanItsSlot() {
        MemorySegment small = Arena.ofAuto().allocate(16);
        assertThatThrownBy(() -> PrpBuilder.prp2(0, 4 * 4096, 12, small, LIST_ADDR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 entries");
    }

    @Test
    void shouldCapMaxTransferAtOnePageOfEntries() {
        assertThat(PrpBuilder.maxTransfer(12)).isEqualTo(512L * 4096);
        // the worst case (unaligned) of maxTransfer still fits one page of entries
        assertThat(PrpBuilder.listEntries(0x10004, PrpBuilder.maxTransfer(12), 12)).isEqualTo(512);
    }

    /** Every byte of the transfer is covered exactly once by PRP1, PRP2 or the list, in order. */
    @Test
    void prpsShouldCoverTheTransferExactly() {
        Examples.atLeast(300).check(longRange(0, 1 << 20), range(1, 256 * 4096), (dwords, length) -> {
            long address = 0x100000L + dwords * 4;
            long page = 4096;
            long prp2 = PrpBuilder.prp2(address, length, 12, list, LIST_ADDR);
            long covered = Math.min(length, page - (address % page));
            long expectNext = address + covered;
            if (covered < length) {
                if (length - covered <= page) {
                    assertThat(prp2).isEqualTo(expectNext);
                } else {
                    assertThat(prp2).isEqualTo(LIST_ADDR);
                    int entries = PrpBuilder.listEntries(address, length, 12);
                    for (int i = 0; i < entries; i++) {
                        assertThat(list.get(U64, 8L * i)).isEqualTo(expectNext + i * page);
                    }
                    assertThat(covered + (long) entries * page).isGreaterThanOrEqualTo(length);
                    assertThat(covered + (long) (entries - 1) * page).isLessThan(length);
                }
            } else {
                assertThat(prp2).isZero();
            }
        });
    }
}
