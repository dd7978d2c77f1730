package io.nvmebridge.emulator;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One namespace of the emulated controller.
 *
 * @param nsid    namespace id, 1..{@link #MAX_NSID}
 * @param blocks  size in logical blocks
 * @param lbaSize logical block size in bytes: 512 or 4096
 * @param backing where the blocks live
 * @param path    the backing file for {@link Backing#FILE}, else null
 * @param metadataSize metadata bytes per block (0, 8, 16 or 64, QEMU's formats), kept apart from the data and
 *                transferred through the command's MPTR as one contiguous buffer (a separate buffer: FLBAS bit 4
 *                clear); a FILE namespace keeps it in the file after the data, as QEMU does
 */
public record NamespaceConfig(int nsid, long blocks, int lbaSize, Backing backing, Path path, int metadataSize) {

    /** Highest namespace id the controller reports (Identify NN), as QEMU. */
    public static final int MAX_NSID = 256;

    /** Where a namespace's blocks are kept. */
    public enum Backing {
        /** Off-heap memory, zeroed at start. */
        RAM,
        /** A (sparse) file, created or extended as needed; Flush forces it to disk. */
        FILE,
        /** Reads return zeroes, writes are discarded: for pure forwarding benchmarks. */
        NULL,
        /**
         * No data moves at all: a read leaves the host buffer as it was, a write is discarded — as Linux's
         * null_blk (without memory_backed), SPDK's null bdev and QEMU's null-co with read-zeroes=off. The
         * forwarding cost without any device data movement (a 4 KiB zero fill costs more than the rest of
         * an I/O's path through the bridge).
         */
        NULL_NO_DATA
    }

    /** A namespace without metadata. */
    public NamespaceConfig(int nsid, long blocks, int lbaSize, Backing backing, Path path) {
        this(nsid, blocks, lbaSize, backing, path, 0);
    }

    public NamespaceConfig {
        Objects.requireNonNull(backing, "backing");
        if (metadataSize != 0 && metadataSize != 8 && metadataSize != 16 && metadataSize != 64) {
            throw new IllegalArgumentException("metadata size must be 0, 8, 16 or 64 bytes per block, not "
                    + metadataSize);
        }
        if (nsid < 1 || nsid > MAX_NSID) {
            throw new IllegalArgumentException("nsid " + nsid + " outside 1.." + MAX_NSID);
        }
        if (lbaSize != 512 && lbaSize != 4096) {
            throw new IllegalArgumentException("lbaSize must be 512 or 4096, not " + lbaSize);
        }
        if (blocks <= 0 || blocks > (Long.MAX_VALUE / (lbaSize + metadataSize))) {
            throw new IllegalArgumentException("bad namespace size " + blocks + " blocks");
        }
        if (backing == Backing.FILE && path == null) {
            throw new IllegalArgumentException("FILE backing needs a path");
        }
        if (backing != Backing.FILE && path != null) {
            throw new IllegalArgumentException(backing + " backing takes no path");
        }
    }

    public static NamespaceConfig ram(int nsid, long blocks, int lbaSize) {
        return new NamespaceConfig(nsid, blocks, lbaSize, Backing.RAM, null);
    }

    public static NamespaceConfig file(int nsid, long blocks, int lbaSize, Path path) {
        return new NamespaceConfig(nsid, blocks, lbaSize, Backing.FILE, path);
    }

    public static NamespaceConfig nullDevice(int nsid, long blocks, int lbaSize) {
        return new NamespaceConfig(nsid, blocks, lbaSize, Backing.NULL, null);
    }

    /** A {@link Backing#NULL_NO_DATA} namespace: reads leave the buffer untouched. */
    public static NamespaceConfig nullNoData(int nsid, long blocks, int lbaSize) {
        return new NamespaceConfig(nsid, blocks, lbaSize, Backing.NULL_NO_DATA, null);
    }

    /** The same namespace with {@code bytes} of metadata per block (0, 8, 16 or 64). */
    public NamespaceConfig withMetadata(int bytes) {
        return new NamespaceConfig(nsid, blocks, lbaSize, backing, path, bytes);
    }

    /** Size of the data in bytes. */
    public long bytes() {
        return blocks * lbaSize;
    }

    /** Size of the metadata in bytes (0 without metadata). */
    public long metadataBytes() {
        return blocks * metadataSize;
    }
}
