package io.nvmebridge.emulator;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.device.DmaBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static io.nvmebridge.emulator.TestHost.Command;
import static org.assertj.core.api.Assertions.assertThat;

/** Random 64-byte commands never throw, always complete with a status, and leave the controller usable. */
class RandomCommandProperties {

    /** A random command for the admin queue (true) or I/O queue 1 (false). */
    record RandomCommand(boolean admin, byte[] bytes) {
    }

    @Provide
    Arbitrary<RandomCommand> commands() {
        Arbitrary<Integer> opcodes = Arbitraries.oneOf(
                Arbitraries.of(AdminOpcode.IDENTIFY, AdminOpcode.CREATE_IO_CQ, AdminOpcode.CREATE_IO_SQ,
                        AdminOpcode.DELETE_IO_CQ, AdminOpcode.DELETE_IO_SQ, AdminOpcode.GET_LOG_PAGE,
                        AdminOpcode.GET_FEATURES, AdminOpcode.SET_FEATURES, AdminOpcode.ABORT,
                        AdminOpcode.DOORBELL_BUFFER_CONFIG, NvmOpcode.READ, NvmOpcode.WRITE, NvmOpcode.COMPARE,
                        NvmOpcode.WRITE_ZEROES, NvmOpcode.DATASET_MANAGEMENT, NvmOpcode.FLUSH),
                Arbitraries.integers().between(0, 255));
        Arbitrary<Integer> nsids = Arbitraries.oneOf(Arbitraries.of(0, 1, 2, -1), Arbitraries.integers());
        Arbitrary<Integer> flags = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 255));
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofSize(SubmissionEntry.SIZE);
        return Combinators.combine(Arbitraries.of(true, false), opcodes, nsids, flags, body)
                .as((admin, opcode, nsid, fl, bytes) -> {
                    MemorySegment s = MemorySegment.ofArray(bytes);
                    s.set(ValueLayout.JAVA_BYTE, SubmissionEntry.OPCODE, opcode.byteValue());
                    s.set(ValueLayout.JAVA_BYTE, SubmissionEntry.FLAGS, fl.byteValue());
                    SubmissionEntry.setNsid(s, 0, nsid);
                    return new RandomCommand(admin, bytes);
                });
    }

    @Provide
    Arbitrary<List<RandomCommand>> commandLists() {
        return commands().list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 150)
    void randomCommandsAlwaysCompleteAndControllerStaysUsable(
            @ForAll("commandLists") List<RandomCommand> commands) {
        try (TestHost h = TestHost.started(TestHost.ramConfig().maxIoQueuePairs(4).build(), 4L << 20)) {
            TestHost.QueuePair io = h.createIoQueuePair(1, 16);
            boolean ioQueueAlive = true;
            for (RandomCommand rc : commands) {
                Command c = new Command();
                MemorySegment.copy(MemorySegment.ofArray(rc.bytes()), 0, c.bytes, 0, SubmissionEntry.SIZE);
                int opcode = rc.bytes()[0] & 0xFF;
                if (rc.admin()) {
                    TestHost.Completion done = h.admin.submit(c);
                    if (opcode == AdminOpcode.ASYNC_EVENT_REQUEST) {
                        continue; // parked until an event, or limit exceeded: either is fine
                    }
                    assertThat(done).as("admin opcode 0x%02x completes", opcode).isNotNull();
                    if (opcode == AdminOpcode.DELETE_IO_SQ && done.ok()) {
                        ioQueueAlive = false;
                    }
                } else if (ioQueueAlive) {
                    TestHost.Completion done = io.submit(c);
                    assertThat(done).as("I/O opcode 0x%02x completes", opcode).isNotNull();
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
