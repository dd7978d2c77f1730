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
 * so reads and writes are plain segment copies. Also keeps the namespace's SMART counters.
 */
final class Namespace implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Namespace.class.getName());

    final NamespaceConfig config;
    final int nsid;
    final long blocks;
    final int lbaShift;
    /** All blocks, or null for a NULL namespace. */
    final MemorySegment data;
    private final Arena arena;
    private final FileChannel channel;
    /** False for {@link NamespaceConfig.Backing#NULL_NO_DATA}: reads leave the host buffer as it was. */
    private final boolean zeroReads;

    // SMART / Health counters (512-byte units and commands), touched only under the controller's lock
    long sectorsRead;
    long sectorsWritten;
    long readCommands;
    long writeCommands;

    private Namespace(NamespaceConfig config, MemorySegment data, Arena arena, FileChannel channel) {
        this.config = config;
        this.nsid = config.nsid();
        this.blocks = config.blocks();
        this.lbaShift = Integer.numberOfTrailingZeros(config.lbaSize());
        this.data = data;
        this.arena = arena;
        this.channel = channel;
        this.zeroReads = config.backing() != NamespaceConfig.Backing.NULL_NO_DATA;
    }

    static Namespace open(NamespaceConfig c) {
        switch (c.backing()) {
            case NULL, NULL_NO_DATA -> {
                return new Namespace(c, null, null, null);
            }
            case RAM -> {
                Arena arena = Arena.ofShared();
                return new Namespace(c, arena.allocate(c.bytes(), 4096), arena, null);
            }
            case FILE -> {
                try {
                    FileChannel ch = FileChannel.open(c.path(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
                    if (ch.size() < c.bytes()) {
                        // extend sparsely: one byte at the new end, past any existing data
                        ch.write(ByteBuffer.allocate(1), c.bytes() - 1);
                    }
                    Arena arena = Arena.ofShared();
                    MemorySegment seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, c.bytes(), arena);
                    return new Namespace(c, seg, arena, ch);
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

    /** Zeroes blocks (Write Zeroes, and Dataset Management deallocate: deallocated blocks read as zeroes). */
    void zero(long slba, long nlb) {
        if (data != null && nlb > 0) {
            data.asSlice(slba << lbaShift, nlb << lbaShift).fill((byte) 0);
        }
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
