package io.nvmebridge.emulator;

import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.admin.NvmCommands;
import io.nvmebridge.spec.device.DmaBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static io.nvmebridge.emulator.TestHost.Command;
import static org.assertj.core.api.Assertions.assertThat;

class NvmCommandTest {
    private TestHost h;
    private TestHost.QueuePair q;

    @BeforeEach
    void start() {
        h = TestHost.started(EmulatorConfig.builder()
                .namespace(NamespaceConfig.ram(1, 4096, 512))
                .namespace(NamespaceConfig.ram(2, 64, 4096))
                .namespace(NamespaceConfig.nullDevice(3, 1 << 20, 512))
                .namespace(NamespaceConfig.nullNoData(4, 1 << 20, 4096))
                .build());
        q = h.createIoQueuePair(1, 16);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private int status(Command c) {
        return q.submit(c).status();
    }

    @Test
    void shouldReadBackWhatWasWrittenOn4kNamespace() {
        DmaBuffer out = h.pattern(8192, 3);
        assertThat(h.write(q, 2, 10, 2, out).status()).isZero();
        DmaBuffer in = h.buffer(8192);
        assertThat(h.read(q, 2, 10, 2, in).status()).isZero();
        assertThat(in.segment().mismatch(out.segment())).isEqualTo(-1);
    }

    @Test
    void shouldReadZeroesFromNullNamespaceAndDiscardWrites() {
        DmaBuffer out = h.pattern(4096, 1);
        assertThat(h.write(q, 3, 0, 8, out).status()).isZero();
        DmaBuffer in = h.pattern(4096, 9);
        assertThat(h.read(q, 3, 0, 8, in).status()).isZero();
        assertThat(in.segment().mismatch(MemorySegment.ofArray(new byte[4096]))).isEqualTo(-1);
    }

    @Test
    void shouldLeaveReadBufferUntouchedOnNullNoDataNamespaceButStillCheckRangeAndPrps() {
        DmaBuffer in = h.pattern(8192, 9);
        DmaBuffer before = h.pattern(8192, 9);
        assertThat(h.write(q, 4, 0, 2, in).status()).isZero();
        assertThat(h.read(q, 4, 5, 2, in).status()).isZero();
        assertThat(in.segment().mismatch(before.segment())).isEqualTo(-1);
        assertThat(h.read(q, 4, (1 << 20) - 1, 2, in).status()).isEqualTo(Status.LBA_OUT_OF_RANGE | Status.DNR);
        assertThat(status(Command.rw(NvmOpcode.READ, 4, 0, 1).prp1(0x7FFF_FFFF_F000L)))
                .isEqualTo(Status.DATA_TRANSFER_ERROR);
    }

    @Test
    void shouldRejectOutOfRangeLbas() {
        DmaBuffer b = h.buffer(8192);
        assertThat(h.read(q, 1, 4095, 2, b).status()).isEqualTo(Status.LBA_OUT_OF_RANGE | Status.DNR);
        assertThat(h.write(q, 1, 4096, 1, b).status()).isEqualTo(Status.LBA_OUT_OF_RANGE | Status.DNR);
        assertThat(h.read(q, 1, -1L, 1, b).status()).isEqualTo(Status.LBA_OUT_OF_RANGE | Status.DNR);
        assertThat(h.read(q, 1, 4095, 1, b).status()).isZero();
        assertThat(status(Command.rw(NvmOpcode.WRITE_ZEROES, 1, 4000, 97))).isEqualTo(Status.LBA_OUT_OF_RANGE | Status.DNR);
    }

    @Test
    void shouldRejectInvalidAndInactiveNamespaces() {
        DmaBuffer b = h.buffer(4096);
        assertThat(h.read(q, 0, 0, 1, b).status()).isEqualTo(Status.INVALID_NAMESPACE | Status.DNR);
        assertThat(h.read(q, 300, 0, 1, b).status()).isEqualTo(Status.INVALID_NAMESPACE | Status.DNR);
        assertThat(h.read(q, 7, 0, 1, b).status()).isEqualTo(Status.INVALID_FIELD | Status.DNR);
        assertThat(h.read(q, -1, 0, 1, b).status()).isEqualTo(Status.INVALID_FIELD | Status.DNR);
    }

    @Test
    void shouldRejectUnknownOpcodeFusedAndSgl() {
        assertThat(status(Command.of(0x7F).nsid(1))).isEqualTo(Status.INVALID_OPCODE | Status.DNR);
        assertThat(status(Command.of(NvmOpcode.VERIFY).nsid(1))).isEqualTo(Status.INVALID_OPCODE | Status.DNR);
        DmaBuffer b = h.buffer(4096);
        assertThat(status(Command.rw(NvmOpcode.READ, 1, 0, 1).data(b).flags(0x01))).isEqualTo(Status.INVALID_FIELD);
        assertThat(status(Command.rw(NvmOpcode.READ, 1, 0, 1).data(b).flags(0x40))).isEqualTo(Status.INVALID_FIELD | Status.DNR);
    }

    @Test
    void shouldEnforceMdts() {
        // MDTS 7 with 4 KiB pages: 512 KiB; 1025 blocks of 512 bytes exceed it
        assertThat(status(Command.rw(NvmOpcode.READ, 3, 0, 1025).prp1(h.buffer(4096).deviceAddress())))
                .isEqualTo(Status.INVALID_FIELD | Status.DNR);
        assertThat(status(Command.rw(NvmOpcode.WRITE, 3, 0, 1025).prp1(h.buffer(4096).deviceAddress())))
                .isEqualTo(Status.INVALID_FIELD | Status.DNR);
    }

    @Test
    void shouldNotLimitTransfersWhenMdtsIsZero() {
        try (TestHost big = TestHost.started(EmulatorConfig.builder().mdts(0)
                .namespace(NamespaceConfig.nullDevice(1, 1 << 20, 4096)).build())) {
            TestHost.QueuePair io = big.createIoQueuePair(1, 4);
            int pages = 256; // 1 MiB
            DmaBuffer data = big.buffer((long) pages * 4096);
            DmaBuffer list = big.buffer(4096);
            for (int i = 1; i < pages; i++) {
                list.segment().set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8L * (i - 1),
                        data.deviceAddress((long) i * 4096));
            }
            assertThat(io.submit(Command.rw(NvmOpcode.READ, 1, 0, pages).data(data).prp2(list.deviceAddress())).status()).isZero();
        }
    }

