package io.nvmebridge.it.differential;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.admin.IdentifyCns;
import io.nvmebridge.spec.regs.Aqa;
import io.nvmebridge.spec.regs.Cap;
import io.nvmebridge.spec.regs.Cc;
import io.nvmebridge.spec.regs.ControllerRegisters;
import io.nvmebridge.spec.regs.Csts;
import io.nvmebridge.spec.regs.RegisterField;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/** Register behaviour: CAP fields, VS, CC.EN transitions and refused enables, CSTS, shutdown, NSSR. */
final class RegisterScenarios {
    private static final long SHORT = 50_000_000L;

    private RegisterScenarios() {
    }

    static List<Scenario> all() {
        List<Scenario> s = new ArrayList<>();
        for (RegisterField field : List.of(Cap.MQES, Cap.CQR, Cap.AMS, Cap.TO, Cap.DSTRD, Cap.NSSRS, Cap.CSS,
                Cap.BPS, Cap.MPSMIN, Cap.MPSMAX, Cap.PMRS, Cap.CMBS)) {
            s.add(new Scenario("registers", "cap " + field.name(),
                    c -> c.hex(field.name(), field.get(c.reg64(ControllerRegisters.CAP)))));
        }
        s.add(new Scenario("registers", "pci ids and class", c -> {
            c.hex("vendor/device", c.raw.function().readConfig32(0x00) & 0xFFFFFFFFL);
            c.hex("class/revision", (c.raw.function().readConfig32(0x08) >>> 8) & 0xFFFFFF);
            c.hex("subsystem", c.raw.function().readConfig32(0x2C) & 0xFFFFFFFFL);
        }));
        s.add(new Scenario("registers", "vs", c -> c.hex("VS", c.reg32(ControllerRegisters.VS))));
        s.add(new Scenario("registers", "csts after enable", c -> c.hex("CSTS", c.reg32(ControllerRegisters.CSTS))));
        s.add(new Scenario("registers", "cc read back", c -> c.hex("CC", c.reg32(ControllerRegisters.CC))));
        s.add(new Scenario("registers", "aqa asq acq read back", c -> {
            c.hex("AQA", c.reg32(ControllerRegisters.AQA));
            c.hex("ASQ offset", c.raw.offsetOf(c.reg64(ControllerRegisters.ASQ)));
            c.hex("ACQ offset", c.raw.offsetOf(c.reg64(ControllerRegisters.ACQ)));
        }));
        s.add(new Scenario("registers", "cmbloc cmbsz", c -> {
            c.hex("CMBLOC", c.reg32(ControllerRegisters.CMBLOC));
            c.hex("CMBSZ", c.reg32(ControllerRegisters.CMBSZ));
        }));
        s.add(new Scenario("registers", "disable clears rdy", c -> {
            c.raw.disable();
            c.value("rdy 0", c.raw.waitReady(0, SHORT));
            c.hex("CSTS", c.reg32(ControllerRegisters.CSTS));
            c.hex("CC", c.reg32(ControllerRegisters.CC));
        }));
        s.add(new Scenario("registers", "re-enable then identify", c -> {
            c.raw.disable();
            c.raw.waitReady(0, SHORT);
            c.raw.programAdminQueues();
            c.raw.function().write32(ControllerRegisters.CC, Cc.enable(0, 6, 4));
            c.value("rdy 1", c.raw.waitReady(1, SHORT));
            c.admin("identify", Command.of(AdminOpcode.IDENTIFY).prp1(c.bus(0)).cdw10(IdentifyCns.CONTROLLER));
            c.hex("sqes", c.u8(512));
        }));
        s.add(new Scenario("registers", "enable twice is harmless", c -> {
            c.raw.function().write32(ControllerRegisters.CC, Cc.enable(0, 6, 4));
            c.hex("CSTS", c.reg32(ControllerRegisters.CSTS));
            c.admin("identify", Command.of(AdminOpcode.IDENTIFY).prp1(c.bus(0)).cdw10(IdentifyCns.CONTROLLER));
        }));
        refusedEnable(s, "iosqes 0 still enables (checked at create sq)", cc -> (int) Cc.IOSQES.set(cc, 0));
        refusedEnable(s, "iocqes 0", cc -> (int) Cc.IOCQES.set(cc, 0));
        refusedEnable(s, "iosqes 7", cc -> (int) Cc.IOSQES.set(cc, 7));
        refusedEnable(s, "iocqes 5", cc -> (int) Cc.IOCQES.set(cc, 5));
        refusedEnable(s, "mps above mpsmax", cc -> (int) Cc.MPS.set(cc, 5));
        refusedEnable(s, "css 1", cc -> (int) Cc.CSS.set(cc, 1));
        refusedEnable(s, "css 7 admin only", cc -> (int) Cc.CSS.set(cc, 7));
        refusedEnable(s, "ams weighted round robin", cc -> (int) Cc.AMS.set(cc, 1));
        refusedEnable(s, "ams vendor", cc -> (int) Cc.AMS.set(cc, 7));
        s.add(new Scenario("registers", "enable with asqs 0", c -> enableWith(c, ControllerRegisters.AQA, 0)));
        s.add(new Scenario("registers", "enable with acqs 0", c -> enableWith(c, ControllerRegisters.AQA,
                Aqa.of(RawController.ADMIN_ENTRIES, 1) & ~(0xFFF << 16))));
        s.add(new Scenario("registers", "enable with asq misaligned", c -> enableWith(c, ControllerRegisters.ASQ,
                c.raw.bus(0x10))));
        s.add(new Scenario("registers", "enable with acq misaligned", c -> enableWith(c, ControllerRegisters.ACQ,
                c.raw.bus(4096 + 0x40))));
        s.add(new Scenario("registers", "enable with asq 0", c -> enableWith(c, ControllerRegisters.ASQ, 0)));
        s.add(new Scenario("registers", "normal shutdown", c -> {
            c.raw.function().write32(ControllerRegisters.CC,
                    (int) Cc.SHN.set(c.reg32(ControllerRegisters.CC), Cc.SHN_NORMAL));
            long deadline = System.nanoTime() + SHORT;
            while (Csts.SHST.getInt(c.reg32(ControllerRegisters.CSTS)) != Csts.SHST_COMPLETE
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            c.hex("CSTS", c.reg32(ControllerRegisters.CSTS));
        }));
        s.add(new Scenario("registers", "abrupt shutdown", c -> {
            c.raw.function().write32(ControllerRegisters.CC,
                    (int) Cc.SHN.set(c.reg32(ControllerRegisters.CC), Cc.SHN_ABRUPT));
            long deadline = System.nanoTime() + SHORT;
            while (Csts.SHST.getInt(c.reg32(ControllerRegisters.CSTS)) != Csts.SHST_COMPLETE
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            c.hex("CSTS", c.reg32(ControllerRegisters.CSTS));
        }));
        s.add(new Scenario("registers", "nssr write without nssrs", c -> {
            c.raw.function().write32(ControllerRegisters.NSSR, ControllerRegisters.NSSR_RESET_VALUE);
            c.hex("CSTS", c.reg32(ControllerRegisters.CSTS));
            c.hex("NSSR", c.reg32(ControllerRegisters.NSSR));
        }));
        s.add(new Scenario("registers", "aqa written while enabled reads back", c -> {
            c.raw.function().write32(ControllerRegisters.AQA, Aqa.of(8, 8));
            c.hex("AQA", c.reg32(ControllerRegisters.AQA));
        }));
        return s;
    }

    /** Writes {@code cc} (from a valid enable value) after a disable; records whether RDY rises and CSTS. */
    private static void refusedEnable(List<Scenario> s, String name, IntUnaryOperator cc) {
        s.add(new Scenario("registers", "enable " + name, c -> {
            c.raw.disable();
            c.raw.waitReady(0, SHORT);
            c.raw.programAdminQueues();
            c.raw.function().write32(ControllerRegisters.CC, cc.applyAsInt(Cc.enable(0, 6, 4)));
            c.value("rdy", c.raw.waitReady(1, SHORT));
            c.hex("CSTS", c.reg32(ControllerRegisters.CSTS));
        }));
    }

    private static void enableWith(Ctx c, int register, long value) {
        c.raw.disable();
        c.raw.waitReady(0, SHORT);
        c.raw.programAdminQueues();
        if (register == ControllerRegisters.AQA) {
            c.raw.function().write32(register, (int) value);
        } else {
            c.raw.function().write64(register, value);
        }
        c.raw.function().write32(ControllerRegisters.CC, Cc.enable(0, 6, 4));
        c.value("rdy", c.raw.waitReady(1, SHORT));
        c.hex("CSTS", c.reg32(ControllerRegisters.CSTS));
    }
}
