package io.nvmebridge.emulator;

import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.device.DmaBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static io.nvmebridge.emulator.TestHost.Command;
import static org.assertj.core.api.Assertions.assertThat;

class PrpTest {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int PAGE = 4096;
    private TestHost h;
    private TestHost.QueuePair q;
    /** Data written at LBA 0.. of the 512-byte namespace for reads to check against. */
    private byte[] disk;

    @BeforeEach
    void start() {
        h = TestHost.started(EmulatorConfig.builder().namespace(NamespaceConfig.ram(1, 8192, 512)).build());
        q = h.createIoQueuePair(1, 8);
        // 1 MiB of pattern written with a 256-entry list (tested separately below)
        disk = new byte[1 << 20];
        for (int i = 0; i < disk.length; i++) {
            disk[i] = (byte) (i * 7 + i / 4096);
        }
        for (int chunk = 0; chunk < 8; chunk++) {
            DmaBuffer b = h.buffer(128 * 1024);
            MemorySegment.copy(MemorySegment.ofArray(disk), chunk * 131072L, b.segment(), 0, 131072);
            DmaBuffer list = h.buffer(PAGE);
            for (int p = 1; p < 32; p++) {
                list.segment().set(U64, 8L * (p - 1), b.deviceAddress((long) p * PAGE));
            }
            assertThat(q.submit(Command.rw(NvmOpcode.WRITE, 1, chunk * 256L, 256).data(b).prp2(list.deviceAddress())).status())
                    .isZero();
        }
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /** Reads {@code bytes} from LBA 0 through the given PRPs; returns the status. */
    private int read(int bytes, long prp1, long prp2) {
        return q.submit(Command.rw(NvmOpcode.READ, 1, 0, bytes / 512).prp1(prp1).prp2(prp2)).status();
    }

    private void assertBytes(MemorySegment s, long at, int diskOffset, int length) {
        byte[] got = s.asSlice(at, length).toArray(ValueLayout.JAVA_BYTE);
        byte[] want = java.util.Arrays.copyOfRange(disk, diskOffset, diskOffset + length);
        assertThat(got).isEqualTo(want);
    }

    @Test
    void shouldHonourOffsetInFirstPage() {
        DmaBuffer b = h.buffer(2 * PAGE);
        assertThat(read(1024, b.deviceAddress() + 512, 0)).isZero();
        assertBytes(b.segment(), 512, 0, 1024);
    }

    @Test
    void shouldUsePrp2AsSecondPageWhenOffsetFirstPageSpills() {
        DmaBuffer first = h.buffer(PAGE);
        DmaBuffer second = h.buffer(PAGE);
        assertThat(read(4096, first.deviceAddress() + 3072, second.deviceAddress())).isZero();
        assertBytes(first.segment(), 3072, 0, 1024);
        assertBytes(second.segment(), 0, 1024, 3072);
    }

    @Test
    void shouldUsePrp2DirectForTwoPageTransfer() {
        DmaBuffer first = h.buffer(PAGE);
        DmaBuffer second = h.buffer(PAGE);
        assertThat(read(8192, first.deviceAddress(), second.deviceAddress())).isZero();
        assertBytes(first.segment(), 0, 0, PAGE);
        assertBytes(second.segment(), 0, PAGE, PAGE);
    }

    @Test
    void shouldRejectMisalignedPrp2() {
        DmaBuffer b = h.buffer(2 * PAGE);
        assertThat(read(8192, b.deviceAddress(), b.deviceAddress() + PAGE + 8)).isEqualTo(Status.PRP_INVALID_OFFSET | Status.DNR);
    }

    @Test
    void shouldFollowPrpListWithScatteredPages() {
        DmaBuffer list = h.buffer(PAGE);
        DmaBuffer[] pages = new DmaBuffer[5];
        for (int i = 0; i < 5; i++) {
            pages[i] = h.buffer(PAGE);
        }
        for (int i = 1; i < 5; i++) {
            list.segment().set(U64, 8L * (i - 1), pages[i].deviceAddress());
        }
        assertThat(read(5 * PAGE, pages[0].deviceAddress(), list.deviceAddress())).isZero();
        for (int i = 0; i < 5; i++) {
            assertBytes(pages[i].segment(), 0, i * PAGE, PAGE);
        }
    }

    @Test
    void shouldAcceptListStartingAtOffsetInItsPage() {
        DmaBuffer list = h.buffer(PAGE);
        DmaBuffer data = h.buffer(3 * PAGE);
        list.segment().set(U64, 4000, data.deviceAddress(PAGE));
        list.segment().set(U64, 4008, data.deviceAddress(2 * PAGE));
        assertThat(read(3 * PAGE, data.deviceAddress(), list.deviceAddress() + 4000)).isZero();
        assertBytes(data.segment(), 0, 0, 3 * PAGE);
    }

    @Test
    void shouldFollowChainedListPages() {
        try (TestHost big = TestHost.started(EmulatorConfig.builder().mdts(0)
                .namespace(NamespaceConfig.ram(1, 2048, 4096)).build())) {
            TestHost.QueuePair io = big.createIoQueuePair(1, 4);
            int pages = 600; // PRP1 + 599 entries: 511 in the first list page + pointer, 88 in the second
            DmaBuffer data = big.buffer((long) pages * PAGE);
            TestHost.fill(data.segment(), 42);
            DmaBuffer list1 = big.buffer(PAGE);
            DmaBuffer list2 = big.buffer(PAGE);
            for (int i = 0; i < 511; i++) {
                list1.segment().set(U64, 8L * i, data.deviceAddress((long) (i + 1) * PAGE));
            }
            list1.segment().set(U64, 8L * 511, list2.deviceAddress());
            for (int i = 0; i < pages - 512; i++) {
                list2.segment().set(U64, 8L * i, data.deviceAddress((long) (i + 512) * PAGE));
            }
            assertThat(io.submit(Command.rw(NvmOpcode.WRITE, 1, 0, pages).data(data).prp2(list1.deviceAddress())).status()).isZero();
            DmaBuffer back = big.buffer((long) pages * PAGE);
            DmaBuffer l1 = big.buffer(PAGE);
            DmaBuffer l2 = big.buffer(PAGE);
            for (int i = 0; i < 511; i++) {
                l1.segment().set(U64, 8L * i, back.deviceAddress((long) (i + 1) * PAGE));
            }
            l1.segment().set(U64, 8L * 511, l2.deviceAddress());
            for (int i = 0; i < pages - 512; i++) {
                l2.segment().set(U64, 8L * i, back.deviceAddress((long) (i + 512) * PAGE));
            }
            assertThat(io.submit(Command.rw(NvmOpcode.READ, 1, 0, pages).data(back).prp2(l1.deviceAddress())).status()).isZero();
            assertThat(back.segment().mismatch(data.segment())).isEqualTo(-1);
            // a misaligned chain pointer is an invalid offset
            l1.segment().set(U64, 8L * 511, l2.deviceAddress() + 8);
            assertThat(io.submit(Command.rw(NvmOpcode.READ, 1, 0, pages).data(back).prp2(l1.deviceAddress())).status())
                    .isEqualTo(Status.PRP_INVALID_OFFSET | Status.DNR);
        }
    }

    @Test
    void shouldRejectMisalignedListEntry() {
        DmaBuffer list = h.buffer(PAGE);
        DmaBuffer data = h.buffer(3 * PAGE);
        list.segment().set(U64, 0, data.deviceAddress(PAGE));
        list.segment().set(U64, 8, data.deviceAddress(2 * PAGE) + 512);
        assertThat(read(3 * PAGE, data.deviceAddress(), list.deviceAddress())).isEqualTo(Status.PRP_INVALID_OFFSET | Status.DNR);
    }

    @Test
    void shouldReportUnmappedAddressesAsDataTransferError() {
        DmaBuffer b = h.buffer(PAGE);
        assertThat(read(512, 0, 0)).isEqualTo(Status.DATA_TRANSFER_ERROR);
        assertThat(read(512, 0xFFFF_FFFF_FFFF_F000L, 0)).isEqualTo(Status.DATA_TRANSFER_ERROR);
        assertThat(read(8192, b.deviceAddress(), 0x1000)).isEqualTo(Status.DATA_TRANSFER_ERROR);
        assertThat(read(3 * PAGE, b.deviceAddress(), 0x2000)).isEqualTo(Status.DATA_TRANSFER_ERROR);
        DmaBuffer list = h.buffer(PAGE);
        list.segment().set(U64, 0, 0x3000);
        list.segment().set(U64, 8, 0x4000);
        assertThat(read(3 * PAGE, b.deviceAddress(), list.deviceAddress())).isEqualTo(Status.DATA_TRANSFER_ERROR);
        long end = h.mem.windows().getFirst().busEnd();
        assertThat(read(8192, end - PAGE, end)).isEqualTo(Status.DATA_TRANSFER_ERROR);
    }
}
