package io.nvmebridge.driver;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.admin.FeatureId;
import io.nvmebridge.spec.admin.LogPage;
import io.nvmebridge.spec.admin.QueueCommands;

/**
 * An immutable raw admin command (what nvme-cli's admin-passthru takes). The queue fills in CID and the PRPs
 * from the data buffer passed with it.
 *
 * @param opcode     admin opcode ({@link AdminOpcode})
 * @param nsid       namespace ID
 * @param cdw2       command dword 2
 * @param cdw3       command dword 3
 * @param cdw10      command dwords 10..15
 * @param dataLength bytes of data to transfer (0: none)
 * @param direction  which way the data goes
 */
public record AdminCommand(int opcode, int nsid, int cdw2, int cdw3, int cdw10, int cdw11, int cdw12, int cdw13,
                           int cdw14, int cdw15, int dataLength, Direction direction) {

    /** Data transfer direction. */
    public enum Direction { NONE, HOST_TO_CONTROLLER, CONTROLLER_TO_HOST }

    public AdminCommand {
        if (opcode < 0 || opcode > 0xFF) {
            throw new IllegalArgumentException("admin opcode out of range: " + opcode);
        }
        if (dataLength < 0) {
            throw new IllegalArgumentException("negative data length " + dataLength);
        }
        if ((dataLength == 0) != (direction == Direction.NONE)) {
            throw new IllegalArgumentException("data length " + dataLength + " does not match direction " + direction);
        }
    }

    /** A command with no data and all dwords zero. */
    public static AdminCommand of(int opcode) {
        return new AdminCommand(opcode, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Direction.NONE);
    }

    public AdminCommand withNsid(int v) {
        return new AdminCommand(opcode, v, cdw2, cdw3, cdw10, cdw11, cdw12, cdw13, cdw14, cdw15, dataLength, direction);
    }

    public AdminCommand withCdw10(int v) {
        return new AdminCommand(opcode, nsid, cdw2, cdw3, v, cdw11, cdw12, cdw13, cdw14, cdw15, dataLength, direction);
    }

    public AdminCommand withCdw11(int v) {
        return new AdminCommand(opcode, nsid, cdw2, cdw3, cdw10, v, cdw12, cdw13, cdw14, cdw15, dataLength, direction);
    }

    public AdminCommand withCdw12(int v) {
        return new AdminCommand(opcode, nsid, cdw2, cdw3, cdw10, cdw11, v, cdw13, cdw14, cdw15, dataLength, direction);
    }

    public AdminCommand withCdw13(int v) {
        return new AdminCommand(opcode, nsid, cdw2, cdw3, cdw10, cdw11, cdw12, v, cdw14, cdw15, dataLength, direction);
    }

    public AdminCommand withCdw14(int v) {
        return new AdminCommand(opcode, nsid, cdw2, cdw3, cdw10, cdw11, cdw12, cdw13, v, cdw15, dataLength, direction);
    }

    public AdminCommand withCdw15(int v) {
        return new AdminCommand(opcode, nsid, cdw2, cdw3, cdw10, cdw11, cdw12, cdw13, cdw14, v, dataLength, direction);
    }

    public AdminCommand withData(int length, Direction dir) {
        return new AdminCommand(opcode, nsid, cdw2, cdw3, cdw10, cdw11, cdw12, cdw13, cdw14, cdw15, length, dir);
    }

    /** Command dword n (2, 3, 10..15); others are the queue's. */
    public int cdw(int n) {
        return switch (n) {
            case 2 -> cdw2;
            case 3 -> cdw3;
            case 10 -> cdw10;
            case 11 -> cdw11;
            case 12 -> cdw12;
            case 13 -> cdw13;
            case 14 -> cdw14;
            case 15 -> cdw15;
            default -> throw new IllegalArgumentException("cdw" + n + " is not a caller field");
        };
    }

    // ---- factories for the commands the driver and the CLI use ----

    public static AdminCommand identify(int cns, int nsid) {
        return of(AdminOpcode.IDENTIFY).withNsid(nsid).withCdw10(cns & 0xFF)
                .withData(4096, Direction.CONTROLLER_TO_HOST);
    }

    public static AdminCommand getFeatures(int fid, int sel, int cdw11) {
        return of(AdminOpcode.GET_FEATURES).withCdw10((fid & 0xFF) | (sel & 7) << 8).withCdw11(cdw11);
    }

    public static AdminCommand setFeatures(int fid, int cdw11, boolean save) {
        return of(AdminOpcode.SET_FEATURES).withCdw10((fid & 0xFF) | (save ? 1 << 31 : 0)).withCdw11(cdw11);
    }

    public static AdminCommand getLogPage(int lid, int nsid, int bytes) {
        if (bytes <= 0 || bytes % 4 != 0) {
            throw new IllegalArgumentException("log page length must be a positive multiple of 4: " + bytes);
        }
        return of(AdminOpcode.GET_LOG_PAGE).withNsid(nsid).withCdw10(LogPage.cdw10(lid, bytes))
                .withCdw11(LogPage.cdw11(bytes)).withData(bytes, Direction.CONTROLLER_TO_HOST);
    }

    public static AdminCommand numberOfQueues(int queues) {
        return setFeatures(FeatureId.NUMBER_OF_QUEUES, FeatureId.numberOfQueues(queues, queues), false);
    }

    public static AdminCommand abort(int sqid, int cid) {
        return of(AdminOpcode.ABORT).withCdw10(QueueCommands.abortCdw10(sqid, cid));
    }

    @Override
    public String toString() {
        return AdminOpcode.name(opcode) + "[nsid=" + nsid + " cdw10=0x" + Integer.toHexString(cdw10)
                + " cdw11=0x" + Integer.toHexString(cdw11) + " len=" + dataLength + "]";
    }
}
