package io.nvmebridge.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * The storage behind one namespace: off-heap RAM, a memory-mapped (sparse) file, or nothing at all (NULL:
 * reads give zeroes, writes vanish). RAM and FILE both expose one {@link MemorySegment} over all blocks,
 * so reads and writes are plain segment copies; a namespace with metadata has a second segment of
 * {@code metadataSize} bytes per block (in a FILE namespace the part of the file after the data, QEMU's layout).
 * Also keeps the namespace's SMART counters.
 */
final class Namespace implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Namespace.class.getName());

    final NamespaceConfig config;
    final int nsid;
    final long blocks;
    final int lbaShift;
    /** All blocks, or null for a NULL namespace. */
    final MemorySegment data;
    /** Metadata bytes per block; 0 without metadata. */
    final int metadataSize;
    /** All blocks' metadata, or null (no metadata, or a NULL namespace). */
    final MemorySegment metadata;
    private final Arena arena;
    private final FileChannel channel;
    /** False for {@link NamespaceConfig.Backing#NULL_NO_DATA}: reads leave the host buffer as it was. */
    private final boolean zeroReads;

    // SMART / Health counters (512-byte units and commands), touched only under the controller's lock
    long sectorsRead;
    long sectorsWritten;
    long readCommands;
    long writeCommands;

    private Namespace(NamespaceConfig config, MemorySegment data, MemorySegment metadata, Arena arena,
                      FileChannel channel) {
        this.config = config;
        this.nsid = config.nsid();
        this.blocks = config.blocks();
        this.lbaShift = Integer.numberOfTrailingZeros(config.lbaSize());
        this.data = data;
        this.metadataSize = config.metadataSize();
        this.metadata = metadata;
        this.arena = arena;
        this.channel = channel;
        this.zeroReads = config.backing() != NamespaceConfig.Backing.NULL_NO_DATA;
    }

    static Namespace open(NamespaceConfig c) {
        switch (c.backing()) {
            case NULL, NULL_NO_DATA -> {
                return new Namespace(c, null, null, null, null);
            }
            case RAM -> {
                Arena arena = Arena.ofShared();
                MemorySegment meta = c.metadataSize() == 0 ? null : arena.allocate(c.metadataBytes(), 4096);
                return new Namespace(c, arena.allocate(c.bytes(), 4096), meta, arena, null);
            }
            case FILE -> {
                try {
                    FileChannel ch = FileChannel.open(c.path(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
                    long size = c.bytes() + c.metadataBytes(); // metadata after the data, as QEMU keeps it
                    if (ch.size() < size) {
                        // extend sparsely: one byte at the new end, past any existing data
                        ch.write(ByteBuffer.allocate(1), size - 1);
                    }
                    Arena arena = Arena.ofShared();
                    MemorySegment seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
                    MemorySegment meta = c.metadataSize() == 0 ? null : seg.asSlice(c.bytes(), c.metadataBytes());
                    return new Namespace(c, seg.asSlice(0, c.bytes()), meta, arena, ch);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open namespace " + c.nsid() + " file " + c.path(), e);
                }
            }
            default -> throw new AssertionError(c.backing());
        }
    }

    int lbaSize() {
        return 1 << lbaShift;
    }

    /** True when {@code [slba, slba + nlb)} lies inside the namespace (overflow safe). */
    boolean inRange(long slba, long nlb) {
        return slba >= 0 && nlb >= 0 && slba <= blocks && nlb <= blocks - slba;
    }

    void read(PrpTransfer xfer, long slba) {
        if (data == null) {
            if (zeroReads) {
                xfer.zeroHost();
            }
        } else {
            xfer.toHost(data, slba << lbaShift);
        }
    }

    void write(PrpTransfer xfer, long slba) {
        if (data != null) {
            xfer.fromHost(data, slba << lbaShift);
        }
    }

    boolean compare(PrpTransfer xfer, long slba) {
        return xfer.hostEquals(data, slba << lbaShift);
    }

    /**
     * Zeroes blocks and their metadata (Write Zeroes, and Dataset Management deallocate: deallocated blocks read
     * as zeroes).
     */
    void zero(long slba, long nlb) {
        if (data != null && nlb > 0) {
            data.asSlice(slba << lbaShift, nlb << lbaShift).fill((byte) 0);
        }
        if (metadata != null && nlb > 0) {
            metadata.asSlice(slba * metadataSize, nlb * metadataSize).fill((byte) 0);
        }
    }

    /**
     * Copies the metadata of {@code nlb} blocks from {@code slba} to host memory {@code host} at {@code off} (a NULL
     * namespace: zeroes, or nothing for NULL_NO_DATA).
     */
    void readMetadata(long slba, long nlb, MemorySegment host, long off) {
        long len = nlb * metadataSize;
        if (metadata != null) {
            MemorySegment.copy(metadata, slba * metadataSize, host, off, len);
        } else if (zeroReads) {
            host.asSlice(off, len).fill((byte) 0);
        }
    }

    void writeMetadata(long slba, long nlb, MemorySegment host, long off) {
        if (metadata != null) {
            MemorySegment.copy(host, off, metadata, slba * metadataSize, nlb * metadataSize);
        }
    }

    /** True when the host's metadata equals the stored metadata of the blocks (a NULL namespace's is zeroes). */
    boolean metadataEquals(long slba, long nlb, MemorySegment host, long off) {
        long len = nlb * metadataSize;
        MemorySegment h = host.asSlice(off, len);
        if (metadata == null) {
            return h.mismatch(MemorySegment.ofArray(new byte[(int) len])) == -1;
        }
        return h.mismatch(metadata.asSlice(slba * metadataSize, len)) == -1;
    }

    /** Makes written data durable: forces a FILE namespace's mapping and the file to disk. */
    void flush() {
        if (channel != null) {
            try {
                data.force();
                channel.force(true);
            } catch (IOException | UncheckedIOException e) {
                LOG.log(System.Logger.Level.WARNING, "flush of namespace " + nsid + " failed: " + e);
            }
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            flush();
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing namespace " + nsid + " file: " + e);
            }
        }
        if (arena != null && arena.scope().isAlive()) {
            arena.close();
        }
    }
}