    @Test
    void shouldFlushOneOrAllNamespaces() {
        assertThat(status(Command.of(NvmOpcode.FLUSH).nsid(1))).isZero();
        assertThat(status(Command.of(NvmOpcode.FLUSH).nsid(NvmCommands.NSID_ALL))).isZero();
        assertThat(status(Command.of(NvmOpcode.FLUSH).nsid(9))).isEqualTo(Status.INVALID_FIELD | Status.DNR);
    }

    @Test
    void shouldWriteZeroes() {
        DmaBuffer out = h.pattern(4096, 5);
        assertThat(h.write(q, 1, 8, 8, out).status()).isZero();
        assertThat(status(Command.rw(NvmOpcode.WRITE_ZEROES, 1, 10, 2))).isZero();
        DmaBuffer in = h.buffer(4096);
        assertThat(h.read(q, 1, 8, 8, in).status()).isZero();
        MemorySegment s = in.segment();
        assertThat(s.asSlice(0, 1024).mismatch(out.segment().asSlice(0, 1024))).isEqualTo(-1);
        assertThat(s.asSlice(1024, 1024).mismatch(MemorySegment.ofArray(new byte[1024]))).isEqualTo(-1);
        assertThat(s.asSlice(2048, 2048).mismatch(out.segment().asSlice(2048, 2048))).isEqualTo(-1);
    }

