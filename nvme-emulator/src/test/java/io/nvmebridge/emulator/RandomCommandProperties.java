package io.nvmebridge.emulator;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.device.DmaBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static io.nvmebridge.emulator.TestHost.Command;
import static org.assertj.core.api.Assertions.assertThat;

/** Random 64-byte commands never throw, always complete with a status, and leave the controller usable. */
class RandomCommandProperties {

    /**
     * A random command for the admin queue (true) or I/O queue 1 (false). With {@code dataInScratch}, PRP1
     * and PRP2 are replaced at run time by addresses inside a scratch buffer (offsets {@code prp1}/{@code prp2}),
     * so data transfers succeed without clobbering the test host's own queues.
     */
    record RandomCommand(boolean admin, byte[] bytes, boolean dataInScratch, int prp1, int prp2) {
    }

    static final int SCRATCH = 1 << 20;

    @Provide
    Arbitrary<RandomCommand> commands() {
        Arbitrary<Integer> opcodes = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(AdminOpcode.IDENTIFY, AdminOpcode.CREATE_IO_CQ, AdminOpcode.CREATE_IO_SQ,
                        AdminOpcode.DELETE_IO_CQ, AdminOpcode.DELETE_IO_SQ, AdminOpcode.GET_LOG_PAGE,
                        AdminOpcode.GET_FEATURES, AdminOpcode.SET_FEATURES, AdminOpcode.ABORT,
                        AdminOpcode.DOORBELL_BUFFER_CONFIG, NvmOpcode.READ, NvmOpcode.WRITE, NvmOpcode.COMPARE,
                        NvmOpcode.WRITE_ZEROES, NvmOpcode.DATASET_MANAGEMENT, NvmOpcode.FLUSH)),
                Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<Integer> nsids = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(1)),
                Tuple.of(1, Arbitraries.of(0, 2, -1)), Tuple.of(1, Arbitraries.integers()));
        Arbitrary<Integer> flags = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofSize(SubmissionEntry.SIZE);
        // small dwords make plausible queue ids, sizes, LBAs, block counts and feature ids
        Arbitrary<Integer> dword = Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.integers().between(0, 64),
                Arbitraries.integers().between(0, 0x40).map(v -> v | 7 << 16));
        Arbitrary<Integer> scratchOffset = Arbitraries.oneOf(Arbitraries.integers().between(0, 255).map(p -> p * 4096),
                Arbitraries.integers().between(0, SCRATCH / 2));
        Arbitrary<int[]> dwords = dword.array(int[].class).ofSize(4);
        return Combinators.combine(Arbitraries.of(true, false), opcodes, nsids, flags, body, dwords,
                        Arbitraries.of(true, false), scratchOffset)
                .as((admin, opcode, nsid, fl, bytes, cdw, inScratch, offset) -> {
                    MemorySegment s = MemorySegment.ofArray(bytes);
                    s.set(ValueLayout.JAVA_BYTE, SubmissionEntry.OPCODE, opcode.byteValue());
                    s.set(ValueLayout.JAVA_BYTE, SubmissionEntry.FLAGS, fl.byteValue());
                    SubmissionEntry.setNsid(s, 0, nsid);
                    for (int i = 0; i < 4; i++) {
                        SubmissionEntry.setCdw(s, 0, 10 + i, cdw[i]);
                    }
                    return new RandomCommand(admin, bytes, inScratch, offset, (offset + 4096) & ~4095);
                });
    }

    @Provide
    Arbitrary<List<RandomCommand>> commandLists() {
        return commands().list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 150)
    void randomCommandsAlwaysCompleteAndControllerStaysUsable(
            @ForAll("commandLists") List<RandomCommand> commands) {
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
                    Statistics.label("admin status").collect(Status.name(done.status()));
                    if (opcode == AdminOpcode.DELETE_IO_SQ && done.ok()
                            || opcode == AdminOpcode.DOORBELL_BUFFER_CONFIG && done.ok()) {
                        // queue 1 is gone, or now follows shadow doorbells this simple host does not write
                        ioQueueAlive = false;
                    }
                } else if (ioQueueAlive) {
                    TestHost.Completion done = io.submit(c);
                    assertThat(done).as("I/O opcode 0x%02x completes", opcode).isNotNull();
                    Statistics.label("io status").collect(Status.name(done.status()));
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

    @Property(tries = 200)
    void randomRegisterWritesNeverThrow(@ForAll("offsets") long offset, @ForAll int value, @ForAll boolean wide) {
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

    @Provide
    Arbitrary<Long> offsets() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 0x1040), Arbitraries.longs(),
                Arbitraries.of(0x00L, 0x0CL, 0x10L, 0x14L, 0x1CL, 0x20L, 0x24L, 0x28L, 0x30L, 0x1000L, 0x1004L, 0x1008L));
    }
}
