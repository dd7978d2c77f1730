package io.nvmebridge.bridge;

import static io.nvmebridge.bridge.EmulatorFixture.RAM_LBA;
import static io.nvmebridge.bridge.EmulatorFixture.RAM_NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.abi.NvmeUringCmd;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.device.DmaBuffer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * NVME_URING_CMD_IO_VEC: one NVMe command whose data is the concatenation of an iovec array, on the driver on the
 * emulator. Page-aligned iovecs on the fixed path are the command's PRPs (no bounce buffer is taken); others,
 * and every iovec on the copy path, are gathered into / scattered from a bounce buffer. Memory the device cannot
 * address is -EFAULT on the fixed path, as for every opcode; flat data that is not dword aligned is bounced. Data is checked
 * against plain READ/WRITE of the same blocks.
 */
class VectoredPassthroughTest {
    private static final int BUF = 2 << 20;
    /** The emulator's MDTS (7, 4 KiB pages). */
    private static final int MAX_TRANSFER = 512 << 10;

    private static NvmeBridge bridge;
    private Ring ring;
    private DmaBuffer buf;
    private final Arena arena = Arena.ofConfined();

    @BeforeAll
    static void openBridge() {
        bridge = EmulatorFixture.openBridge();
    }

    @AfterAll
    static void closeBridge() {
        bridge.close();
    }

    @AfterEach
    void closeRing() {
        if (ring != null) {
            ring.close();
        }
        arena.close();
    }

    /** A fresh ring (its trackers hold no bounce buffer yet) and a 2 MiB registered buffer; iovecs at its start. */
    private void open(DataPath path) {
        ring = bridge.openRing(RingOptions.defaults().withEntries(16).withData(path)
                .withSetupFlags(IoUring.SETUP_SQE128 | IoUring.SETUP_CQE32));
        buf = ring.allocateBuffer(BUF);
    }

    /** Runs {@code test} once per data path, each time on a fresh ring (closed afterwards). */
    private void onEveryPath(java.util.function.Consumer<DataPath> test) {
        for (DataPath path : DataPath.values()) {
            open(path);
            try {
                test.accept(path);
            } finally {
                ring.close();
                ring = null;
            }
        }
    }

    private MemorySegment at(long off, long len) {
        return buf.segment().asSlice(off, len);
    }

    private MemorySegment iovecs() {
        return at(0, 4096);
    }

    private static void iovec(MemorySegment iov, int i, MemorySegment piece) {
        iovec(iov, i, piece.address(), piece.byteSize());
    }

    private static void iovec(MemorySegment iov, int i, long base, long len) {
        iov.set(ValueLayout.JAVA_LONG_UNALIGNED, 16L * i, base);
        iov.set(ValueLayout.JAVA_LONG_UNALIGNED, 16L * i + 8, len);
    }

