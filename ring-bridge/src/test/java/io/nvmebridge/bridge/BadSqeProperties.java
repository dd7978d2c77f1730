package io.nvmebridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.abi.NvmeUringCmd;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.testsupport.Examples;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input, counted: random, steered and mutated SQEs fed to the bridge (an in-JVM ring with 128-byte
 * SQEs on the driver on the emulator). Every SQE is answered with exactly one CQE carrying a byte count
 * or a negative errno (none only for a successful IOSQE_CQE_SKIP_SUCCESS), nothing throws, nothing
 * hangs, and after every batch a write + read back through the same ring returns the data written.
 *
 * <p>Each try is a batch grown from one seed that QuickTheories draws; {@value #TRIES} tries of {@link #BATCH}
 * SQEs: 10,000 cases by default, 1,000,000 with {@code -Dnvmebridge.long=true}. A failure names the try's seed
 * and the run's seed ({@code -DQT_SEED} replays the run: the ring carries state from try to try, so a try is
 * replayed after the ones before it); a smaller seed is not a smaller batch, so failures are not shrunk. The
 * summary line (cases, tries that ran, results by kind, exceptions) goes to stdout at the end.
 */
class BadSqeProperties {
    static final boolean LONG = Boolean.getBoolean("nvmebridge.long");
    static final int TRIES = 1000;
    static final int BATCH = LONG ? 1000 : 10;
    private static final int BUF = 1 << 20;
    private static final long SENTINEL = Long.MIN_VALUE;

    private static NvmeBridge bridge;
    private static Ring ring;
    private static DmaBuffer buf;
    private static DmaBuffer check;
    private static long tries;
    private static long cases;
    private static long exceptions;
    private static long skipped;
    private static final Map<String, Long> results = new TreeMap<>();
    private final Map<Long, Integer> flagsByUserData = new HashMap<>();
    private final Map<Long, Integer> resByUserData = new HashMap<>();
    private final Map<Long, String> sqeBytes = new HashMap<>();

    @BeforeAll
    static void open() {
        bridge = EmulatorFixture.openBridge();
        ring = bridge.openRing(RingOptions.defaults().withEntries(64)
                .withSetupFlags(IoUring.SETUP_SQE128 | IoUring.SETUP_CQE32).withData(DataPath.FIXED));
        buf = ring.allocateBuffer(BUF);
        check = ring.allocateBuffer(2 * 4096);
    }

    @AfterAll
    static void close() {
        ring.close();
        bridge.close();
        System.out.println("bad-input[bridge SQEs]: " + cases + " cases in " + tries + " tries" + (LONG ? " (long run)" : "")
                + "; CQE res " + results + ", no CQE (skip-success) " + skipped + "; exceptions " + exceptions);
    }

    @Test
    void everyBadSqeIsAnsweredAndTheRingStillServes() {
        Examples.atLeast(TRIES).checkSeeds(seed -> {
            tries++;
            try {
                runBatch(new Random(seed));
                assertCorrectIo(new Random(~seed));
            } catch (RuntimeException e) {
                exceptions++;
                throw e;
            }
        });
    }

