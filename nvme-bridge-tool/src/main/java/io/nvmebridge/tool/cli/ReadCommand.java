package io.nvmebridge.tool.cli;

import picocli.CommandLine.Command;

/** nvme-cli's {@code read}. */
@Command(name = "read", description = "Read blocks from a namespace to a file or stdout.", mixinStandardHelpOptions = true)
public final class ReadCommand extends ReadWriteCommand {
    @Override
    boolean isWrite() {
        return false;
    }
}
