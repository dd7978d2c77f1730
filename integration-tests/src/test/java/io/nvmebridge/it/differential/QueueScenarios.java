package io.nvmebridge.it.differential;

import static io.nvmebridge.it.differential.DifferentialTest.IO_QUEUE_PAIRS;
import static io.nvmebridge.it.differential.DifferentialTest.NS1;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.admin.QueueCommands;
import io.nvmebridge.spec.regs.ControllerRegisters;
import java.util.ArrayList;
import java.util.List;

/** Create/Delete I/O SQ/CQ, valid and every kind of invalid, plus queue wrap-around. */
final class QueueScenarios {
    private QueueScenarios() {
    }

    static Command createCq(Ctx c, int qid, int entries, int cdw11) {
        return Command.of(AdminOpcode.CREATE_IO_CQ).prp1(c.raw.bus(RawController.ioCqOffset(Math.max(1, Math.min(qid, RawController.MAX_QID)))))
                .cdw10(QueueCommands.createCdw10(qid, entries)).cdw11(cdw11);
    }

    static Command createSq(Ctx c, int qid, int entries, int cqid) {
        return Command.of(AdminOpcode.CREATE_IO_SQ).prp1(c.raw.bus(RawController.ioSqOffset(Math.max(1, Math.min(qid, RawController.MAX_QID)))))
                .cdw10(QueueCommands.createCdw10(qid, entries)).cdw11(QueueCommands.createSqCdw11(cqid, 0));
    }

    static Command deleteSq(int qid) {
        return Command.of(AdminOpcode.DELETE_IO_SQ).cdw10(qid);
    }

    static Command deleteCq(int qid) {
        return Command.of(AdminOpcode.DELETE_IO_CQ).cdw10(qid);
    }