    private void runBatch(Random rnd) {
        MemorySegment sqes = ring.sqes();
        for (int i = 0; i < BATCH; i++) {
            long at;
            while ((at = ring.nextSqe()) < 0) {
                // SQ full (a long batch): let the bridge run until it answers something
                ring.submit();
                if (ring.cqReady() == 0) {
                    ring.waitCqes(1);
                }
                drain();
            }
            switch (rnd.nextInt(3)) {
                case 0 -> randomBytes(rnd, sqes, at);
                case 1 -> {
                    randomBytes(rnd, sqes, at);
                    steer(rnd, sqes, at);
                }
                default -> {
                    valid(rnd, sqes, at);
                    mutate(rnd, sqes, at);
                }
            }
            long ud = cases++;
            sqes.set(ValueLayout.JAVA_LONG_UNALIGNED, at + IoUringSqe.USER_DATA, ud);
            flagsByUserData.put(ud, sqes.get(ValueLayout.JAVA_BYTE, at + IoUringSqe.FLAGS) & 0xFF);
            sqeBytes.put(ud, java.util.HexFormat.of().formatHex(sqes.asSlice(at, IoUringSqe.SIZE_128).toArray(ValueLayout.JAVA_BYTE)));
        }
        ring.submit();
        // a drained sentinel in its own submission completes after everything above
        while (!ring.prepNop(SENTINEL)) {
            ring.submit();
            if (ring.cqReady() == 0) {
                ring.waitCqes(1);
            }
            drain();
        }
        ring.setLastFlags(IoUring.IOSQE_IO_DRAIN);
        ring.submit();
        long deadline = System.nanoTime() + 30_000_000_000L;
        boolean sentinel = false;
        while (!sentinel && System.nanoTime() < deadline) {
            ring.waitCqes(1);
            sentinel = drain();
        }
        assertThat(sentinel).as("the batch was answered (no hang)").isTrue();
        for (Map.Entry<Long, Integer> e : flagsByUserData.entrySet()) {
            Integer res = resByUserData.get(e.getKey());
            boolean skip = (e.getValue() & IoUring.IOSQE_CQE_SKIP_SUCCESS) != 0;
            if (res == null) {
                assertThat(skip).as("CQE for SQE " + e.getKey() + " flags 0x" + Integer.toHexString(e.getValue())
                        + " bytes " + sqeBytes + " batch results " + resByUserData + " " + bridge).isTrue();
                skipped++;
            } else {
                assertThat(!skip || res != 0).as("a skip-success SQE only posts on failure").isTrue();
                results.merge(kind(res), 1L, Long::sum);
            }
        }
        assertThat(resByUserData.keySet()).allMatch(flagsByUserData::containsKey);
        flagsByUserData.clear();
        resByUserData.clear();
        sqeBytes.clear();
    }

    /** Reaps what is ready; true when the sentinel came. Fails on a second CQE for one SQE. */
    private boolean drain() {
        boolean[] sentinel = {false};
        ring.forEachCqe((userData, res, flags, big0) -> {
            if (userData == SENTINEL) {
                sentinel[0] = true;
                return;
            }
            Integer before = resByUserData.put(userData, res);
            assertThat(before).as("second CQE for SQE " + userData).isNull();
        });
        return sentinel[0];
    }

    private static String kind(int res) {
        if (res >= 0) {
            return "ok";
        }
        return switch (-res) {
            case BridgeErrno.EBADF -> "EBADF";
            case BridgeErrno.EFAULT -> "EFAULT";
            case BridgeErrno.EINVAL -> "EINVAL";
            case BridgeErrno.EIO -> "EIO";
            case BridgeErrno.ENOMEM -> "ENOMEM";
            case BridgeErrno.ECANCELED -> "ECANCELED";
            case 121 -> "EREMOTEIO";
            case 61 -> "ENODATA";
            case 28 -> "ENOSPC";
            case 95 -> "EOPNOTSUPP";
            default -> "errno" + -res;
        };
    }

    private static void randomBytes(Random rnd, MemorySegment sqes, long at) {
        for (int k = 0; k < IoUringSqe.SIZE_128; k += 8) {
            sqes.set(ValueLayout.JAVA_LONG_UNALIGNED, at + k, rnd.nextLong());
        }
    }

    private static final int[] OPS = {IoUring.OP_NOP, IoUring.OP_READ, IoUring.OP_WRITE, IoUring.OP_READV,
            IoUring.OP_WRITEV, IoUring.OP_READ_FIXED, IoUring.OP_WRITE_FIXED, IoUring.OP_FSYNC, IoUring.OP_URING_CMD};

