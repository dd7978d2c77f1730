package io.nvmebridge.emulator;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.NvmCommands;

import java.lang.foreign.MemorySegment;

/**
 * One line of the emulator's per-command trace ({@link TraceSink}): queue, command id, command name,
 * namespace and LBA range, the status it completed with and how long it took, e.g.
 * {@code io sq 1 cid 7 READ nsid 1 lba 8 blocks 8 -> SUCCESS 0.4 us}.
 */
final class CommandTrace {
    private CommandTrace() {
    }

    static String line(SubmissionQueue sq, long at, int status, double micros, String note) {
        MemorySegment m = sq.mem;
        int opcode = SubmissionEntry.opcode(m, at);
        StringBuilder b = new StringBuilder(96);
        b.append(sq.qid == 0 ? "admin" : "io").append(" sq ").append(sq.qid)
                .append(" cid ").append(SubmissionEntry.cid(m, at)).append(' ')
                .append(sq.qid == 0 ? AdminOpcode.name(opcode) : NvmOpcode.name(opcode));
        int nsid = SubmissionEntry.nsid(m, at);
        if (nsid != 0) {
            b.append(" nsid ").append(Integer.toUnsignedString(nsid));
        }
        if (sq.qid != 0 && IoHandler.hasLbaRange(opcode)) {
            b.append(" lba ").append(NvmCommands.slba(SubmissionEntry.cdw(m, at, 10), SubmissionEntry.cdw(m, at, 11)))
                    .append(" blocks ").append(NvmCommands.blocks(SubmissionEntry.cdw(m, at, 12)));
        }
        b.append(" -> ").append(status == EmulatedController.NO_COMPLETION ? "NO_COMPLETION" : Status.name(status));
        if (status > 0 && Status.doNotRetry(status)) {
            b.append(" DNR");
        }
        b.append(' ').append(micros).append(" us");
        if (note != null) {
            b.append(" (").append(note).append(')');
        }
        return b.toString();
    }
}