    private static void fill(MemorySegment s, int seed) {
        for (long i = 0; i < s.byteSize(); i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 31 + seed));
        }
    }

    /** Points the iovec array at {@code pieces}, in order. */
    private void iovecsOf(MemorySegment... pieces) {
        for (int i = 0; i < pieces.length; i++) {
            iovec(iovecs(), i, pieces[i]);
        }
    }

    /** A vectored Read/Write of {@code blocks} at {@code slba} over {@code count} iovecs; its CQE. */
    private Collected.Cqe vectored(int opcode, long slba, int blocks, long iovecAddress, int count) {
        long at = ring.prepNvmeCommandVec(RAM_NS, opcode, iovecAddress, count, 1);
        long c = at + IoUringSqe.CMD;
        NvmeUringCmd.setU32(ring.sqes(), c, NvmeUringCmd.CDW10, (int) slba);
        NvmeUringCmd.setU32(ring.sqes(), c, NvmeUringCmd.CDW11, (int) (slba >>> 32));
        NvmeUringCmd.setU32(ring.sqes(), c, NvmeUringCmd.CDW12, blocks - 1);
        ring.submit();
        return Collected.reap(ring, 1).all.getFirst();
    }

    private int vectoredRes(int opcode, long slba, int blocks, int count) {
        return vectored(opcode, slba, blocks, iovecs().address(), count).res();
    }

    /** The blocks as a plain READ sees them, in a fresh part of the buffer. */
    private MemorySegment readFlat(long slba, long bytes) {
        MemorySegment flat = at(BUF - (1 << 20), bytes);
        flat.fill((byte) 0);
        ring.prepRead(RAM_NS, flat, slba * RAM_LBA, 2);
        ring.submit();
        assertThat(Collected.reap(ring, 1).res(2)).isEqualTo((int) bytes);
        return flat;
    }

    private void writeFlat(long slba, MemorySegment data) {
        ring.prepWrite(RAM_NS, data, slba * RAM_LBA, 3);
        ring.submit();
        assertThat(Collected.reap(ring, 1).res(3)).isEqualTo((int) data.byteSize());
    }

    /** Asserts {@code flat} is {@code pieces} one after another. */
    private static void assertConcatenation(MemorySegment flat, MemorySegment... pieces) {
        long pos = 0;
        for (MemorySegment p : pieces) {
            assertThat(flat.asSlice(pos, p.byteSize()).mismatch(p)).as("piece at " + pos).isEqualTo(-1);
            pos += p.byteSize();
        }
        assertThat(pos).isEqualTo(flat.byteSize());
    }

    private static long dmaAvailable() {
        return bridge.device().dma().available();
    }

    @Test
    void shouldWriteAndReadThroughVectoredPassthroughIntoThreePageAlignedIovecsWithoutABounce() {
        open(DataPath.FIXED);
        MemorySegment p1 = at(0x2000, 4096);
        MemorySegment p2 = at(0x6000, 8192);
        MemorySegment p3 = at(0x4000, 4096); // below p2: the order is the iovecs', not memory's
        fill(p1, 1);
        fill(p2, 2);
        fill(p3, 3);
        iovecsOf(p1, p2, p3);
        long dma = dmaAvailable();
        assertThat(vectoredRes(NvmOpcode.WRITE, 100, 32, 3)).isZero();
        assertConcatenation(readFlat(100, 16384), p1, p2, p3);

        MemorySegment q1 = at(0x40000, 8192);
        MemorySegment q2 = at(0x30000, 4096);
        MemorySegment q3 = at(0x50000, 4096);
        iovecsOf(q1, q2, q3);
        assertThat(vectoredRes(NvmOpcode.READ, 100, 32, 3)).isZero();
        assertConcatenation(readFlat(100, 16384), q1, q2, q3);
        assertThat(dmaAvailable()).as("no bounce buffer taken").isEqualTo(dma);
    }

    @Test
    void shouldMapAnOffsetFirstIovecAndAShortLastOneWithoutABounce() {
        open(DataPath.FIXED);
        MemorySegment p1 = at(0x2E00, 0x200);  // ends on a page boundary
        MemorySegment p2 = at(0x8000, 4096);
        MemorySegment p3 = at(0x5000, 0x600);  // starts on one
        fill(p1, 4);
        fill(p2, 5);
        fill(p3, 6);
        iovecsOf(p1, p2, p3);
        long dma = dmaAvailable();
        assertThat(vectoredRes(NvmOpcode.WRITE, 300, 12, 3)).isZero();
        assertConcatenation(readFlat(300, 6144), p1, p2, p3);
        p1.fill((byte) 0);
        p2.fill((byte) 0);
        p3.fill((byte) 0);
        assertThat(vectoredRes(NvmOpcode.READ, 300, 12, 3)).isZero();
        assertConcatenation(readFlat(300, 6144), p1, p2, p3);
        assertThat(dmaAvailable()).as("no bounce buffer taken").isEqualTo(dma);
    }

    @Test
    void shouldReadAndWriteThroughUnalignedIovecsByBouncing() {
        open(DataPath.FIXED);
        MemorySegment p1 = at(0x2100, 512);   // ends mid-page
        MemorySegment p2 = at(0x3300, 1024);  // starts mid-page
        MemorySegment p3 = at(0x5004, 512);
        fill(p1, 7);
        fill(p2, 8);
        fill(p3, 9);
        iovecsOf(p1, p2, p3);
        long dma = dmaAvailable();
        assertThat(vectoredRes(NvmOpcode.WRITE, 500, 4, 3)).isZero();
        assertThat(dmaAvailable()).as("a bounce buffer taken").isLessThan(dma);
        MemorySegment flat = readFlat(500, 2048);
        assertConcatenation(flat, p1, p2, p3);

        MemorySegment q1 = at(0x7200, 1536);
        MemorySegment q2 = at(0x8010, 512);
        iovecsOf(q1, q2);
        assertThat(vectoredRes(NvmOpcode.READ, 500, 4, 2)).isZero();
        assertConcatenation(readFlat(500, 2048), q1, q2);
    }

    @Test
    void shouldFaultPassthroughDataInMemoryTheDeviceCannotAddressOnTheFixedPath() {
        open(DataPath.FIXED);
        MemorySegment host = arena.allocate(16384, 4096);
        ring.registerMemory(host); // copy-path memory: the fixed path serves none of it, as for READ/WRITE
        MemorySegment p1 = host.asSlice(0, 4096);
        MemorySegment p2 = at(0x3000, 4096);
        fill(p2, 11);
        writeFlat(700, p2);
        iovecsOf(p1, p2);
        assertThat(vectoredRes(NvmOpcode.WRITE, 700, 8, 2)).isEqualTo(-BridgeErrno.EFAULT);
        assertThat(vectoredRes(NvmOpcode.READ, 700, 8, 2)).isEqualTo(-BridgeErrno.EFAULT);
        assertThat(flat(NvmOpcode.WRITE, 700, host.asSlice(0, 4096))).isEqualTo(-BridgeErrno.EFAULT);
        assertThat(flat(NvmOpcode.READ, 700, host.asSlice(0, 4096))).isEqualTo(-BridgeErrno.EFAULT);
        ring.prepRead(RAM_NS, host.asSlice(0, 4096), 700L * RAM_LBA, 9);
        ring.submit();
        assertThat(Collected.reap(ring, 1).res(9)).isEqualTo(-BridgeErrno.EFAULT);
        assertThat(readFlat(700, 4096).mismatch(p2)).as("nothing reached the device").isEqualTo(-1);
    }

    @Test
    void shouldBounceFlatPassthroughDataThatIsNotDwordAlignedOnTheFixedPath() {
        open(DataPath.FIXED);
        MemorySegment out = at(0x2102, 2048); // 2 bytes past a dword boundary: no PRP can point at it
        fill(out, 21);
        long dma = dmaAvailable();
        assertThat(flat(NvmOpcode.WRITE, 710, out)).isZero();
        assertThat(dmaAvailable()).as("a bounce buffer taken").isLessThan(dma);
        assertThat(readFlat(710, 2048).mismatch(out)).isEqualTo(-1);

        MemorySegment in = at(0x5001, 2048);
        in.fill((byte) 0);
        assertThat(flat(NvmOpcode.READ, 710, in)).isZero();
        assertThat(in.mismatch(out)).isEqualTo(-1);
        // plain READ keeps O_DIRECT's rule: a buffer that is not dword aligned is -EINVAL
        ring.prepRead(RAM_NS, in, 710L * RAM_LBA, 9);
        ring.submit();
        assertThat(Collected.reap(ring, 1).res(9)).isEqualTo(-BridgeErrno.EINVAL);
    }

    /** A flat passthrough Read/Write of {@code data} at {@code slba} (whole 512-byte blocks); its res. */
    private int flat(int opcode, long slba, MemorySegment data) {
        long at = ring.prepNvmeCommand(RAM_NS, opcode, data, 8);
        long c = at + IoUringSqe.CMD;
        NvmeUringCmd.setU32(ring.sqes(), c, NvmeUringCmd.CDW10, (int) slba);
        NvmeUringCmd.setU32(ring.sqes(), c, NvmeUringCmd.CDW12, (int) (data.byteSize() / RAM_LBA) - 1);
        ring.submit();
        return Collected.reap(ring, 1).res(8);
    }

    @Test
    void shouldReadAndWriteThroughVectoredPassthroughOnTheCopyPath() {
        open(DataPath.COPY);
        MemorySegment host = arena.allocate(16384, 4096);
        ring.registerMemory(host);
        MemorySegment p1 = at(0x2000, 4096);
        MemorySegment p2 = host.asSlice(0x100, 1024);
        MemorySegment p3 = at(0x6200, 512);
        fill(p1, 12);
        fill(p2, 13);
        fill(p3, 14);
        iovecsOf(p1, p2, p3);
        assertThat(vectoredRes(NvmOpcode.WRITE, 900, 11, 3)).isZero();
        assertConcatenation(readFlat(900, 5632), p1, p2, p3);

        MemorySegment expected = arena.allocate(5632);
        fill(expected, 15);
        writeFlat(900, at(0x60000, 5632).copyFrom(expected));
        MemorySegment q1 = host.asSlice(4096, 4096);
        MemorySegment q2 = at(0x9000, 1536);
        iovecsOf(q1, q2);
        assertThat(vectoredRes(NvmOpcode.READ, 900, 11, 2)).isZero();
        assertThat(q1.mismatch(expected.asSlice(0, 4096))).isEqualTo(-1);
        assertThat(q2.mismatch(expected.asSlice(4096, 1536))).isEqualTo(-1);
    }

    @Test
    void shouldRejectMoreThan1024IovecsWithEinvalAndTakeExactly1024() {
        onEveryPath(path -> {
            MemorySegment iov = at(0, 1025 * 16L);
            for (int i = 0; i < 1025; i++) {
                iovec(iov, i, buf.segment().address() + 0x10000, 0); // empty iovecs
            }
            iovec(iov, 1023, at(0x10000, 512));
            assertThat(vectored(NvmOpcode.READ, 0, 1, iov.address(), 1025).res()).as(path.name())
                    .isEqualTo(-BridgeErrno.EINVAL);
            assertThat(vectored(NvmOpcode.READ, 0, 1, iov.address(), 1024).res()).as(path.name()).isZero();
        });
    }

    @Test
    void shouldFaultAnIovecArrayOrAnIovecOutsideRegisteredMemory() {
        onEveryPath(path -> {
            // the array itself: unregistered, and running off the end of the buffer
            assertThat(vectored(NvmOpcode.READ, 0, 1, 0x1000L, 1).res()).as(path.name()).isEqualTo(-BridgeErrno.EFAULT);
            long last = buf.segment().address() + BUF - 16;
            iovec(at(BUF - 16, 16), 0, at(0x10000, 512));
            assertThat(vectored(NvmOpcode.READ, 0, 1, last, 2).res()).as(path.name()).isEqualTo(-BridgeErrno.EFAULT);
            // a buffer: unregistered, and partly outside the registered buffer
            iovecsOf(at(0x10000, 512));
            iovec(iovecs(), 1, 0x1000L, 512);
            assertThat(vectoredRes(NvmOpcode.READ, 0, 2, 2)).as(path.name()).isEqualTo(-BridgeErrno.EFAULT);
            iovec(iovecs(), 1, buf.segment().address() + BUF - 256, 512);
            assertThat(vectoredRes(NvmOpcode.WRITE, 0, 2, 2)).as(path.name()).isEqualTo(-BridgeErrno.EFAULT);
        });
    }

    @Test
    void shouldRejectMoreBytesThanTheMaxTransferWithEinval() {
        onEveryPath(path -> {
            iovecsOf(at(0x100000, MAX_TRANSFER), at(0x10000, 4096));
            assertThat(vectoredRes(NvmOpcode.READ, 0, (MAX_TRANSFER + 4096) / RAM_LBA, 2)).as(path.name())
                    .isEqualTo(-BridgeErrno.EINVAL);
            // exactly the max transfer is one command
            iovecsOf(at(0x100000, MAX_TRANSFER - 4096), at(0x10000, 4096));
            assertThat(vectoredRes(NvmOpcode.READ, 0, MAX_TRANSFER / RAM_LBA, 2)).as(path.name()).isZero();
        });
    }

    @Test
    void shouldRejectBadIovecLengthsAndRegisteredBufferFlagWithEinval() {
        open(DataPath.FIXED);
        iovecsOf(at(0x10000, 512));
        iovec(iovecs(), 1, at(0x20000, 512).address(), -512);
        assertThat(vectoredRes(NvmOpcode.READ, 0, 1, 2)).isEqualTo(-BridgeErrno.EINVAL);
        // IORING_URING_CMD_FIXED names registered buffers, which carry flat data only
        long at = ring.prepNvmeCommandVec(RAM_NS, NvmOpcode.READ, iovecs(), 1, 4);
        ring.sqes().set(ValueLayout.JAVA_INT_UNALIGNED, at + IoUringSqe.URING_CMD_FLAGS, IoUring.URING_CMD_FIXED);
        ring.submit();
        assertThat(Collected.reap(ring, 1).res(4)).isEqualTo(-BridgeErrno.EINVAL);
    }

    @Test
    void shouldSendNoDataForZeroIovecsOrOnlyEmptyOnes() {
        open(DataPath.FIXED);
        assertThat(vectored(NvmOpcode.FLUSH, 0, 1, iovecs().address(), 0)).isEqualTo(new Collected.Cqe(1, 0, 0, 0));
        iovec(iovecs(), 0, 0x1000L, 0); // empty: its base is never looked at
        iovec(iovecs(), 1, 0x2000L, 0);
        assertThat(vectoredRes(NvmOpcode.FLUSH, 0, 1, 2)).isZero();
    }

    @Test
    void shouldFailAZeroCopyCommandWhoseIovecsChangedBeforeItWasIssued() {
        open(DataPath.FIXED);
        // linked behind a read, the vectored command is checked at submit and issued after the read completes
        for (int round = 0; round < 2; round++) {
            iovecsOf(at(0x10000, 4096), at(0x20000, 4096));
            ring.prepRead(RAM_NS, at(0x30000, 4096), 0, 5);
            ring.setLastFlags(IoUring.IOSQE_IO_LINK);
            long at = ring.prepNvmeCommandVec(RAM_NS, NvmOpcode.READ, iovecs(), 2, 6);
            NvmeUringCmd.setU32(ring.sqes(), at + IoUringSqe.CMD, NvmeUringCmd.CDW12, 15);
            ring.submit();
            if (round == 0) {
                iovec(iovecs(), 1, 0x1000L, 4096); // now outside registered memory
            } else {
                iovec(iovecs(), 1, at(0x20200, 4096)); // now not PRP-describable (the driver refuses it)
            }
            Collected c = Collected.reap(ring, 2);
            assertThat(c.res(5)).isEqualTo(4096);
            assertThat(c.res(6)).as("round " + round).isEqualTo(round == 0 ? -BridgeErrno.EFAULT : -BridgeErrno.EINVAL);
        }
    }

    @Test
    void shouldAnswerTheNvmeStatusOfAVectoredCommandTheDeviceFails() {
        open(DataPath.FIXED);
        iovecsOf(at(0x10000, 4096), at(0x20000, 4096));
        Collected.Cqe cqe = vectored(NvmOpcode.READ, EmulatorFixture.RAM_BLOCKS - 8, 16, iovecs().address(), 2);
        assertThat(cqe.res()).as("positive NVMe status, as Linux").isPositive();
        assertThat(Status.code(cqe.res())).isEqualTo(Status.LBA_OUT_OF_RANGE);
        // unaligned (bounced) the same
        iovecsOf(at(0x10200, 4096), at(0x20000, 4096));
        cqe = vectored(NvmOpcode.READ, EmulatorFixture.RAM_BLOCKS - 8, 16, iovecs().address(), 2);
        assertThat(Status.code(cqe.res())).isEqualTo(Status.LBA_OUT_OF_RANGE);
    }
}
