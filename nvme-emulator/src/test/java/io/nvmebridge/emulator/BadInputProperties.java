package io.nvmebridge.emulator;

import static io.nvmebridge.emulator.TestHost.Command;
import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.regs.ControllerRegisters;
import io.nvmebridge.spec.regs.Csts;
import io.nvmebridge.testsupport.Examples;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input to the emulated controller, counted: random, steered and mutated 64-byte commands on the
 * admin queue and an I/O queue, and random register writes (32 and 64 bit, registers, doorbells and
 * holes in BAR0). Nothing throws, nothing hangs (INLINE mode: a command is answered during its doorbell
 * write, or never), every command gets a completion with a spec status (Asynchronous Event Requests are
 * held by design until an event and counted apart), and after every batch the controller resets and a
 * write + read back returns the data written.
 *
 * <p>Each try is a batch grown from one seed that QuickTheories draws: 1000 tries of 10 inputs per property by
 * default (10,000 commands and 10,000 register writes), 1000 inputs per try with {@code -Dnvmebridge.long=true}
 * (1,000,000 each). A failure names the try's seed and the run's seed ({@code -DQT_SEED} replays the run); a
 * smaller seed is not a smaller batch, so failures are not shrunk. One summary line per property goes to stdout
 * at the end, with the tries that ran.
 */
class BadInputProperties {
    static final boolean LONG = Boolean.getBoolean("nvmebridge.long");
    static final int TRIES = 1000;
    static final int BATCH = LONG ? 1000 : 10;
    static final int SCRATCH = 1 << 20;
    private static final int IO_ENTRIES = 16;

    private static long commandTries;
    private static long commands;
    private static long aerHeld;
    private static long commandExceptions;
    private static final Map<String, Long> adminStatuses = new TreeMap<>();
    private static final Map<String, Long> ioStatuses = new TreeMap<>();
    private static long registerTries;
    private static long registerWrites;
    private static long registerExceptions;
    private static final Map<String, Long> registerOutcomes = new TreeMap<>();

    @AfterAll
    static void summary() {
        String run = LONG ? " (long run)" : "";
        System.out.println("bad-input[emulator commands]: " + commands + " cases in " + commandTries + " tries" + run
                + "; admin statuses " + adminStatuses + "; I/O statuses " + ioStatuses + "; AER held by design "
                + aerHeld + "; exceptions " + commandExceptions);
        System.out.println("bad-input[emulator register writes]: " + registerWrites + " cases in " + registerTries + " tries" + run
                + "; CSTS after the write " + registerOutcomes + "; exceptions " + registerExceptions);
    }

    // ---------------------------------------------------------------------------------------- commands

    private static final int[] ADMIN_OPS = {AdminOpcode.IDENTIFY, AdminOpcode.CREATE_IO_CQ, AdminOpcode.CREATE_IO_SQ,
            AdminOpcode.DELETE_IO_CQ, AdminOpcode.DELETE_IO_SQ, AdminOpcode.GET_LOG_PAGE, AdminOpcode.GET_FEATURES,
            AdminOpcode.SET_FEATURES, AdminOpcode.ABORT, AdminOpcode.ASYNC_EVENT_REQUEST, AdminOpcode.KEEP_ALIVE,
            AdminOpcode.DOORBELL_BUFFER_CONFIG, AdminOpcode.FORMAT_NVM};
    private static final int[] IO_OPS = {NvmOpcode.READ, NvmOpcode.WRITE, NvmOpcode.COMPARE, NvmOpcode.WRITE_ZEROES,
            NvmOpcode.DATASET_MANAGEMENT, NvmOpcode.FLUSH, NvmOpcode.WRITE_UNCORRECTABLE};

    /** One try's host: controller enabled, I/O queue pair 1, a scratch buffer for data. */
    private static final class Host {
        final TestHost h;
        final DmaBuffer scratch;
        TestHost.QueuePair io;
        boolean ioUsable;

        Host() {
            h = TestHost.started(TestHost.ramConfig().maxIoQueuePairs(4).build(), 4L << 20);
            scratch = h.buffer(SCRATCH);
            io = h.createIoQueuePair(1, IO_ENTRIES);
            ioUsable = true;
        }

        /** Controller reset, fresh admin and I/O queues (what a driver does after a bad state). */
        void reset() {
            TestHost.QueuePair oldAdmin = h.admin;
            TestHost.QueuePair oldIo = io;
            h.disable();
            h.enable();
            io = h.createIoQueuePair(1, IO_ENTRIES);
            ioUsable = true;
            // the controller forgot the old queues: give their memory back (a long run resets often)
            for (DmaBuffer b : new DmaBuffer[] {oldAdmin.sq, oldAdmin.cq, oldIo.sq, oldIo.cq}) {
                h.mem.free(b);
            }
        }
    }

