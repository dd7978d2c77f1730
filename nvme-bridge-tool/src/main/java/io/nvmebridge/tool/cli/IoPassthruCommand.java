package io.nvmebridge.tool.cli;

import io.nvmebridge.driver.IoQueuePair;
import io.nvmebridge.spec.device.DmaBuffer;
import java.time.Duration;
import picocli.CommandLine.Command;

/** nvme-cli's {@code io-passthru}: a raw command on an I/O queue. */
@Command(name = "io-passthru", description = "Submit an arbitrary I/O command.", mixinStandardHelpOptions = true)
public final class IoPassthruCommand extends PassthruCommand {

    @Override
    String verb() {
        return "io-passthru";
    }

    @Override
    long maxDataLength(DeviceSession session) {
        return session.controller().maxTransferBytes();
    }

    @Override
    Completion execute(DeviceSession session, DmaBuffer data, Duration timeout) {
        try (IoQueuePair qp = session.controller().createIoQueuePair(32)) {
            long address = data == null ? 0 : data.deviceAddress();
            SyncIo.Outcome o = SyncIo.run(qp, timeout, (q, h) -> q.raw(opcode, nsid, cdw2, cdw3, cdw10, cdw11,
                    cdw12, cdw13, cdw14, cdw15, address, (int) dataLength, 0, h));
            return new Completion(o.status(), o.result());
        }
    }
}
