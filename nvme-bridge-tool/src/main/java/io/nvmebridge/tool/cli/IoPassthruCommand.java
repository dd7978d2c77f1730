package io.nvmebridge.tool.cli;

import io.nvmebridge.driver.IoCommand;
import io.nvmebridge.driver.IoQueuePair;
import io.nvmebridge.spec.device.DmaBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * nvme-cli's {@code io-passthru}: a raw command on an I/O queue; with {@code --metadata-len}, a separate metadata
 * buffer (the command's MPTR) for a namespace formatted with metadata, sent from {@code --metadata FILE} with
 * {@code --write} and printed after the data with {@code --read}.
 */
@Command(name = "io-passthru", description = "Submit an arbitrary I/O command.", mixinStandardHelpOptions = true)
public final class IoPassthruCommand extends PassthruCommand {

    @Option(names = {"-m", "--metadata-len"}, defaultValue = "0", converter = SizeConverter.class,
            description = "Bytes of metadata in a separate buffer (MPTR).")
    long metadataLength;

    @Option(names = {"-M", "--metadata"}, paramLabel = "FILE", description = "Metadata to send (with --write).")
    Path metadataFile;

    private MemorySegment metadataRead;

    @Override
    String verb() {
        return "io-passthru";
    }

    @Override
    protected void validate() {
        super.validate();
        if (metadataLength < 0 || metadataLength % 4 != 0 || metadataLength > (1 << 20)) {
            throw new UsageException("--metadata-len must be a multiple of 4 up to 1 MiB, not " + metadataLength);
        }
        if (metadataLength > 0 && !read && !write) {
            throw new UsageException("--metadata-len needs --read or --write to say which way the metadata goes");
        }
        if (metadataFile != null && (!write || metadataLength == 0)) {
            throw new UsageException("--metadata goes with --write and --metadata-len");
        }
        if (metadataFile != null && !Files.isReadable(metadataFile)) {
            throw new UsageException("cannot read metadata file " + metadataFile);
        }
    }

    @Override
    protected long dataBytes() {
        return super.dataBytes() + metadataLength;
    }

    @Override
    long maxDataLength(DeviceSession session) {
        return session.controller().maxTransferBytes();
    }

    @Override
    Completion execute(DeviceSession session, DmaBuffer data, Duration timeout) {
        if (metadataLength > 0 && Namespaces.require(session, nsid).metadataSize() == 0) {
            throw new UsageException("--metadata-len: namespace " + nsid + " has no metadata (its format's metadata"
                    + " size is 0; see --metadata-size)");
        }
        DmaBuffer md = metadataLength > 0 ? session.function().dma().allocate(metadataLength, 4096) : null;
        try (IoQueuePair qp = session.controller().createIoQueuePair(32)) {
            if (md != null && metadataFile != null) {
                byte[] bytes = Files.readAllBytes(metadataFile);
                MemorySegment.copy(bytes, 0, md.segment(), ValueLayout.JAVA_BYTE, 0,
                        (int) Math.min(bytes.length, metadataLength));
            }
            long address = data == null ? 0 : data.deviceAddress();
            long mptr = md == null ? 0 : md.deviceAddress();
            IoCommand command = new IoCommand().opcode(opcode).nsid(nsid).cdw2(cdw2).cdw3(cdw3)
                    .cdw10to15(cdw10, cdw11, cdw12, cdw13, cdw14, cdw15).data(address, (int) dataLength).metadata(mptr);
            SyncIo.Outcome o = SyncIo.run(qp, timeout, (q, h) -> q.submit(command, 0, h));
            if (md != null && read && o.status() == 0) {
                metadataRead = MemorySegment.ofArray(md.segment().toArray(ValueLayout.JAVA_BYTE));
            }
            return new Completion(o.status(), o.result());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read metadata file " + metadataFile, e);
        } finally {
            if (md != null) {
                session.function().dma().free(md);
            }
        }
    }

    @Override
    MemorySegment metadataRead() {
        return metadataRead;
    }
}
