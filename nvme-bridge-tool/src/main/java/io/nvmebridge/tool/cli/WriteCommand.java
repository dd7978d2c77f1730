package io.nvmebridge.tool.cli;

import picocli.CommandLine.Command;

/** nvme-cli's {@code write}. */
@Command(name = "write", description = "Write blocks to a namespace from a file or stdin.", mixinStandardHelpOptions = true)
public final class WriteCommand extends ReadWriteCommand {
    @Override
    boolean isWrite() {
        return true;
    }
}
