package io.nvmebridge.it.differential;

import io.nvmebridge.spec.SubmissionEntry;
import java.lang.foreign.MemorySegment;

/**
 * One raw submission queue entry as a scenario writes it: any opcode, flags, NSID and dwords, valid or not.
 * PRP and MPTR fields hold bus addresses (a scenario gets them from {@link Ctx#bus(long)}, so the same
 * script names the same bytes on both devices, whatever their bus bases).
 */
final class Command {
    final int opcode;
    int flags;
    int nsid;
    long mptr;
    long prp1;
    long prp2;
    final int[] cdw = new int[16];

    private Command(int opcode) {
        this.opcode = opcode;
    }

    static Command of(int opcode) {
        return new Command(opcode);
    }

    Command flags(int v) {
        flags = v;
        return this;
    }

    Command nsid(int v) {
        nsid = v;
        return this;
    }

    Command mptr(long v) {
        mptr = v;
        return this;
    }

    Command prp1(long v) {
        prp1 = v;
        return this;
    }

    Command prp2(long v) {
        prp2 = v;
        return this;
    }

    Command cdw(int n, int v) {
        if (n < 2 || n > 15 || (n >= 4 && n <= 9)) {
            throw new IllegalArgumentException("cdw" + n + " is not a free command dword");
        }
        cdw[n] = v;
        return this;
    }

    Command cdw10(int v) {
        return cdw(10, v);
    }

    Command cdw11(int v) {
        return cdw(11, v);
    }

    Command cdw12(int v) {
        return cdw(12, v);
    }

    Command cdw13(int v) {
        return cdw(13, v);
    }

    Command cdw14(int v) {
        return cdw(14, v);
    }

    Command cdw15(int v) {
        return cdw(15, v);
    }

    /** Writes this entry with command id {@code cid} at {@code at} in {@code sq}. */
    void writeTo(MemorySegment sq, long at, int cid) {
        SubmissionEntry.clear(sq, at);
        SubmissionEntry.setCdw0(sq, at, opcode, flags, cid);
        SubmissionEntry.setNsid(sq, at, nsid);
        SubmissionEntry.setCdw(sq, at, 2, cdw[2]);
        SubmissionEntry.setCdw(sq, at, 3, cdw[3]);
        SubmissionEntry.setMptr(sq, at, mptr);
        SubmissionEntry.setPrp1(sq, at, prp1);
        SubmissionEntry.setPrp2(sq, at, prp2);
        for (int n = 10; n <= 15; n++) {
            SubmissionEntry.setCdw(sq, at, n, cdw[n]);
        }
    }
}
