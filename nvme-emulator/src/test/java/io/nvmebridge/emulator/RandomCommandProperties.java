package io.nvmebridge.emulator;

import static io.nvmebridge.emulator.TestHost.Command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.Generate.constant;
import static org.quicktheories.generators.Generate.frequency;
import static org.quicktheories.generators.Generate.intArrays;
import static org.quicktheories.generators.Generate.longRange;
import static org.quicktheories.generators.Generate.oneOf;
import static org.quicktheories.generators.Generate.range;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.testsupport.Examples;
import io.nvmebridge.testsupport.Generators;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

/**
 * Random 64-byte commands never throw, always complete with a status, and leave the controller usable.
 * Each try starts an emulator, so a failure is shrunk for at most {@value #SHRINK_CYCLES} cycles, not
 * QuickTheories' default of 100,000.
 */
class RandomCommandProperties {
    static final int SHRINK_CYCLES = 1000;

    /**
     * A random command for the admin queue (true) or I/O queue 1 (false). With {@code dataInScratch}, PRP1
     * and PRP2 are replaced at run time by addresses inside a scratch buffer (offsets {@code prp1}/{@code prp2}),
     * so data transfers succeed without clobbering the test host's own queues.
     */
    record RandomCommand(boolean admin, byte[] bytes, boolean dataInScratch, int prp1, int prp2) {
        @Override
        public String toString() {
            return (admin ? "admin " : "io ") + HexFormat.of().formatHex(bytes)
                    + (dataInScratch ? " data in scratch at 0x" + Integer.toHexString(prp1) : "");
        }
    }

    static final int SCRATCH = 1 << 20;

    /** Status names by count, collected over the run and printed at its end. */
    private static final Map<String, Long> adminStatuses = new TreeMap<>();
    private static final Map<String, Long> ioStatuses = new TreeMap<>();

    @AfterAll
    static void summary() {
        System.out.println("random commands: admin statuses " + adminStatuses + "; I/O statuses " + ioStatuses);
    }

    static Gen<RandomCommand> commands() {
        Gen<Integer> opcodes = frequency(
                Pair.of(4, arbitrary().pick(AdminOpcode.IDENTIFY, AdminOpcode.CREATE_IO_CQ, AdminOpcode.CREATE_IO_SQ,
                        AdminOpcode.DELETE_IO_CQ, AdminOpcode.DELETE_IO_SQ, AdminOpcode.GET_LOG_PAGE,
                        AdminOpcode.GET_FEATURES, AdminOpcode.SET_FEATURES, AdminOpcode.ABORT,
                        AdminOpcode.DOORBELL_BUFFER_CONFIG, NvmOpcode.READ, NvmOpcode.WRITE, NvmOpcode.COMPARE,
                        NvmOpcode.WRITE_ZEROES, NvmOpcode.DATASET_MANAGEMENT, NvmOpcode.FLUSH)),
                Pair.of(1, range(0, 255)));
        Gen<Integer> nsids = frequency(Pair.of(6, constant(1)), Pair.of(1, arbitrary().pick(0, 2, -1)),
                Pair.of(1, integers().all()));
        Gen<Integer> flags = frequency(Pair.of(6, constant(0)), Pair.of(1, range(0, 255)));
        Gen<byte[]> body = Generators.bytes(SubmissionEntry.SIZE);
        // small dwords make plausible queue ids, sizes, LBAs, block counts and feature ids
        Gen<Integer> dword = oneOf(integers().all(), range(0, 64), range(0, 0x40).map(v -> v | 7 << 16));
        Gen<Integer> scratchOffset = oneOf(range(0, 255).map(p -> p * 4096), range(0, SCRATCH / 2));
        Gen<int[]> dwords = intArrays(constant(4), dword);
        Gen<Boolean> bools = booleans().all();
        return in -> {
            boolean admin = bools.generate(in);
            int opcode = opcodes.generate(in);
            int nsid = nsids.generate(in);
            int fl = flags.generate(in);
            byte[] bytes = body.generate(in);
            int[] cdw = dwords.generate(in);
            boolean inScratch = bools.generate(in);
            int offset = scratchOffset.generate(in);
            MemorySegment s = MemorySegment.ofArray(bytes);
            s.set(ValueLayout.JAVA_BYTE, SubmissionEntry.OPCODE, (byte) opcode);
            s.set(ValueLayout.JAVA_BYTE, SubmissionEntry.FLAGS, (byte) fl);
            SubmissionEntry.setNsid(s, 0, nsid);
            for (int i = 0; i < 4; i++) {
                SubmissionEntry.setCdw(s, 0, 10 + i, cdw[i]);
            }
            return new RandomCommand(admin, bytes, inScratch, offset, (offset + 4096) & ~4095);
        };
    }

