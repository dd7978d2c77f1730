package io.nvmebridge.tool.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.nvmebridge.driver.DriverStatus;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.tool.format.HexDump;
import io.nvmebridge.tool.format.NvmeCliJson;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * nvme-cli's {@code admin-passthru} and {@code io-passthru}: any command, as raw dwords. The tool fills in the
 * command id and the data pointer; it prints the completion's status and result, and the data read.
 */
abstract class PassthruCommand extends DeviceCommand {
    @Option(names = {"-O", "--opcode"}, required = true, converter = UnsignedConverter.class, description = "Opcode.")
    int opcode;

    @Option(names = {"-n", "--namespace-id"}, defaultValue = "0", converter = UnsignedConverter.class, description = "NSID.")
    int nsid;

    @Option(names = "--cdw2", defaultValue = "0", converter = UnsignedConverter.class)
    int cdw2;

    @Option(names = "--cdw3", defaultValue = "0", converter = UnsignedConverter.class)
    int cdw3;

    @Option(names = "--cdw10", defaultValue = "0", converter = UnsignedConverter.class)
    int cdw10;

    @Option(names = "--cdw11", defaultValue = "0", converter = UnsignedConverter.class)
    int cdw11;

    @Option(names = "--cdw12", defaultValue = "0", converter = UnsignedConverter.class)
    int cdw12;

    @Option(names = "--cdw13", defaultValue = "0", converter = UnsignedConverter.class)
    int cdw13;

    @Option(names = "--cdw14", defaultValue = "0", converter = UnsignedConverter.class)
    int cdw14;

    @Option(names = "--cdw15", defaultValue = "0", converter = UnsignedConverter.class)
    int cdw15;

    @Option(names = {"-l", "--data-len"}, defaultValue = "0", converter = SizeConverter.class,
            description = "Bytes of data to transfer.")
    long dataLength;

    @Option(names = {"-r", "--read"}, description = "The command moves data from the device.")
    boolean read;

    @Option(names = {"-w", "--write"}, description = "The command moves data to the device.")
    boolean write;

    @Option(names = {"-i", "--input-file"}, paramLabel = "FILE", description = "Data to send (with --write).")
    Path inputFile;

    @Option(names = {"-b", "--raw-binary"}, description = "Print the data read as raw binary.")
    boolean rawBinary;

    @Option(names = {"-t", "--timeout"}, defaultValue = "10000", description = "Timeout in milliseconds.")
    long timeoutMillis;

    /** The completion of the command: status (NVMe or driver) and DW0 | DW1 &lt;&lt; 32. */
    record Completion(int status, long result) {
    }

    /**
     * {@code -o json}: the completion, and the data and metadata read as hex strings (left out when nothing
     * was read), nvme-cli's names in its order.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PassthruResult(int opcode, int status, String statusName, BigInteger result, String data, String metadata) {
    }

    abstract String verb();

    abstract long maxDataLength(DeviceSession session);

    abstract Completion execute(DeviceSession session, DmaBuffer data, Duration timeout);

    @Override
    protected void validate() {
        if (opcode < 0 || opcode > 0xFF) {
            throw new UsageException("--opcode must be 0..0xff, not " + opcode);
        }
        if (read && write) {
            throw new UsageException("--read and --write exclude each other");
        }
        if (dataLength < 0) {
            throw new UsageException("--data-len must not be negative");
        }
        if (dataLength > 0 && !read && !write) {
            throw new UsageException("--data-len needs --read or --write to say which way the data goes");
        }
        if ((read || write) && dataLength == 0) {
            throw new UsageException("--read/--write need --data-len");
        }
        if (dataLength % 4 != 0) {
            throw new UsageException("--data-len must be a multiple of 4 (dword granularity), not " + dataLength);
        }
        if (inputFile != null && !write) {
            throw new UsageException("--input-file goes with --write");
        }
        if (inputFile != null && !Files.isReadable(inputFile)) {
            throw new UsageException("cannot read input file " + inputFile);
        }
        if (timeoutMillis <= 0) {
            throw new UsageException("--timeout must be positive");
        }
    }

    @Override
    protected long dataBytes() {
        return dataLength;
    }

    @Override
    protected int run(DeviceSession session) throws IOException {
        long max = maxDataLength(session);
        if (dataLength > max) {
            throw new UsageException("--data-len " + dataLength + " exceeds the device's maximum transfer of " + max + " bytes");
        }
        DmaBuffer data = dataLength > 0 ? session.function().dma().allocate(dataLength, 4096) : null;
        try {
            if (data != null && write && inputFile != null) {
                byte[] bytes = Files.readAllBytes(inputFile);
                MemorySegment.copy(bytes, 0, data.segment(), ValueLayout.JAVA_BYTE, 0, (int) Math.min(bytes.length, dataLength));
            }
            Completion c = execute(session, data, Duration.ofMillis(timeoutMillis));
            print(c, data);
            return c.status() == 0 ? 0 : 1;
        } finally {
            if (data != null) {
                session.function().dma().free(data);
            }
        }
    }

    private void print(Completion c, DmaBuffer data) {
        if (json()) {
            MemorySegment md = metadataRead();
            out.println(NvmeCliJson.write(new PassthruResult(opcode, c.status() & 0xFFFF,
                    c.status() == 0 ? "SUCCESS" : DriverStatus.describe(c.status()), NvmeCliJson.unsigned(c.result()),
                    data != null && read ? HexDump.hex(data.segment()) : null, md != null ? HexDump.hex(md) : null)));
            return;
        }
        if (c.status() != 0) {
            err.printf("%s: NVMe status %s%n", verb(), DriverStatus.describe(c.status()));
            return;
        }
        err.printf("NVMe command result:%08x%n", (int) c.result());
        if (data != null && read) {
            if (rawBinary) {
                out.writeBytes(data.segment().toArray(ValueLayout.JAVA_BYTE));
            } else {
                out.print(HexDump.dump(data.segment()));
            }
            out.flush();
        }
        MemorySegment md = metadataRead();
        if (md != null) {
            if (rawBinary) {
                out.writeBytes(md.toArray(ValueLayout.JAVA_BYTE));
            } else {
                out.println("metadata:");
                out.print(HexDump.dump(md));
            }
            out.flush();
        }
    }

    /** The metadata the command read (io-passthru with --metadata-len and --read), or null. */
    MemorySegment metadataRead() {
        return null;
    }
}