    @Test
    void everyBadCommandIsAnsweredAndTheControllerStillServes() {
        Examples.atLeast(TRIES).checkSeeds(seed -> {
            commandTries++;
            try {
                runCommands(new Random(seed));
            } catch (RuntimeException e) {
                commandExceptions++;
                throw e;
            }
        });
    }

    private static void runCommands(Random rnd) {
        Host host = new Host();
        try {
            for (int i = 0; i < BATCH; i++) {
                boolean admin = rnd.nextInt(10) < 3;
                Command c = randomCommand(rnd, admin, host.scratch);
                int opcode = c.bytes.get(ValueLayout.JAVA_BYTE, SubmissionEntry.OPCODE) & 0xFF;
                commands++;
                if (admin) {
                    Integer status = submit(host.h.admin, c, host);
                    if (status == null) {
                        assertThat(opcode).as("only an AER may stay unanswered").isEqualTo(AdminOpcode.ASYNC_EVENT_REQUEST);
                        aerHeld++;
                        continue;
                    }
                    adminStatuses.merge(Status.name(status), 1L, Long::sum);
                    if (status == Status.SUCCESS && (opcode == AdminOpcode.DELETE_IO_SQ || opcode == AdminOpcode.DELETE_IO_CQ
                            || opcode == AdminOpcode.DOORBELL_BUFFER_CONFIG)) {
                        // queue 1 may be gone, or follow shadow doorbells this host does not write: reset
                        host.reset();
                    }
                } else {
                    Integer status = submit(host.io, c, host);
                    assertThat(status).as("I/O opcode 0x%02x answered", opcode).isNotNull();
                    ioStatuses.merge(Status.name(status), 1L, Long::sum);
                }
            }
            host.reset(); // after anything the batch did, a reset brings the controller back
            assertWriteReadBack(host, rnd);
        } finally {
            host.h.close();
        }
    }

    /**
     * Submits one command and returns its status, or null when no completion for it came (INLINE mode
     * answers during the doorbell write). Completions of earlier AERs (an event happened) are skipped.
     */
    private static Integer submit(TestHost.QueuePair q, Command c, Host host) {
        int cid = q.push(c);
        q.ringSq();
        TestHost.Completion done;
        while ((done = q.poll()) != null) {
            if (done.cid() == cid) {
                return done.status();
            }
            assertThat(q.qid).as("an unexpected completion on an I/O queue: " + done).isZero();
        }
        return null;
    }

    private static Command randomCommand(Random rnd, boolean admin, DmaBuffer scratch) {
        Command c = new Command();
        MemorySegment b = c.bytes;
        int kind = rnd.nextInt(3);
        if (kind == 0) {
            // 64 random bytes, PRPs included (a random 64-bit PRP lies outside host memory)
            for (int k = 0; k < SubmissionEntry.SIZE; k += 8) {
                b.set(ValueLayout.JAVA_LONG_UNALIGNED, k, rnd.nextLong());
            }
            return c;
        }
        int[] ops = admin ? ADMIN_OPS : IO_OPS;
        int opcode = rnd.nextInt(8) == 0 ? rnd.nextInt(256) : ops[rnd.nextInt(ops.length)];
        SubmissionEntry.setCdw0(b, 0, opcode, 0, 0);
        SubmissionEntry.setNsid(b, 0, rnd.nextInt(6) != 0 ? 1 : new int[] {0, 2, -1, rnd.nextInt()}[rnd.nextInt(4)]);
        long prp1 = scratch.deviceAddress(4096L * rnd.nextInt(SCRATCH / 4096 - 32) + (rnd.nextInt(4) == 0 ? rnd.nextInt(4096) : 0));
        c.prp1(prp1).prp2((prp1 + 4096) & ~4095L);
        if (kind == 1) {
            // plausible dwords: small numbers make queue ids, sizes, LBAs, block counts and feature ids
            for (int n = 10; n <= 15; n++) {
                c.cdw(n, rnd.nextBoolean() ? rnd.nextInt(64) : rnd.nextInt());
            }
        } else {
            // a well-formed command, then mutated
            switch (opcode) {
                case AdminOpcode.IDENTIFY -> c.cdw(10, rnd.nextInt(3));
                case AdminOpcode.GET_LOG_PAGE -> c.cdw(10, (1 + rnd.nextInt(3)) | (127 << 16));
                case AdminOpcode.GET_FEATURES, AdminOpcode.SET_FEATURES -> c.cdw(10, 1 + rnd.nextInt(12)).cdw(11, rnd.nextInt(8));
                case AdminOpcode.CREATE_IO_CQ, AdminOpcode.CREATE_IO_SQ -> c.cdw(10, (2 + rnd.nextInt(3)) | (7 << 16))
                        .cdw(11, 1 | (2 + rnd.nextInt(3)) << 16);
                default -> c.cdw(10, rnd.nextInt(1024)).cdw(12, rnd.nextInt(8));
            }
            for (int m = 1 + rnd.nextInt(3); m > 0; m--) {
                int pos = rnd.nextInt(SubmissionEntry.SIZE);
                if (pos >= 24 && pos < 40) {
                    continue; // keep the PRPs in the scratch buffer: the host's own queues stay intact
                }
                b.set(ValueLayout.JAVA_BYTE, pos, (byte) (b.get(ValueLayout.JAVA_BYTE, pos) ^ (1 << rnd.nextInt(8))));
            }
        }
        return c;
    }