    @Test
    void shouldDeallocateRangesSoTheyReadZero() {
        DmaBuffer out = h.pattern(8192, 5);
        assertThat(h.write(q, 1, 0, 16, out).status()).isZero();
        DmaBuffer ranges = h.buffer(4096);
        MemorySegment r = ranges.segment();
        var u32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        var u64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        r.set(u32, NvmCommands.DSM_RANGE_LENGTH, 2);
        r.set(u64, NvmCommands.DSM_RANGE_SLBA, 1);
        r.set(u32, 16 + NvmCommands.DSM_RANGE_LENGTH, 1);
        r.set(u64, 16 + NvmCommands.DSM_RANGE_SLBA, 10);
        assertThat(status(Command.of(NvmOpcode.DATASET_MANAGEMENT).nsid(1).data(ranges).cdw(10, 1)
                .cdw(11, NvmCommands.DSM_ATTR_DEALLOCATE))).isZero();
        DmaBuffer in = h.buffer(8192);
        assertThat(h.read(q, 1, 0, 16, in).status()).isZero();
        byte[] expected = out.segment().toArray(ValueLayout.JAVA_BYTE);
        java.util.Arrays.fill(expected, 512, 1536, (byte) 0);
        java.util.Arrays.fill(expected, 5120, 5632, (byte) 0);
        assertThat(in.segment().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(expected);
        // as QEMU: a range past the end is skipped, the others are still deallocated, the command succeeds
        r.set(u64, 16 + NvmCommands.DSM_RANGE_SLBA, 4095);
        r.set(u32, 16 + NvmCommands.DSM_RANGE_LENGTH, 2);
        r.set(u64, NvmCommands.DSM_RANGE_SLBA, 12);
        assertThat(status(Command.of(NvmOpcode.DATASET_MANAGEMENT).nsid(1).data(ranges).cdw(10, 1)
                .cdw(11, NvmCommands.DSM_ATTR_DEALLOCATE))).isZero();
        java.util.Arrays.fill(expected, 12 * 512, 14 * 512, (byte) 0);
        assertThat(h.read(q, 1, 0, 16, in).status()).isZero();
        assertThat(in.segment().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(expected);
        // hints only: success, nothing deallocated
        assertThat(status(Command.of(NvmOpcode.DATASET_MANAGEMENT).nsid(1).data(ranges).cdw(10, 1)
                .cdw(11, NvmCommands.DSM_ATTR_IDR))).isZero();
    }

    @Test
    void shouldCompareEqualAndReportMismatch() {
        DmaBuffer out = h.pattern(4096, 11);
        assertThat(h.write(q, 1, 100, 8, out).status()).isZero();
        assertThat(status(Command.rw(NvmOpcode.COMPARE, 1, 100, 8).data(out))).isZero();
        out.segment().set(ValueLayout.JAVA_BYTE, 4000, (byte) 0x55);
        assertThat(status(Command.rw(NvmOpcode.COMPARE, 1, 100, 8).data(out))).isEqualTo(Status.COMPARE_FAILURE);
        assertThat(status(Command.rw(NvmOpcode.COMPARE, 1, 4095, 2).data(out))).isEqualTo(Status.LBA_OUT_OF_RANGE | Status.DNR);
        DmaBuffer zeroes = h.buffer(4096);
        assertThat(status(Command.rw(NvmOpcode.COMPARE, 3, 0, 8).data(zeroes))).isZero();
    }

    @Test
    void shouldReportSqHeadAndSqidInCompletions() {
        DmaBuffer b = h.buffer(4096);
        TestHost.Completion c1 = h.read(q, 1, 0, 1, b);
        TestHost.Completion c2 = h.read(q, 1, 0, 1, b);
        assertThat(c1.sqid()).isEqualTo(1);
        assertThat(c1.sqhd()).isEqualTo(1);
        assertThat(c2.sqhd()).isEqualTo(2);
    }

    @Test
    void shouldWrapQueuesAndFlipPhase() {
        DmaBuffer b = h.buffer(4096);
        for (int i = 0; i < 100; i++) {
            assertThat(h.read(q, 1, i, 1, b).status()).isZero();
        }
    }

    @Test
    void shouldStopFetchingWhenCqIsFullAndResumeWhenHeadAdvances() {
        // 16-entry CQ holds 15; submit 20 without consuming
        DmaBuffer b = h.buffer(4096);
        for (int i = 0; i < 15; i++) {
            q.push(Command.rw(NvmOpcode.READ, 1, 0, 1).data(b));
        }
        q.ringSq();
        // read CQEs directly without ringing the CQ doorbell
        MemorySegment cq = q.cq.segment();
        for (int i = 0; i < 15; i++) {
            assertThat(cq.get(ValueLayout.JAVA_SHORT_UNALIGNED, i * 16L + 14) & 1).isEqualTo(1);
        }
        assertThat(cq.get(ValueLayout.JAVA_SHORT_UNALIGNED, 15 * 16L + 14) & 1).isEqualTo(0);
        // the next command stays in the SQ while the CQ is full
        q.push(Command.rw(NvmOpcode.READ, 1, 0, 1).data(b));
        q.ringSq();
        assertThat(cq.get(ValueLayout.JAVA_SHORT_UNALIGNED, 15 * 16L + 14) & 1).isEqualTo(0);
        // consume everything: the held command completes
        int seen = 0;
        TestHost.Completion c;
        while ((c = q.poll()) != null) {
            assertThat(c.status()).isZero();
            seen++;
        }
        assertThat(seen).isEqualTo(16);
    }
}
