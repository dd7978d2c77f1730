package io.nvmebridge.tool.cli;

import io.nvmebridge.driver.DriverStatus;
import io.nvmebridge.driver.IoQueuePair;
import io.nvmebridge.driver.NamespaceInfo;
import io.nvmebridge.spec.device.DmaBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** nvme-cli's {@code read} and {@code write}: one command moving blocks between the namespace and a file. */
abstract class ReadWriteCommand extends DeviceCommand {
    /** NLB is a 16-bit zero-based field. */
    private static final int MAX_BLOCK_COUNT = 0xFFFF;

    @Option(names = {"-n", "--namespace-id"}, defaultValue = "1", converter = UnsignedConverter.class,
            description = "Namespace (default: ${DEFAULT-VALUE}).")
    int nsid = 1;

    @Option(names = {"-s", "--start-block"}, defaultValue = "0", description = "64-bit address of the first block.")
    long startBlock;

    @Option(names = {"-c", "--block-count"}, defaultValue = "0",
            description = "Number of blocks, zero-based (as nvme-cli: 0 means one block).")
    int blockCount;

    @Option(names = {"-z", "--data-size"}, converter = SizeConverter.class, required = true,
            description = "Size of the data buffer in bytes.")
    long dataSize;

    @Option(names = {"-d", "--data"}, paramLabel = "FILE",
            description = "Data file (read: written with the data; write: read for the data). Default: stdout/stdin.")
    Path data;

    @Option(names = {"-t", "--timeout"}, defaultValue = "30000", description = "Timeout in milliseconds.")
    long timeoutMillis;

    abstract boolean isWrite();

    @Override
    protected void validate() {
        if (blockCount < 0 || blockCount > MAX_BLOCK_COUNT) {
            throw new UsageException("--block-count must be 0..65535 (zero-based), not " + blockCount);
        }
        if (startBlock < 0) {
            throw new UsageException("--start-block must not be negative");
        }
        if (dataSize <= 0 || dataSize > (1L << 30)) {
            throw new UsageException("--data-size must be 1 byte to 1 GiB, not " + dataSize);
        }
        if (timeoutMillis <= 0) {
            throw new UsageException("--timeout must be positive");
        }
        if (isWrite() && data != null && !Files.isReadable(data)) {
            throw new UsageException("cannot read data file " + data);
        }
        if (isWrite() && data != null && Files.isDirectory(data)) {
            throw new UsageException("cannot read data file " + data + ": is a directory");
        }
    }

    @Override
    protected long dataBytes() {
        return Math.max(dataSize, (blockCount + 1L) * 4096);
    }

    @Override
    protected int run(DeviceSession session) throws IOException {
        NamespaceInfo ns = Namespaces.require(session, nsid);
        int blocks = blockCount + 1;
        long bytes = (long) blocks * ns.lbaSize();
        if (dataSize < bytes) {
            err.printf("Rounding data size to fit block count (%d bytes)%n", bytes);
        }
        if (startBlock + blocks > ns.size() || startBlock + blocks < 0) {
            throw new UsageException("blocks %d..%d are past the end of namespace %d (%d blocks of %d bytes)"
                    .formatted(startBlock, startBlock + blocks - 1, nsid, ns.size(), ns.lbaSize()));
        }
        DmaBuffer buffer = session.function().dma().allocate(bytes, 4096);
        try (IoQueuePair qp = session.controller().createIoQueuePair(32)) {
            if (isWrite()) {
                fill(buffer.segment(), Math.min(dataSize, bytes));
            }
            Duration timeout = Duration.ofMillis(timeoutMillis);
            SyncIo.Outcome o = SyncIo.run(qp, timeout, (q, h) -> isWrite()
                    ? q.write(nsid, startBlock, blocks, buffer.deviceAddress(), 0, h)
                    : q.read(nsid, startBlock, blocks, buffer.deviceAddress(), 0, h));
            String verb = isWrite() ? "write" : "read";
            if (o.status() != 0) {
                throw new DeviceStatusException(verb, o.status());
            }
            if (!isWrite()) {
                drain(buffer.segment(), Math.min(dataSize, bytes));
            }
            err.println(verb + ": Success");
            return 0;
        } finally {
            session.function().dma().free(buffer);
        }
    }

    private void fill(MemorySegment seg, long length) throws IOException {
        try (InputStream in = data == null ? System.in : Files.newInputStream(data)) {
            byte[] chunk = new byte[65536];
            long at = 0;
            while (at < length) {
                int n = in.read(chunk, 0, (int) Math.min(chunk.length, length - at));
                if (n < 0) {
                    break; // short input: the rest of the buffer stays zero, as nvme-cli's zeroed buffer
                }
                MemorySegment.copy(chunk, 0, seg, ValueLayout.JAVA_BYTE, at, n);
                at += n;
            }
        }
    }

    private void drain(MemorySegment seg, long length) throws IOException {
        byte[] bytes = seg.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
        if (data == null) {
            out.write(bytes);
            out.flush();
        } else {
            try (OutputStream o = Files.newOutputStream(data)) {
                o.write(bytes);
            }
        }
    }

    /** An NVMe (or driver) status that ends the command: one line, exit status 1. */
    static final class DeviceStatusException extends RuntimeException {
        DeviceStatusException(String verb, int status) {
            super(verb + ": NVMe status " + DriverStatus.describe(status));
        }
    }
}