    private static void assertWriteReadBack(Host host, Random rnd) {
        DmaBuffer w = host.h.buffer(4096);
        DmaBuffer r = host.h.buffer(4096);
        for (int k = 0; k < 4096; k += 8) {
            w.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, k, rnd.nextLong());
        }
        long lba = rnd.nextInt(2048 - 8);
        TestHost.Completion wc = host.h.write(host.io, 1, lba, 8, w);
        assertThat(wc).isNotNull();
        assertThat(wc.ok()).as(wc.toString()).isTrue();
        TestHost.Completion rc = host.h.read(host.io, 1, lba, 8, r);
        assertThat(rc).isNotNull();
        assertThat(rc.ok()).as(rc.toString()).isTrue();
        assertThat(r.segment().mismatch(w.segment())).isEqualTo(-1);
    }

    // ---------------------------------------------------------------------------------- register writes

    @Test
    void randomRegisterWritesNeverThrowAndAResetRecovers() {
        Examples.atLeast(TRIES).checkSeeds(seed -> {
            registerTries++;
            registerWritesThenReset(new Random(seed));
        });
    }

    private static void registerWritesThenReset(Random rnd) {
        try {
            Host host = new Host();
            try {
                for (int i = 0; i < BATCH; i++) {
                    long offset = registerOffset(rnd);
                    long value = switch (rnd.nextInt(4)) {
                        case 0 -> rnd.nextLong();
                        case 1 -> rnd.nextInt(64);
                        case 2 -> new long[] {0, -1, 1, 0x4E564D65L, 0x00460001L, 0x00464001L, 0xC000L}[rnd.nextInt(7)];
                        default -> rnd.nextInt();
                    };
                    registerWrites++;
                    if (rnd.nextBoolean()) {
                        host.h.fn.write64(offset & ~7L, value);
                    } else {
                        host.h.fn.write32(offset, (int) value);
                    }
                    host.h.fn.read32(offset);
                    host.h.fn.read64(offset & ~7L);
                    registerOutcomes.merge(outcome(host.h.fn.read32(ControllerRegisters.CSTS)), 1L, Long::sum);
                }
                host.reset();
                assertWriteReadBack(host, rnd);
            } finally {
                host.h.close();
            }
        } catch (RuntimeException e) {
            registerExceptions++;
            throw e;
        }
    }

    private static long registerOffset(Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> new long[] {ControllerRegisters.CAP, ControllerRegisters.VS, ControllerRegisters.INTMS,
                    ControllerRegisters.INTMC, ControllerRegisters.CC, ControllerRegisters.CSTS, ControllerRegisters.NSSR,
                    ControllerRegisters.AQA, ControllerRegisters.ASQ, ControllerRegisters.ACQ, ControllerRegisters.CMBLOC,
                    ControllerRegisters.CMBSZ}[rnd.nextInt(12)];
            case 1 -> ControllerRegisters.DOORBELL_BASE + 4L * rnd.nextInt(16);   // doorbells of queues 0..7
            case 2 -> 4L * rnd.nextInt(0x1000 / 4);                               // registers and holes
            case 3 -> ControllerRegisters.DOORBELL_BASE + 4L * rnd.nextInt(1024); // doorbells of no queue
            default -> rnd.nextLong() & ~3L;                                       // anywhere
        };
    }

    private static String outcome(int csts) {
        if (Csts.CFS.get(csts) == 1) {
            return "fatal (CFS)";
        }
        if (Csts.SHST.get(csts) != Csts.SHST_NORMAL) {
            return "shutdown";
        }
        return Csts.RDY.get(csts) == 1 ? "ready" : "not ready";
    }
}