    /** Plausible opcode, namespace, buffer and offset, so random bytes reach the device, not only validation. */
    private static void steer(Random rnd, MemorySegment sqes, long at) {
        int off = rnd.nextInt(BUF);
        int len = rnd.nextInt(1 << 17);
        sqes.set(ValueLayout.JAVA_BYTE, at + IoUringSqe.OPCODE, (byte) OPS[rnd.nextInt(OPS.length)]);
        sqes.set(ValueLayout.JAVA_INT_UNALIGNED, at + IoUringSqe.FD, rnd.nextInt(4));
        sqes.set(ValueLayout.JAVA_LONG_UNALIGNED, at + IoUringSqe.ADDR, buf.segment().address() + off);
        sqes.set(ValueLayout.JAVA_INT_UNALIGNED, at + IoUringSqe.LEN, rnd.nextBoolean() ? len & ~511 : len);
        sqes.set(ValueLayout.JAVA_LONG_UNALIGNED, at + IoUringSqe.OFF, rnd.nextInt(256) * 4096L);
        boolean vectored = rnd.nextBoolean();
        sqes.set(ValueLayout.JAVA_INT_UNALIGNED, at + IoUringSqe.CMD_OP,
                vectored ? NvmeUringCmd.NVME_URING_CMD_IO_VEC : NvmeUringCmd.NVME_URING_CMD_IO);
        long c = at + IoUringSqe.CMD;
        NvmeUringCmd.setU8(sqes, c, NvmeUringCmd.FLAGS, 0);
        // a metadata buffer now and then (namespace 3 has metadata; on the others it is -EINVAL)
        boolean metadata = rnd.nextInt(4) == 0;
        NvmeUringCmd.setU64(sqes, c, NvmeUringCmd.METADATA, metadata ? buf.segment().address() + rnd.nextInt(BUF) : 0);
        NvmeUringCmd.setU32(sqes, c, NvmeUringCmd.METADATA_LEN, metadata ? rnd.nextInt(1 << 12) : 0);
        NvmeUringCmd.setU64(sqes, c, NvmeUringCmd.ADDR, buf.segment().address() + off);
        // vectored: data_len iovecs of whatever the buffer holds there, sometimes more than UIO_MAXIOV
        NvmeUringCmd.setU32(sqes, c, NvmeUringCmd.DATA_LEN,
                vectored ? rnd.nextInt(SqeTranslator.MAX_IOVECS + 64) : Math.min(len, BUF - off));
    }

