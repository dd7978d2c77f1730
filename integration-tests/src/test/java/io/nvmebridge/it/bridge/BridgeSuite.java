package io.nvmebridge.it.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.bridge.Collected;
import io.nvmebridge.bridge.DataPath;
import io.nvmebridge.bridge.ForwardingPath;
import io.nvmebridge.bridge.NvmeBridge;
import io.nvmebridge.bridge.Ring;
import io.nvmebridge.bridge.RingOptions;
import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.abi.NvmeUringCmd;
import io.nvmebridge.junit.Backend;
import io.nvmebridge.junit.NvmeDevice;
import io.nvmebridge.junit.NvmeNamespace;
import io.nvmebridge.junit.TestDevice;
import io.nvmebridge.qemu.QemuNvmeFunction;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.device.DmaBuffer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * io_uring rings forwarded onto the driver's NVMe queues, on a real device stack: ring-bridge's forwarding
 * cases (every opcode incl. NVMe passthrough, links / drain / skip-success, CQ overflow, NVMe SQ
 * back-pressure, requests split at MDTS, Linux errnos) on every forwarding path (inline, sqpoll) x data path
 * (fixed, copy), run on each backend by a BridgeOn*Test subclass. One device, driver and bridge per class;
 * a ring per test ({@link io.nvmebridge.junit.OnBackend} in the subclass picks the backend). Namespace 1 keeps data
 * (512-byte blocks), namespace 2 is a null device (4 KiB blocks), namespace 3 keeps data with 8 bytes of metadata per
 * 512-byte block in a separate buffer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
@NvmeDevice(scope = NvmeDevice.Scope.PER_CLASS, interrupts = false, mdts = 7, namespaces = {
        @NvmeNamespace(nsid = BridgeSuite.RAM_NS, blocks = BridgeSuite.RAM_BLOCKS, lbaSize = BridgeSuite.RAM_LBA),
        @NvmeNamespace(nsid = BridgeSuite.NULL_NS, blocks = 1L << 20, lbaSize = 4096, storage = NvmeNamespace.Storage.NULL),
        @NvmeNamespace(nsid = BridgeSuite.META_NS, blocks = 2048, lbaSize = 512, metadataSize = BridgeSuite.META_SIZE)})
abstract class BridgeSuite {
    static final int RAM_NS = 1;
    static final int RAM_LBA = 512;
    static final long RAM_BLOCKS = 16384;
    static final int NULL_NS = 2;
    static final int META_NS = 3;
    static final int META_SIZE = 8;
    private static final int EBADF = 9;
    private static final int EFAULT = 14;
    private static final int EINVAL = 22;
    private static final int ECANCELED = 125;
    private static final int EREMOTEIO = 121;

    private NvmeBridge bridge;

    /** The extension brings the device and driver up once for the class and closes them after it. */
    @BeforeAll
    void open(NvmeBridge bridge) {
        this.bridge = bridge;
    }

    @org.junit.jupiter.api.Test
    void shouldForwardOntoTheBackendTheSubclassNames(Backend backend, TestDevice dev) {
        assertThat(dev.backend()).isEqualTo(backend);
        assertThat(bridge.device().description()).isEqualTo(dev.function().description());
        if (backend.isQemu()) {
            QemuNvmeFunction qemu = (QemuNvmeFunction) dev.function();
            assertThat(qemu.qemu().process().describe())
                    .contains(backend == Backend.QEMU_CONTAINER ? "Testcontainers container" : "QEMU (pid");
        } else {
            assertThat(dev.function().description()).contains("emulated NVMe controller");
        }
    }

    static Stream<Arguments> paths() {
        List<Arguments> a = new ArrayList<>();
        for (ForwardingPath f : ForwardingPath.values()) {
            for (DataPath d : DataPath.values()) {
                a.add(Arguments.of(f, d));
            }
        }
        return a.stream();
    }

    private Ring ring(ForwardingPath f, DataPath d) {
        return bridge.openRing(RingOptions.defaults().withPath(f).withData(d).withEntries(32)
                .withSetupFlags(IoUring.SETUP_SQE128 | IoUring.SETUP_CQE32));
    }

