package io.nvmebridge.tool.cli;

import io.nvmebridge.driver.AdminCommand;
import io.nvmebridge.driver.AdminCompletion;
import io.nvmebridge.spec.device.DmaBuffer;
import java.time.Duration;
import picocli.CommandLine.Command;

/** nvme-cli's {@code admin-passthru}: a raw command on the admin queue. */
@Command(name = "admin-passthru", description = "Submit an arbitrary admin command.", mixinStandardHelpOptions = true)
public final class AdminPassthruCommand extends PassthruCommand {

    @Override
    String verb() {
        return "admin-passthru";
    }

    @Override
    long maxDataLength(DeviceSession session) {
        return session.controller().maxTransferBytes();
    }

    @Override
    Completion execute(DeviceSession session, DmaBuffer data, Duration timeout) {
        AdminCommand.Direction dir = data == null ? AdminCommand.Direction.NONE
                : read ? AdminCommand.Direction.CONTROLLER_TO_HOST : AdminCommand.Direction.HOST_TO_CONTROLLER;
        AdminCommand cmd = new AdminCommand(opcode, nsid, cdw2, cdw3, cdw10, cdw11, cdw12, cdw13, cdw14, cdw15,
                (int) dataLength, dir);
        AdminCompletion c = session.controller().admin().execute(cmd, data, timeout);
        return new Completion(c.status(), c.result());
    }
}
