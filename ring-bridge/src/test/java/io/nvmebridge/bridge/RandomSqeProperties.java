package io.nvmebridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.Generate.range;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.lists;

import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.abi.NvmeUringCmd;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.testsupport.Examples;
import io.nvmebridge.testsupport.Generators;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Random SQE bytes never crash the bridge, and every SQE still gets exactly one CQE (none only when it
 * asked for IOSQE_CQE_SKIP_SUCCESS and succeeded). A failing batch is shrunk (fewer SQEs, simpler bytes) for at
 * most {@value #SHRINK_CYCLES} cycles: every cycle runs a batch through the bridge.
 */
class RandomSqeProperties {
    static final int SHRINK_CYCLES = 1000;
    private static NvmeBridge bridge;
    private static Ring fixed;
    private static Ring copy;
    private static DmaBuffer fixedBuf;
    private static DmaBuffer copyBuf;

    @BeforeAll
    static void open() {
        bridge = EmulatorFixture.openBridge();
        RingOptions o = RingOptions.defaults().withEntries(32).withSetupFlags(IoUring.SETUP_SQE128 | IoUring.SETUP_CQE32);
        fixed = bridge.openRing(o.withData(DataPath.FIXED));
        copy = bridge.openRing(o.withData(DataPath.COPY));
        fixedBuf = fixed.allocateBuffer(1 << 20);
        copyBuf = copy.allocateBuffer(1 << 20);
    }

    @AfterAll
    static void close() {
        fixed.close();
        copy.close();
        bridge.close();
    }

    /** One random SQE: 128 random bytes, and whether to steer its fields toward what the bridge accepts. */
    record RandomSqe(byte[] bytes, boolean steer, int nsid, int bufferOffset, int length) {
        @Override
        public String toString() {
            return HexFormat.of().formatHex(bytes) + (steer ? " steered to fd " + nsid + " buffer +0x"
                    + Integer.toHexString(bufferOffset) + " length " + length : "");
        }
    }

    static Gen<List<RandomSqe>> batches() {
        Gen<RandomSqe> sqe = in -> new RandomSqe(
                Generators.bytes(IoUringSqe.SIZE_128).generate(in),
                booleans().all().generate(in),
                range(0, 3).generate(in),
                range(0, 1 << 20).generate(in),
                range(0, 1 << 17).generate(in));
        return lists().of(sqe).ofSizeBetween(1, 24);
    }

    @Test
    void everySqeGetsOneCqeOnTheFixedPath() {
        Examples.atLeast(150).shrinkCycles(SHRINK_CYCLES).check(batches(),
                batch -> check(fixed, fixedBuf, batch));
    }

    @Test
    void everySqeGetsOneCqeOnTheCopyPath() {
        Examples.atLeast(150).shrinkCycles(SHRINK_CYCLES).check(batches(),
                batch -> check(copy, copyBuf, batch));
    }

    private static void check(Ring ring, DmaBuffer buf, List<RandomSqe> batch) {
        MemorySegment sqes = ring.sqes();
        Map<Long, Integer> flagsByUserData = new HashMap<>();
        long ud = 0;
        for (RandomSqe r : batch) {
            long at;
            while ((at = ring.nextSqe()) < 0) {
                ring.submit();
                drainInto(ring, flagsByUserData);
            }
            MemorySegment.copy(r.bytes(), 0, sqes, ValueLayout.JAVA_BYTE, at, 128);
            if (r.steer()) {
                // plausible fields, so the random bytes reach the device and not only the validation
                sqes.set(ValueLayout.JAVA_BYTE, at + IoUringSqe.OPCODE, (byte) steerOpcode(r.bytes()[0]));
                sqes.set(ValueLayout.JAVA_INT_UNALIGNED, at + IoUringSqe.FD, r.nsid());
                sqes.set(ValueLayout.JAVA_LONG_UNALIGNED, at + IoUringSqe.ADDR, buf.segment().address() + r.bufferOffset());
                sqes.set(ValueLayout.JAVA_INT_UNALIGNED, at + IoUringSqe.LEN, r.length() & ~511);
                sqes.set(ValueLayout.JAVA_LONG_UNALIGNED, at + IoUringSqe.OFF, (r.bytes()[8] & 0xFFL) * 4096);
                // both passthrough kinds: flat data, or data_len iovecs (whatever the buffer holds) at addr
                boolean vectored = (r.bytes()[9] & 1) != 0;
                sqes.set(ValueLayout.JAVA_INT_UNALIGNED, at + IoUringSqe.CMD_OP,
                        vectored ? NvmeUringCmd.NVME_URING_CMD_IO_VEC : NvmeUringCmd.NVME_URING_CMD_IO);
                long c = at + IoUringSqe.CMD;
                NvmeUringCmd.setU8(sqes, c, NvmeUringCmd.FLAGS, 0);
                NvmeUringCmd.setU64(sqes, c, NvmeUringCmd.METADATA, 0);
                NvmeUringCmd.setU32(sqes, c, NvmeUringCmd.METADATA_LEN, 0);
                NvmeUringCmd.setU64(sqes, c, NvmeUringCmd.ADDR, buf.segment().address() + r.bufferOffset());
                NvmeUringCmd.setU32(sqes, c, NvmeUringCmd.DATA_LEN, vectored
                        ? r.length() % (SqeTranslator.MAX_IOVECS + 64)
                        : Math.min(r.length(), (1 << 20) - r.bufferOffset()));
            }
            sqes.set(ValueLayout.JAVA_LONG_UNALIGNED, at + IoUringSqe.USER_DATA, ud);
            expected.put(ud, sqes.get(ValueLayout.JAVA_BYTE, at + IoUringSqe.FLAGS) & 0xFF);
            ud++;
        }
        ring.submit();
        // a drained sentinel in its own submission completes after everything above
        long sentinel = 1_000_000;
        while (!ring.prepNop(sentinel)) {
            ring.submit();
            drainInto(ring, flagsByUserData);
        }
        ring.setLastFlags(IoUring.IOSQE_IO_DRAIN);
        ring.submit();
        boolean sawSentinel = false;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!sawSentinel && System.nanoTime() < deadline) {
            ring.waitCqes(1);
            sawSentinel = drainInto(ring, flagsByUserData);
        }
        assertThat(sawSentinel).as("sentinel CQE").isTrue();
        for (Map.Entry<Long, Integer> e : expected.entrySet()) {
            Integer res = results.get(e.getKey());
            boolean skip = (e.getValue() & IoUring.IOSQE_CQE_SKIP_SUCCESS) != 0;
            if (!skip) {
                assertThat(res).as("CQE for SQE " + e.getKey() + " flags 0x" + Integer.toHexString(e.getValue())).isNotNull();
            } else if (res != null) {
                assertThat(res).as("a skip-success SQE only posts on failure").isNotZero();
            }
        }
        assertThat(results.keySet()).allMatch(k -> expected.containsKey(k));
        assertThat(ring.cqReady()).isZero();
        expected.clear();
        results.clear();
    }

    private static final Map<Long, Integer> expected = new HashMap<>();
    private static final Map<Long, Integer> results = new HashMap<>();

    private static int steerOpcode(byte b) {
        int[] ops = {IoUring.OP_NOP, IoUring.OP_READ, IoUring.OP_WRITE, IoUring.OP_READV, IoUring.OP_WRITEV,
                IoUring.OP_READ_FIXED, IoUring.OP_WRITE_FIXED, IoUring.OP_FSYNC, IoUring.OP_URING_CMD};
        return ops[(b & 0xFF) % ops.length];
    }

    /** Reaps what is ready; true when the sentinel came. Fails on a second CQE for one SQE. */
    private static boolean drainInto(Ring ring, Map<Long, Integer> unused) {
        boolean[] sentinel = {false};
        ring.forEachCqe((userData, res, flags, big0) -> {
            if (userData == 1_000_000) {
                sentinel[0] = true;
                return;
            }
            Integer before = results.put(userData, res);
            assertThat(before).as("second CQE for SQE " + userData).isNull();
        });
        return sentinel[0];
    }
}