    @Test
    void randomCommandsAlwaysCompleteAndControllerStaysUsable() {
        Examples.atLeast(150).shrinkCycles(SHRINK_CYCLES).check(lists().of(commands()).ofSizeBetween(1, 8),
                RandomCommandProperties::commandsCompleteAndControllerStaysUsable);
    }

    private static void commandsCompleteAndControllerStaysUsable(List<RandomCommand> commands) {
        // namespace 2 keeps 16 bytes of metadata per block: a command's MPTR (random, or in the scratch buffer)
        // is then a second buffer to map
        try (TestHost h = TestHost.started(TestHost.ramConfig().maxIoQueuePairs(4)
                .namespace(NamespaceConfig.ram(2, 256, 4096).withMetadata(16)).build(), 4L << 20)) {
            TestHost.QueuePair io = h.createIoQueuePair(1, 16);
            DmaBuffer scratch = h.buffer(SCRATCH);
            boolean ioQueueAlive = true;
            for (RandomCommand rc : commands) {
                Command c = new Command();
                MemorySegment.copy(MemorySegment.ofArray(rc.bytes()), 0, c.bytes, 0, SubmissionEntry.SIZE);
                if (rc.dataInScratch()) {
                    c.prp1(scratch.deviceAddress(rc.prp1())).prp2(scratch.deviceAddress(rc.prp2()))
                            .mptr(scratch.deviceAddress((rc.prp2() + 2048) % SCRATCH));
                }
                int opcode = rc.bytes()[0] & 0xFF;
                if (rc.admin()) {
                    TestHost.Completion done = h.admin.submit(c);
                    if (opcode == AdminOpcode.ASYNC_EVENT_REQUEST) {
                        continue; // parked until an event, or limit exceeded: either is fine
                    }
                    assertThat(done).as("admin opcode 0x%02x completes", opcode).isNotNull();
                    adminStatuses.merge(Status.name(done.status()), 1L, Long::sum);
                    if (opcode == AdminOpcode.DELETE_IO_SQ && done.ok()
                            || opcode == AdminOpcode.DOORBELL_BUFFER_CONFIG && done.ok()) {
                        // queue 1 is gone, or now follows shadow doorbells this simple host does not write
                        ioQueueAlive = false;
                    }
                } else if (ioQueueAlive) {
                    TestHost.Completion done = io.submit(c);
                    assertThat(done).as("I/O opcode 0x%02x completes", opcode).isNotNull();
                    ioStatuses.merge(Status.name(done.status()), 1L, Long::sum);
                }
            }
            // usable afterwards: admin works, and after a reset a fresh I/O queue reads
            h.identify(1, 0);
            h.disable();
            h.enable();
            TestHost.QueuePair fresh = h.createIoQueuePair(1, 8);
            DmaBuffer b = h.buffer(4096);
            assertThat(h.read(fresh, 1, 0, 1, b).ok()).isTrue();
        }
    }

    @Test
    void randomRegisterWritesNeverThrow() {
        Examples.atLeast(200).shrinkCycles(SHRINK_CYCLES).check(offsets(), integers().all(), booleans().all(),
                RandomCommandProperties::registerWriteLeavesTheControllerUsable);
    }

    private static void registerWriteLeavesTheControllerUsable(long offset, int value, boolean wide) {
        try (TestHost h = TestHost.started(TestHost.ramConfig().maxIoQueuePairs(2).build(), 1L << 20)) {
            if (wide) {
                h.fn.write64(offset, ((long) value << 32) | (value & 0xFFFFFFFFL));
            } else {
                h.fn.write32(offset, value);
            }
            h.fn.read32(offset);
            h.fn.read64(offset);
            h.disable();
            h.enable();
            h.identify(1, 0);
        }
    }

    /** Registers and doorbells, anywhere in 64 bits, or exactly the registers a driver writes. */
    static Gen<Long> offsets() {
        return oneOf(longRange(0, 0x1040), longs().all(), arbitrary().pick(0x00L, 0x0CL, 0x10L, 0x14L, 0x1CL, 0x20L,
                0x24L, 0x28L, 0x30L, 0x1000L, 0x1004L, 0x1008L));
    }
}