    private static void fill(MemorySegment s, int seed) {
        for (long i = 0; i < s.byteSize(); i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 31 + seed));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldCompleteNopWithZeroAndUntouchedUserData(ForwardingPath f, DataPath d) {
        try (Ring ring = ring(f, d)) {
            assertThat(ring.prepNop(0xdead_beef_cafe_f00dL)).isTrue();
            ring.submit();
            Collected c = Collected.reap(ring, 1);
            assertThat(c.all).containsExactly(new Collected.Cqe(0xdead_beef_cafe_f00dL, 0, 0, 0));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldWriteAndReadBackBytesWithReadAndWrite(ForwardingPath f, DataPath d) {
        try (Ring ring = ring(f, d)) {
            DmaBuffer out = ring.allocateBuffer(8192);
            DmaBuffer in = ring.allocateBuffer(8192);
            fill(out.segment(), 7);
            ring.prepWrite(RAM_NS, out.segment(), 4096, 1);
            ring.submit();
            assertThat(Collected.reap(ring, 1).res(1)).isEqualTo(8192);
            ring.prepRead(RAM_NS, in.segment(), 4096, 2);
            ring.submit();
            assertThat(Collected.reap(ring, 1).res(2)).isEqualTo(8192);
            assertThat(in.segment().mismatch(out.segment())).isEqualTo(-1);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldUseRegisteredBuffersForFixedOpcodesAndFaultOutsideThem(ForwardingPath f, DataPath d) {
        try (Ring ring = ring(f, d)) {
            DmaBuffer a = ring.allocateBuffer(16384);
            DmaBuffer b = ring.allocateBuffer(16384);
            int ia = 0;
            int ib = 1;
            fill(a.segment(), 3);
            ring.prepWriteFixed(RAM_NS, a.segment().asSlice(4096, 4096), 0, ia, 1);
            ring.prepReadFixed(RAM_NS, b.segment().asSlice(0, 4096), 0, ib, 2);
            ring.setLastFlags(0);
            ring.submit();
            Collected c = Collected.reap(ring, 2);
            assertThat(c.res(1)).isEqualTo(4096);
            assertThat(c.res(2)).isIn(4096); // runs concurrently with the write in io_uring terms
            // buffer index 0, address inside buffer 1: -EFAULT; unknown index: -EFAULT
            ring.prepReadFixed(RAM_NS, b.segment().asSlice(0, 4096), 0, ia, 3);
            ring.prepReadFixed(RAM_NS, a.segment().asSlice(0, 4096), 0, 7, 4);
            ring.submit();
            c = Collected.reap(ring, 2);
            assertThat(c.res(3)).isEqualTo(-EFAULT);
            assertThat(c.res(4)).isEqualTo(-EFAULT);
            ring.prepReadFixed(RAM_NS, b.segment().asSlice(8192, 4096), 0, ib, 5);
            ring.submit();
            assertThat(Collected.reap(ring, 1).res(5)).isEqualTo(4096);
            assertThat(b.segment().asSlice(8192, 4096).mismatch(a.segment().asSlice(4096, 4096))).isEqualTo(-1);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldScatterAndGatherWithReadvAndWritev(ForwardingPath f, DataPath d) {
        try (Ring ring = ring(f, d)) {
            DmaBuffer buf = ring.allocateBuffer(65536);
            MemorySegment s = buf.segment();
            MemorySegment iov = s.asSlice(0, 64);
            MemorySegment p1 = s.asSlice(4096, 512);
            MemorySegment p2 = s.asSlice(8192, 1024);
            MemorySegment p3 = s.asSlice(16384, 2048);
            fill(p1, 1);
            fill(p2, 2);
            fill(p3, 3);
            iovec(iov, 0, p1);
            iovec(iov, 1, p2);
            iovec(iov, 2, p3);
            ring.prepWritev(RAM_NS, iov, 3, 512 * 100, 1);
            ring.submit();
            assertThat(Collected.reap(ring, 1).res(1)).isEqualTo(3584);
            MemorySegment flat = s.asSlice(32768, 3584);
            ring.prepRead(RAM_NS, flat, 512 * 100, 2);
            ring.submit();
            assertThat(Collected.reap(ring, 1).res(2)).isEqualTo(3584);
            assertThat(flat.asSlice(0, 512).mismatch(p1)).isEqualTo(-1);
            assertThat(flat.asSlice(512, 1024).mismatch(p2)).isEqualTo(-1);
            assertThat(flat.asSlice(1536, 2048).mismatch(p3)).isEqualTo(-1);
            // read the same blocks back through three other pieces
            MemorySegment q1 = s.asSlice(40960, 2048);
            MemorySegment q2 = s.asSlice(45056, 1536);
            iovec(iov, 0, q1);
            iovec(iov, 1, q2);
            ring.prepReadv(RAM_NS, iov, 2, 512 * 100, 3);
            ring.submit();
            assertThat(Collected.reap(ring, 1).res(3)).isEqualTo(3584);
            assertThat(q1.mismatch(flat.asSlice(0, 2048))).isEqualTo(-1);
            assertThat(q2.mismatch(flat.asSlice(2048, 1536))).isEqualTo(-1);
            // a piece that is not a whole number of blocks: -EINVAL
            iovec(iov, 0, s.asSlice(4096, 100));
            ring.prepReadv(RAM_NS, iov, 1, 0, 4);
            ring.submit();
            assertThat(Collected.reap(ring, 1).res(4)).isEqualTo(-EINVAL);
        }
    }

    static void iovec(MemorySegment iov, int i, MemorySegment piece) {
        iov.set(ValueLayout.JAVA_LONG_UNALIGNED, 16L * i, piece.address());
        iov.set(ValueLayout.JAVA_LONG_UNALIGNED, 16L * i + 8, piece.byteSize());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldFlushForFsyncAndDatasyncAndRejectUnknownFsyncFlags(ForwardingPath f, DataPath d) {
        try (Ring ring = ring(f, d)) {
            ring.prepFsync(RAM_NS, 0, 1);
            ring.prepFsync(RAM_NS, IoUring.FSYNC_DATASYNC, 2);
            ring.prepFsync(RAM_NS, 0x80, 3);
            ring.prepFsync(77, 0, 4);
            ring.submit();
            Collected c = Collected.reap(ring, 4);
            assertThat(c.res(1)).isZero();
            assertThat(c.res(2)).isZero();
            assertThat(c.res(3)).isEqualTo(-EINVAL);
            assertThat(c.res(4)).isEqualTo(-EBADF);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldRejectBadRequestsWithLinuxErrnos(ForwardingPath f, DataPath d) {
        try (Ring ring = ring(f, d)) {
            DmaBuffer buf = ring.allocateBuffer(8192);
            ring.prepRead(RAM_NS, buf.segment().asSlice(0, 4096), 100, 1);      // offset not block aligned
            ring.prepRead(RAM_NS, buf.segment().asSlice(0, 1000), 0, 2);        // length not whole blocks
            ring.prepRead(42, buf.segment().asSlice(0, 4096), 0, 3);            // no namespace 42
            ring.prepNop(4);
            ring.setLastFlags(IoUring.IOSQE_BUFFER_SELECT);                     // unsupported flag
            long at = ring.nextSqe();
            ring.sqes().set(ValueLayout.JAVA_BYTE, at + IoUringSqe.OPCODE, (byte) 99); // unknown opcode
            ring.sqes().set(ValueLayout.JAVA_LONG_UNALIGNED, at + IoUringSqe.USER_DATA, 5L);
            ring.prepRead(RAM_NS, 0x1000L, 4096, 0, 6);                        // unregistered memory
            ring.prepRead(RAM_NS, buf.segment().asSlice(0, 4096), RAM_BLOCKS * RAM_LBA, 7); // past the end
            ring.submit();
            Collected c = Collected.reap(ring, 7);
            assertThat(c.res(1)).isEqualTo(-EINVAL);
            assertThat(c.res(2)).isEqualTo(-EINVAL);
            assertThat(c.res(3)).isEqualTo(-EBADF);
            assertThat(c.res(4)).isEqualTo(-EINVAL);
            assertThat(c.res(5)).isEqualTo(-EINVAL);
            assertThat(c.res(6)).isEqualTo(-EFAULT);
            assertThat(c.res(7)).isEqualTo(-EREMOTEIO); // LBA out of range, as Linux maps it
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldReassembleARequestLargerThanMdtsIntoOneCqe(ForwardingPath f, DataPath d) {
        try (Ring ring = ring(f, d)) {
            int size = 2 << 20; // the emulator's MDTS is 512 KiB
            DmaBuffer out = ring.allocateBuffer(size);
            DmaBuffer in = ring.allocateBuffer(size);
            fill(out.segment(), 9);
            ring.prepWrite(RAM_NS, out.segment(), 0, 1);
            ring.submit();
            assertThat(Collected.reap(ring, 1).all).containsExactly(new Collected.Cqe(1, size, 0, 0));
            ring.prepRead(RAM_NS, in.segment(), 0, 2);
            ring.submit();
            assertThat(Collected.reap(ring, 1).all).containsExactly(new Collected.Cqe(2, size, 0, 0));
            assertThat(in.segment().mismatch(out.segment())).isEqualTo(-1);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldPassNvmeCommandsThroughWithStatusAndResult(ForwardingPath f, DataPath d) {
        try (Ring ring = ring(f, d)) {
            DmaBuffer out = ring.allocateBuffer(4096);
            DmaBuffer in = ring.allocateBuffer(4096);
            fill(out.segment(), 5);
            long at = ring.prepNvmeCommand(RAM_NS, NvmOpcode.WRITE, out.segment(), 1);
            NvmeUringCmd.setU32(ring.sqes(), at + IoUringSqe.CMD, NvmeUringCmd.CDW10, 200); // SLBA
            NvmeUringCmd.setU32(ring.sqes(), at + IoUringSqe.CMD, NvmeUringCmd.CDW12, 7);   // NLB - 1
            // NVMe does not order commands: the read may only start once the write completed
            ring.setLastFlags(IoUring.IOSQE_IO_LINK);
            at = ring.prepNvmeCommand(RAM_NS, NvmOpcode.READ, in.segment(), 2);
            NvmeUringCmd.setU32(ring.sqes(), at + IoUringSqe.CMD, NvmeUringCmd.CDW10, 200);
            NvmeUringCmd.setU32(ring.sqes(), at + IoUringSqe.CMD, NvmeUringCmd.CDW12, 7);
            ring.submit();
            Collected c = Collected.reap(ring, 1);
            ring.submit();
            c.all.addAll(Collected.reap(ring, 1).all);
            assertThat(c.res(1)).isZero();
            assertThat(c.res(2)).isZero();
            assertThat(in.segment().mismatch(out.segment())).isEqualTo(-1);
            // an opcode the controller does not know: the NVMe status comes back positive
            ring.prepNvmeCommand(RAM_NS, 0x7d, MemorySegment.NULL, 3);
            ring.submit();
            assertThat(Status.code(Collected.reap(ring, 1).res(3))).isEqualTo(Status.INVALID_OPCODE);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldRejectPassthroughItDoesNotForwardWithEinval(ForwardingPath f, DataPath d) {
        try (Ring ring = ring(f, d)) {
            DmaBuffer buf = ring.allocateBuffer(8192);
            MemorySegment data = buf.segment().asSlice(0, 4096);
            long at = ring.prepNvmeCommand(RAM_NS, NvmOpcode.READ, data, 1);
            IoUringSqe.setCmdOp(ring.sqes(), at, NvmeUringCmd.NVME_URING_CMD_ADMIN);    // admin passthrough
            at = ring.prepNvmeCommand(RAM_NS, NvmOpcode.READ, data, 2);
            NvmeUringCmd.setU64(ring.sqes(), at + IoUringSqe.CMD, NvmeUringCmd.METADATA, // metadata for a
                    buf.segment().asSlice(4096).address());                             // namespace without
            NvmeUringCmd.setU32(ring.sqes(), at + IoUringSqe.CMD, NvmeUringCmd.METADATA_LEN, 8);
            at = ring.prepNvmeCommand(RAM_NS, NvmOpcode.READ, data, 3);
            NvmeUringCmd.setU8(ring.sqes(), at + IoUringSqe.CMD, NvmeUringCmd.FLAGS, 1); // fused, first
            ring.prepNvmeCommand(RAM_NS, 0x03, data, 4);                                 // both directions
            ring.submit();
            Collected c = Collected.reap(ring, 4);
            for (int ud = 1; ud <= 4; ud++) {
                assertThat(c.res(ud)).as("user_data " + ud).isEqualTo(-EINVAL);
            }
        }
    }

    /** A passthrough READ or WRITE of {@code blocks} blocks at {@code slba} of the metadata namespace. */
    private static long metadataCommand(Ring ring, int opcode, MemorySegment data, long slba, int blocks,
                                        long metadata, int metadataLength, long userData) {
        long at = ring.prepNvmeCommand(META_NS, opcode, data, userData);
        blocksAndMetadata(ring, at, slba, blocks, metadata, metadataLength);
        return at;
    }

    /** Sets SLBA, NLB and the metadata buffer of the passthrough SQE at {@code at}. */
    private static void blocksAndMetadata(Ring ring, long at, long slba, int blocks, long metadata,
                                          int metadataLength) {
        long c = at + IoUringSqe.CMD;
        NvmeUringCmd.setU32(ring.sqes(), c, NvmeUringCmd.CDW10, (int) slba);
        NvmeUringCmd.setU32(ring.sqes(), c, NvmeUringCmd.CDW12, blocks - 1);
        NvmeUringCmd.setU64(ring.sqes(), c, NvmeUringCmd.METADATA, metadata);
        NvmeUringCmd.setU32(ring.sqes(), c, NvmeUringCmd.METADATA_LEN, metadataLength);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldPassMetadataThroughWithItsBlocks(ForwardingPath f, DataPath d) {
        try (Ring ring = ring(f, d)) {
            DmaBuffer buf = ring.allocateBuffer(16384);
            MemorySegment out = buf.segment().asSlice(0, 4 * 512);
            MemorySegment outMeta = buf.segment().asSlice(4096, 4 * META_SIZE);
            MemorySegment in = buf.segment().asSlice(8192, 4 * 512);
            MemorySegment inMeta = buf.segment().asSlice(12288, 4 * META_SIZE);
            fill(out, 21);
            fill(outMeta, 22);
            metadataCommand(ring, NvmOpcode.WRITE, out, 40, 4, outMeta.address(), 4 * META_SIZE, 1);
            ring.submit();
            assertThat(Collected.reap(ring, 1).res(1)).isZero();
            metadataCommand(ring, NvmOpcode.READ, in, 40, 4, inMeta.address(), 4 * META_SIZE, 2);
            ring.submit();
            assertThat(Collected.reap(ring, 1).res(2)).isZero();
            assertThat(in.mismatch(out)).isEqualTo(-1);
            assertThat(inMeta.mismatch(outMeta)).isEqualTo(-1);
            // a plain READ moves the data alone (MPTR 0); the device keeps the metadata
            in.fill((byte) 0);
            ring.prepRead(META_NS, in, 40 * 512, 3);
            ring.submit();
            assertThat(Collected.reap(ring, 1).res(3)).isEqualTo(4 * 512);
            assertThat(in.mismatch(out)).isEqualTo(-1);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldPassMetadataThroughWithVectoredData(ForwardingPath f, DataPath d) {
        try (Ring ring = ring(f, d)) {
            DmaBuffer buf = ring.allocateBuffer(65536);
            MemorySegment s = buf.segment();
            MemorySegment iov = s.asSlice(0, 64);
            MemorySegment p1 = s.asSlice(4096, 4096);  // page-aligned pieces: PRPs on the fixed path
            MemorySegment p2 = s.asSlice(8192, 2048);
            MemorySegment meta = s.asSlice(16384, 12 * META_SIZE);
            fill(p1, 31);
            fill(p2, 32);
            fill(meta, 33);
            iovec(iov, 0, p1);
            iovec(iov, 1, p2);
            long at = ring.prepNvmeCommandVec(META_NS, NvmOpcode.WRITE, iov, 2, 1);
            blocksAndMetadata(ring, at, 500, 12, meta.address(), 12 * META_SIZE); // 12 blocks = 6 KiB
            ring.submit();
            assertThat(Collected.reap(ring, 1).res(1)).isZero();
            MemorySegment in = s.asSlice(32768, 6144);
            MemorySegment inMeta = s.asSlice(49152, 12 * META_SIZE);
            metadataCommand(ring, NvmOpcode.READ, in, 500, 12, inMeta.address(), 12 * META_SIZE, 2);
            ring.submit();
            assertThat(Collected.reap(ring, 1).res(2)).isZero();
            assertThat(in.asSlice(0, 4096).mismatch(p1)).isEqualTo(-1);
            assertThat(in.asSlice(4096, 2048).mismatch(p2)).isEqualTo(-1);
            assertThat(inMeta.mismatch(meta)).isEqualTo(-1);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldRejectMetadataBuffersItCannotMapAndBounceMisalignedOnes(ForwardingPath f, DataPath d) {
        try (Ring ring = ring(f, d)) {
            DmaBuffer buf = ring.allocateBuffer(8192);
            MemorySegment data = buf.segment().asSlice(0, 512);
            long meta = buf.segment().asSlice(4096).address();
            metadataCommand(ring, NvmOpcode.READ, data, 0, 1, 0x1000, META_SIZE, 1);      // unregistered memory
            metadataCommand(ring, NvmOpcode.READ, data, 0, 1, meta, 0, 2);                // no length
            metadataCommand(ring, NvmOpcode.READ, data, 0, 1, 0, META_SIZE, 3);           // no buffer
            metadataCommand(ring, NvmOpcode.FLUSH, MemorySegment.NULL, 0, 1, meta, META_SIZE, 4); // no data direction
            ring.submit();
            Collected c = Collected.reap(ring, 4);
            assertThat(c.res(1)).isEqualTo(-EFAULT);
            assertThat(c.res(2)).isEqualTo(-EINVAL);
            assertThat(c.res(3)).isEqualTo(-EINVAL);
            assertThat(c.res(4)).isEqualTo(-EINVAL);
            // not dword aligned: no MPTR can name it, so it is bounced (as Linux's bio_integrity_map_user copies it)
            MemorySegment out = buf.segment().asSlice(0, 512);
            fill(out, 41);
            MemorySegment outMeta = buf.segment().asSlice(4096 + 1, META_SIZE);
            fill(outMeta, 42);
            metadataCommand(ring, NvmOpcode.WRITE, out, 7, 1, outMeta.address(), META_SIZE, 5);
            ring.submit();
            assertThat(Collected.reap(ring, 1).res(5)).isZero();
            MemorySegment inMeta = buf.segment().asSlice(6144 + 3, META_SIZE);
            metadataCommand(ring, NvmOpcode.READ, buf.segment().asSlice(2048, 512), 7, 1, inMeta.address(),
                    META_SIZE, 6);
            ring.submit();
            assertThat(Collected.reap(ring, 1).res(6)).isZero();
            assertThat(inMeta.mismatch(outMeta)).isEqualTo(-1);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldPassThroughDataThatIsNotDwordAlignedByBouncingIt(ForwardingPath f, DataPath d) {
        try (Ring ring = ring(f, d)) {
            DmaBuffer buf = ring.allocateBuffer(16384);
            MemorySegment out = buf.segment().asSlice(0x102, 2048); // no PRP can point 2 bytes past a dword
            MemorySegment in = buf.segment().asSlice(0x2001, 2048);
            fill(out, 9);
            long at = ring.prepNvmeCommand(RAM_NS, NvmOpcode.WRITE, out, 1);
            NvmeUringCmd.setU32(ring.sqes(), at + IoUringSqe.CMD, NvmeUringCmd.CDW10, 300); // SLBA
            NvmeUringCmd.setU32(ring.sqes(), at + IoUringSqe.CMD, NvmeUringCmd.CDW12, 3);   // NLB - 1
            ring.submit();
            assertThat(Collected.reap(ring, 1).res(1)).isZero();
            at = ring.prepNvmeCommand(RAM_NS, NvmOpcode.READ, in, 2);
            NvmeUringCmd.setU32(ring.sqes(), at + IoUringSqe.CMD, NvmeUringCmd.CDW10, 300);
            NvmeUringCmd.setU32(ring.sqes(), at + IoUringSqe.CMD, NvmeUringCmd.CDW12, 3);
            ring.submit();
            assertThat(Collected.reap(ring, 1).res(2)).isZero();
            assertThat(in.mismatch(out)).isEqualTo(-1);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldRunLinkedRequestsInOrderAndCancelAfterAFailure(ForwardingPath f, DataPath d) {
        try (Ring ring = ring(f, d)) {
            DmaBuffer out = ring.allocateBuffer(4096);
            DmaBuffer in = ring.allocateBuffer(4096);
            fill(out.segment(), 11);
            // write -> read of the same blocks: the read must see the write
            ring.prepWrite(RAM_NS, out.segment(), 8192, 1);
            ring.setLastFlags(IoUring.IOSQE_IO_LINK);
            ring.prepRead(RAM_NS, in.segment(), 8192, 2);
            ring.submit();
            Collected c = Collected.reap(ring, 2);
            assertThat(c.all).extracting(Collected.Cqe::userData).containsExactly(1L, 2L);
            assertThat(in.segment().mismatch(out.segment())).isEqualTo(-1);
            // failing head: the rest of the chain is cancelled, the SQE after the chain runs
            ring.prepRead(42, in.segment(), 0, 3);
            ring.setLastFlags(IoUring.IOSQE_IO_LINK);
            ring.prepNop(4);
            ring.setLastFlags(IoUring.IOSQE_IO_LINK);
            ring.prepNop(5);
            ring.prepNop(6);
            ring.submit();
            c = Collected.reap(ring, 4);
            assertThat(c.res(3)).isEqualTo(-EBADF);
            assertThat(c.res(4)).isEqualTo(-ECANCELED);
            assertThat(c.res(5)).isEqualTo(-ECANCELED);
            assertThat(c.res(6)).isZero();
            // hardlink: a failure does not break the chain
            ring.prepRead(42, in.segment(), 0, 7);
            ring.setLastFlags(IoUring.IOSQE_IO_HARDLINK);
            ring.prepNop(8);
            ring.submit();
            c = Collected.reap(ring, 2);
            assertThat(c.all).extracting(Collected.Cqe::userData).containsExactly(7L, 8L);
            assertThat(c.res(7)).isEqualTo(-EBADF);
            assertThat(c.res(8)).isZero();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldStartADrainRequestOnlyAfterEverythingBefore(ForwardingPath f, DataPath d) {
        try (Ring ring = ring(f, d)) {
            DmaBuffer buf = ring.allocateBuffer(65536);
            for (int i = 0; i < 8; i++) {
                ring.prepWrite(RAM_NS, buf.segment().asSlice(i * 8192L, 8192), i * 8192L, i);
            }
            ring.prepNop(100);
            ring.setLastFlags(IoUring.IOSQE_IO_DRAIN);
            ring.prepNop(101);
            ring.submit();
            Collected c = Collected.reap(ring, 10);
            List<Long> order = c.all.stream().map(Collected.Cqe::userData).toList();
            assertThat(order.indexOf(100L)).isEqualTo(8);
            assertThat(order.indexOf(101L)).isEqualTo(9);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldSkipCqesOfSuccessfulSkipSuccessRequestsOnly(ForwardingPath f, DataPath d) {
        try (Ring ring = ring(f, d)) {
            DmaBuffer buf = ring.allocateBuffer(4096);
            ring.prepNop(1);
            ring.setLastFlags(IoUring.IOSQE_CQE_SKIP_SUCCESS);
            ring.prepRead(RAM_NS, buf.segment(), 0, 2);
            ring.setLastFlags(IoUring.IOSQE_CQE_SKIP_SUCCESS);
            ring.prepRead(42, buf.segment(), 0, 3);
            ring.setLastFlags(IoUring.IOSQE_CQE_SKIP_SUCCESS);
            ring.prepNop(4);
            ring.setLastFlags(IoUring.IOSQE_IO_DRAIN); // completes after the others
            ring.submit();
            Collected c = Collected.reap(ring, 2);
            assertThat(c.byUserData()).containsOnlyKeys(3L, 4L);
            assertThat(c.res(3)).isEqualTo(-EBADF);
            assertThat(ring.cqReady()).isZero();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldHoldCompletionsInOverflowWhenTheCqIsFullAndLoseNone(ForwardingPath f, DataPath d) {
        try (Ring ring = bridge.openRing(RingOptions.defaults().withPath(f).withData(d).withEntries(4))) {
            int total = 24; // CQ has 8 entries
            int prepared = 0;
            long deadline = System.nanoTime() + 10_000_000_000L;
            boolean sawOverflow = false;
            // submit without reaping until the bridge stops taking SQEs
            while (prepared < 16 && System.nanoTime() < deadline) {
                if (ring.prepNop(prepared)) {
                    prepared++;
                }
                ring.submit();
                sawOverflow |= ring.cqOverflowPending();
            }
            while (!sawOverflow && System.nanoTime() < deadline) {
                ring.submit();
                sawOverflow = ring.cqOverflowPending();
            }
            assertThat(sawOverflow).as("IORING_SQ_CQ_OVERFLOW raised").isTrue();
            Collected c = new Collected();
            while (c.all.size() < total && System.nanoTime() < deadline) {
                while (prepared < total && ring.prepNop(prepared)) {
                    prepared++;
                }
                ring.submit();
                ring.waitCqes(1);
                ring.forEachCqe(c);
            }
            assertThat(c.all).extracting(Collected.Cqe::userData)
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, total).boxed().toList());
            assertThat(ring.cqOverflowPending()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldLeaveSqesInTheRingWhileTheNvmeQueueIsFull(ForwardingPath f, DataPath d) {
        try (Ring ring = bridge.openRing(RingOptions.defaults().withPath(f).withData(d).withEntries(64)
                .withQueueEntries(4))) {
            DmaBuffer buf = ring.allocateBuffer(64 * 4096L);
            for (int i = 0; i < 64; i++) {
                assertThat(ring.prepRead(NULL_NS, buf.segment().asSlice(i * 4096L, 4096), i * 4096L, i)).isTrue();
            }
            ring.submit();
            if (f == ForwardingPath.INLINE) {
                // the NVMe queue holds 3 commands: the rest wait in the SQ, head not advanced
                assertThat(ring.sqPending()).isEqualTo(61);
            }
            Collected c = Collected.reap(ring, 64);
            assertThat(c.byUserData()).hasSize(64).allSatisfy((k, v) -> assertThat(v).isEqualTo(4096));
            assertThat(ring.sqPending()).isZero();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldServeManyBatchesOfRandomReads(ForwardingPath f, DataPath d) {
        try (Ring ring = ring(f, d)) {
            DmaBuffer buf = ring.allocateBuffer(32 * 4096L);
            java.util.Random rnd = new java.util.Random(1);
            int done = 0;
            for (int batch = 0; batch < 50; batch++) {
                for (int i = 0; i < 32; i++) {
                    ring.prepRead(NULL_NS, buf.segment().asSlice(i * 4096L, 4096), (rnd.nextInt(1 << 20)) * 4096L,
                            batch * 32L + i);
                }
                ring.submit();
                Collected c = Collected.reap(ring, 32);
                assertThat(c.byUserData().values()).allMatch(r -> r == 4096);
                done += c.all.size();
            }
            assertThat(done).isEqualTo(1600);
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(ForwardingPath.class)
    void shouldBounceMemoryTheDeviceCannotAddressOnTheCopyPathOnly(ForwardingPath f) {
        try (Arena arena = Arena.ofShared();
             Ring copy = bridge.openRing(RingOptions.defaults().withPath(f).withData(DataPath.COPY));
             Ring fixed = bridge.openRing(RingOptions.defaults().withPath(f).withData(DataPath.FIXED))) {
            MemorySegment mine = arena.allocate(8192, 4096);
            fill(mine, 21);
            copy.registerMemory(mine);
            fixed.registerMemory(mine);
            copy.prepWrite(RAM_NS, mine.asSlice(0, 4096), 512 * 1000, 1);
            copy.submit();
            assertThat(Collected.reap(copy, 1).res(1)).isEqualTo(4096);
            copy.prepRead(RAM_NS, mine.asSlice(4096, 4096), 512 * 1000, 2);
            copy.submit();
            assertThat(Collected.reap(copy, 1).res(2)).isEqualTo(4096);
            assertThat(mine.asSlice(4096, 4096).mismatch(mine.asSlice(0, 4096))).isEqualTo(-1);
            fixed.prepRead(RAM_NS, mine.asSlice(4096, 4096), 0, 3);
            fixed.submit();
            assertThat(Collected.reap(fixed, 1).res(3)).isEqualTo(-EFAULT);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void shouldServeRingsWithoutAnSqArray(ForwardingPath f, DataPath d) {
        try (Ring ring = bridge.openRing(RingOptions.defaults().withPath(f).withData(d).withEntries(8)
                .withSetupFlags(IoUring.SETUP_NO_SQARRAY))) {
            DmaBuffer buf = ring.allocateBuffer(4096);
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 8; i++) {
                    ring.prepRead(NULL_NS, buf.segment(), i * 4096L, round * 8L + i);
                }
                ring.submit();
                assertThat(Collected.reap(ring, 8).byUserData().values()).containsOnly(4096);
            }
        }
    }
}