    /** A well-formed SQE the bridge accepts: read/write/vector/fixed/fsync/passthrough on namespace 1. */
    private static void valid(Random rnd, MemorySegment sqes, long at) {
        sqes.asSlice(at, IoUringSqe.SIZE_128).fill((byte) 0);
        int op = OPS[rnd.nextInt(OPS.length)];
        int blocks = 1 + rnd.nextInt(16);
        long addr = buf.segment().address() + 4096L * rnd.nextInt(BUF / 4096 - 16);
        long off = 512L * rnd.nextInt((int) EmulatorFixture.RAM_BLOCKS - 16);
        long len = blocks * 512L;
        if (op == IoUring.OP_READV || op == IoUring.OP_WRITEV) {
            // one iovec at the buffer's start, naming a later part of the buffer
            buf.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, 0, addr);
            buf.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, 8, len);
            addr = buf.segment().address();
            len = 1;
        }
        IoUringSqe.prepRw(sqes, at, op, 0, EmulatorFixture.RAM_NS, addr, len, off, 0, 0, 0);
        if (op == IoUring.OP_URING_CMD) {
            boolean vectored = rnd.nextBoolean();
            sqes.set(ValueLayout.JAVA_INT_UNALIGNED, at + IoUringSqe.CMD_OP,
                    vectored ? NvmeUringCmd.NVME_URING_CMD_IO_VEC : NvmeUringCmd.NVME_URING_CMD_IO);
            long c = at + IoUringSqe.CMD;
            NvmeUringCmd.setU8(sqes, c, NvmeUringCmd.OPCODE, rnd.nextBoolean() ? NvmOpcode.READ : NvmOpcode.WRITE);
            NvmeUringCmd.setU32(sqes, c, NvmeUringCmd.NSID, EmulatorFixture.RAM_NS);
            if (vectored) {
                // the same bytes as one to three iovecs cut at block boundaries (page-aligned cuts map
                // zero copy, others bounce); the array right after the data, so SQEs of a batch keep their own
                long array = addr + len - buf.segment().address();
                int pieces = 1 + rnd.nextInt(Math.min(3, blocks));
                long start = 0;
                for (int i = 0; i < pieces; i++) {
                    int blocksLeft = (int) ((len - start) / 512);
                    int piecesAfter = pieces - 1 - i;
                    long end = piecesAfter == 0 ? len : start + 512L * (1 + rnd.nextInt(blocksLeft - piecesAfter));
                    buf.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, array + 16L * i, addr + start);
                    buf.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, array + 16L * i + 8, end - start);
                    start = end;
                }
                NvmeUringCmd.setU64(sqes, c, NvmeUringCmd.ADDR, addr + len);
                NvmeUringCmd.setU32(sqes, c, NvmeUringCmd.DATA_LEN, pieces);
            } else {
                NvmeUringCmd.setU64(sqes, c, NvmeUringCmd.ADDR, addr);
                NvmeUringCmd.setU32(sqes, c, NvmeUringCmd.DATA_LEN, (int) len);
            }
            NvmeUringCmd.setU32(sqes, c, NvmeUringCmd.CDW10, (int) (off / 512));
            NvmeUringCmd.setU32(sqes, c, NvmeUringCmd.CDW12, blocks - 1);
        }
    }

    /** Flips one to four random bits or bytes, or stamps a boundary value on a random field. */
    private static void mutate(Random rnd, MemorySegment sqes, long at) {
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            int pos = rnd.nextInt(rnd.nextInt(4) == 0 ? IoUringSqe.SIZE_128 : IoUringSqe.SIZE);
            switch (rnd.nextInt(3)) {
                case 0 -> sqes.set(ValueLayout.JAVA_BYTE, at + pos,
                        (byte) (sqes.get(ValueLayout.JAVA_BYTE, at + pos) ^ (1 << rnd.nextInt(8))));
                case 1 -> sqes.set(ValueLayout.JAVA_BYTE, at + pos, (byte) rnd.nextInt());
                default -> {
                    int[] words = {IoUringSqe.FD, IoUringSqe.LEN, IoUringSqe.RW_FLAGS, IoUringSqe.ADDR, IoUringSqe.OFF + 4,
                            IoUringSqe.BUF_INDEX, IoUringSqe.CMD, IoUringSqe.CMD + 40};
                    int[] edges = {0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, 511, 4096, 1 << 20};
                    sqes.set(ValueLayout.JAVA_INT_UNALIGNED, at + words[rnd.nextInt(words.length)],
                            edges[rnd.nextInt(edges.length)]);
                }
            }
        }
    }

    /** A linked write + read back of two blocks through the same ring returns what was written. */
    private static void assertCorrectIo(Random rnd) {
        MemorySegment w = check.segment().asSlice(0, 4096);
        MemorySegment r = check.segment().asSlice(4096, 4096);
        for (int k = 0; k < 4096; k += 8) {
            w.set(ValueLayout.JAVA_LONG_UNALIGNED, k, rnd.nextLong());
        }
        r.fill((byte) 0);
        long off = 512L * rnd.nextInt((int) EmulatorFixture.RAM_BLOCKS - 8);
        ring.submit(); // the batch's SQEs are all consumed (the sentinel drained them): room for two
        assertThat(ring.prepWrite(EmulatorFixture.RAM_NS, w, off, 1)).isTrue();
        ring.setLastFlags(IoUring.IOSQE_IO_LINK);
        assertThat(ring.prepRead(EmulatorFixture.RAM_NS, r, off, 2)).isTrue();
        ring.submit();
        Map<Long, Integer> got = new HashMap<>();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (got.size() < 2 && System.nanoTime() < deadline) {
            ring.waitCqes(1);
            ring.forEachCqe((ud, res, fl, b) -> got.put(ud, res));
        }
        assertThat(got).containsEntry(1L, 4096).containsEntry(2L, 4096);
        assertThat(r.mismatch(w)).isEqualTo(-1);
    }
}