    static List<Scenario> all() {
        List<Scenario> s = new ArrayList<>();
        int pc = QueueCommands.CDW11_PC;
        int max = IO_QUEUE_PAIRS;
        // Create I/O CQ
        s.add(new Scenario("queues", "create cq valid", c -> c.admin("create", createCq(c, 1, 16, pc))));
        s.add(new Scenario("queues", "create cq twice", c -> {
            c.admin("first", createCq(c, 1, 16, pc));
            c.admin("second", createCq(c, 1, 16, pc));
        }));
        s.add(new Scenario("queues", "create cq qid 0", c -> c.admin("create", createCq(c, 0, 16, pc))));
        s.add(new Scenario("queues", "create cq highest qid", c -> c.admin("create", createCq(c, max, 16, pc))));
        s.add(new Scenario("queues", "create cq qid above max", c -> c.admin("create", createCq(c, max + 1, 16, pc))));
        s.add(new Scenario("queues", "create cq qid 0xffff", c -> c.admin("create", createCq(c, 0xFFFF, 16, pc))));
        s.add(new Scenario("queues", "create cq one entry", c -> c.admin("create", createCq(c, 1, 1, pc))));
        s.add(new Scenario("queues", "create cq two entries", c -> c.admin("create", createCq(c, 1, 2, pc))));
        s.add(new Scenario("queues", "create cq mqes+1 entries", c -> c.admin("create", createCq(c, 1, 0x800, pc))));
        s.add(new Scenario("queues", "create cq mqes+2 entries", c -> c.admin("create", createCq(c, 1, 0x801, pc))));
        s.add(new Scenario("queues", "create cq 65536 entries", c -> c.admin("create", createCq(c, 1, 0x10000, pc))));
        s.add(new Scenario("queues", "create cq not contiguous", c -> c.admin("create", createCq(c, 1, 16, 0))));
        s.add(new Scenario("queues", "create cq prp1 0", c -> c.admin("create", createCq(c, 1, 16, pc).prp1(0))));
        s.add(new Scenario("queues", "create cq prp1 misaligned", c -> c.admin("create",
                createCq(c, 1, 16, pc).prp1(c.raw.bus(RawController.ioCqOffset(1) + 0x40)))));
        s.add(new Scenario("queues", "create cq ien vector 0", c -> c.admin("create",
                createCq(c, 1, 16, QueueCommands.createCqCdw11(true, 0) | pc))));
        for (int v : new int[] {1, max, max + 1, 64, 65, 0x7FF}) {
            s.add(new Scenario("queues", "create cq ien vector " + v, c -> c.admin("create",
                    createCq(c, 1, 16, QueueCommands.createCqCdw11(true, v) | pc))));
            s.add(new Scenario("queues", "create cq vector " + v + " without ien", c -> c.admin("create",
                    createCq(c, 1, 16, (v << 16) | pc))));
        }
        // Create I/O SQ
        s.add(new Scenario("queues", "create sq valid", c -> {
            c.admin("cq", createCq(c, 1, 16, pc));
            c.admin("sq", createSq(c, 1, 16, 1));
        }));
        s.add(new Scenario("queues", "create sq twice", c -> {
            c.admin("cq", createCq(c, 1, 16, pc));
            c.admin("sq", createSq(c, 1, 16, 1));
            c.admin("sq again", createSq(c, 1, 16, 1));
        }));
        s.add(new Scenario("queues", "create sq without cq", c -> c.admin("sq", createSq(c, 1, 16, 1))));
        s.add(new Scenario("queues", "create sq on admin cq", c -> c.admin("sq", createSq(c, 1, 16, 0))));
        s.add(new Scenario("queues", "create sq on cq above max", c -> c.admin("sq", createSq(c, 1, 16, max + 1))));
        s.add(new Scenario("queues", "create sq qid 0", c -> {
            c.admin("cq", createCq(c, 1, 16, pc));
            c.admin("sq", createSq(c, 0, 16, 1));
        }));
        s.add(new Scenario("queues", "create sq qid above max", c -> {
            c.admin("cq", createCq(c, 1, 16, pc));
            c.admin("sq", createSq(c, max + 1, 16, 1));
        }));
        s.add(new Scenario("queues", "create sq one entry", c -> {
            c.admin("cq", createCq(c, 1, 16, pc));
            c.admin("sq", createSq(c, 1, 1, 1));
        }));
        s.add(new Scenario("queues", "create sq mqes+2 entries", c -> {
            c.admin("cq", createCq(c, 1, 16, pc));
            c.admin("sq", createSq(c, 1, 0x801, 1));
        }));
        s.add(new Scenario("queues", "create sq not contiguous", c -> {
            c.admin("cq", createCq(c, 1, 16, pc));
            Command sq = createSq(c, 1, 16, 1);
            sq.cdw11(sq.cdw[11] & ~QueueCommands.CDW11_PC);
            c.admin("sq", sq);
        }));
        s.add(new Scenario("queues", "create sq prp1 0", c -> {
            c.admin("cq", createCq(c, 1, 16, pc));
            c.admin("sq", createSq(c, 1, 16, 1).prp1(0));
        }));
        s.add(new Scenario("queues", "create sq prp1 misaligned", c -> {
            c.admin("cq", createCq(c, 1, 16, pc));
            c.admin("sq", createSq(c, 1, 16, 1).prp1(c.raw.bus(RawController.ioSqOffset(1) + 0x100)));
        }));
        for (int prio = 1; prio <= 3; prio++) {
            int p = prio;
            s.add(new Scenario("queues", "create sq priority " + p, c -> {
                c.admin("cq", createCq(c, 1, 16, pc));
                c.admin("sq", createSq(c, 1, 16, 1).cdw11(QueueCommands.createSqCdw11(1, p)));
            }));
        }
        s.add(new Scenario("queues", "two sqs share a cq", c -> {
            c.admin("cq", createCq(c, 1, 16, pc));
            c.admin("sq 1", createSq(c, 1, 16, 1));
            c.admin("sq 2", createSq(c, 2, 16, 1));
        }));
        s.add(new Scenario("queues", "all queue pairs", c -> {
            for (int q = 1; q <= max; q++) {
                c.ioPair(q, 4);
            }
        }));
        // Delete
        s.add(new Scenario("queues", "delete sq valid", c -> {
            c.ioPair(1, 16);
            c.admin("delete sq", deleteSq(1));
        }));
        s.add(new Scenario("queues", "delete sq twice", c -> {
            c.ioPair(1, 16);
            c.admin("delete sq", deleteSq(1));
            c.admin("delete sq again", deleteSq(1));
        }));
        s.add(new Scenario("queues", "delete sq qid 0", c -> c.admin("delete", deleteSq(0))));
        s.add(new Scenario("queues", "delete sq never created", c -> c.admin("delete", deleteSq(3))));
        s.add(new Scenario("queues", "delete sq above max", c -> c.admin("delete", deleteSq(max + 1))));
        s.add(new Scenario("queues", "delete sq 0xffff", c -> c.admin("delete", deleteSq(0xFFFF))));
        s.add(new Scenario("queues", "delete cq with sq attached", c -> {
            c.ioPair(1, 16);
            c.admin("delete cq", deleteCq(1));
        }));
        s.add(new Scenario("queues", "delete cq after its sq", c -> {
            c.ioPair(1, 16);
            c.admin("delete sq", deleteSq(1));
            c.admin("delete cq", deleteCq(1));
        }));
        s.add(new Scenario("queues", "delete cq qid 0", c -> c.admin("delete", deleteCq(0))));
        s.add(new Scenario("queues", "delete cq never created", c -> c.admin("delete", deleteCq(2))));
        s.add(new Scenario("queues", "delete cq above max", c -> c.admin("delete", deleteCq(max + 1))));
        s.add(new Scenario("queues", "delete then recreate and use", c -> {
            c.ioPair(1, 16);
            c.admin("delete sq", deleteSq(1));
            c.admin("delete cq", deleteCq(1));
            c.ioPair(1, 8);
            c.io("flush", 1, Command.of(NvmOpcode.FLUSH).nsid(NS1));
        }));
        s.add(new Scenario("queues", "sq wraps around several times", c -> {
            c.ioPair(1, 4);
            for (int i = 0; i < 11; i++) {
                Cqe e = c.io("flush " + i, 1, Command.of(NvmOpcode.FLUSH).nsid(NS1));
                c.value("sqhd " + i, e.sqhd());
                c.value("sqid " + i, e.sqid());
            }
        }));
        s.add(new Scenario("queues", "admin sq wraps around", c -> {
            for (int i = 0; i < RawController.ADMIN_ENTRIES + 3; i++) {
                Cqe e = c.admin("get features " + i, Command.of(AdminOpcode.GET_FEATURES).cdw10(0x07));
                c.value("sqhd " + i, e.sqhd());
            }
        }));
        s.add(new Scenario("queues", "several commands per doorbell", c -> {
            c.ioPair(1, 16);
            for (int i = 0; i < 5; i++) {
                c.submit(1, Command.of(NvmOpcode.FLUSH).nsid(NS1));
            }
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Cqe e = c.raw.await(1);
                got.add(e.cid() + ":" + e.summary());
            }
            got.sort(null);
            c.value("completions", got);
        }));
        doorbells(s);
        return s;
    }

    /**
     * Invalid doorbell writes: an error event (type 0, info 00h/01h, log page 01h) for an outstanding AER.
     * Both devices raise the event only while an AER is outstanding (QEMU 7.2's rule, copied), so each script
     * makes sure the AER has been fetched (a later admin command completed) before the bad write.
     */
    private static void doorbells(List<Scenario> s) {
        s.add(new Scenario("doorbells", "admin sq tail beyond size", c -> {
            c.submit(0, Command.of(AdminOpcode.ASYNC_EVENT_REQUEST));
            c.admin("aer fetched", Command.of(AdminOpcode.GET_FEATURES).cdw10(0x07));
            c.raw.ringRaw(ControllerRegisters.sqTailDoorbell(0, c.raw.dstrd()), RawController.ADMIN_ENTRIES + 3);
            c.expect("aer", 0);
        }));
        s.add(new Scenario("doorbells", "io sq tail beyond size", c -> {
            c.ioPair(1, 8);
            c.submit(0, Command.of(AdminOpcode.ASYNC_EVENT_REQUEST));
            c.admin("aer fetched", Command.of(AdminOpcode.GET_FEATURES).cdw10(0x07));
            c.raw.ringRaw(ControllerRegisters.sqTailDoorbell(1, c.raw.dstrd()), 8);
            c.expect("aer", 0);
        }));
        s.add(new Scenario("doorbells", "io cq head beyond size", c -> {
            c.ioPair(1, 8);
            c.submit(0, Command.of(AdminOpcode.ASYNC_EVENT_REQUEST));
            c.admin("aer fetched", Command.of(AdminOpcode.GET_FEATURES).cdw10(0x07));
            c.raw.ringRaw(ControllerRegisters.cqHeadDoorbell(1, c.raw.dstrd()), 9);
            c.expect("aer", 0);
        }));
        s.add(new Scenario("doorbells", "sq doorbell of a missing queue", c -> {
            c.submit(0, Command.of(AdminOpcode.ASYNC_EVENT_REQUEST));
            c.admin("aer fetched", Command.of(AdminOpcode.GET_FEATURES).cdw10(0x07));
            c.raw.ringRaw(ControllerRegisters.sqTailDoorbell(3, c.raw.dstrd()), 1);
            c.expect("aer", 0);
        }));
        s.add(new Scenario("doorbells", "cq doorbell of a missing queue", c -> {
            c.submit(0, Command.of(AdminOpcode.ASYNC_EVENT_REQUEST));
            c.admin("aer fetched", Command.of(AdminOpcode.GET_FEATURES).cdw10(0x07));
            c.raw.ringRaw(ControllerRegisters.cqHeadDoorbell(3, c.raw.dstrd()), 1);
            c.expect("aer", 0);
        }));
        s.add(new Scenario("doorbells", "error event then error log clears it", c -> {
            c.submit(0, Command.of(AdminOpcode.ASYNC_EVENT_REQUEST));
            c.admin("aer fetched", Command.of(AdminOpcode.GET_FEATURES).cdw10(0x07));
            c.raw.ringRaw(ControllerRegisters.sqTailDoorbell(3, c.raw.dstrd()), 1);
            c.expect("aer", 0);
            c.admin("error log", AdminScenarios.getLog(c, io.nvmebridge.spec.admin.LogPage.ERROR_INFORMATION, 64, 0, -1));
            c.submit(0, Command.of(AdminOpcode.ASYNC_EVENT_REQUEST));
            c.next("no second event", 0);
        }));
        s.add(new Scenario("doorbells", "io queues gone after controller reset", c -> {
            c.ioPair(1, 8);
            c.raw.disable();
            c.raw.waitReady(0);
            c.raw.programAdminQueues();
            c.raw.function().write32(ControllerRegisters.CC, io.nvmebridge.spec.regs.Cc.enable(0, 6, 4));
            c.value("rdy", c.raw.waitReady(1));
            c.admin("delete sq 1 after reset", deleteSq(1));
            c.admin("create cq 1 again", createCq(c, 1, 8, QueueCommands.CDW11_PC));
        }));
        s.add(new Scenario("doorbells", "commands after normal shutdown", c -> {
            c.ioPair(1, 8);
            c.raw.function().write32(ControllerRegisters.CC,
                    (int) io.nvmebridge.spec.regs.Cc.SHN.set(c.reg32(ControllerRegisters.CC), 1));
            long deadline = System.nanoTime() + 50_000_000L;
            while (io.nvmebridge.spec.regs.Csts.SHST.getInt(c.reg32(ControllerRegisters.CSTS)) != 2
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            c.hex("CSTS", c.reg32(ControllerRegisters.CSTS));
        }));
    }
}
