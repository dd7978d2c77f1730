package io.nvmebridge.qemu;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One namespace of the QEMU controller: {@code -drive} + {@code -device nvme-ns}.
 *
 * @param nsid             namespace id (1..256)
 * @param backing          where the blocks live
 * @param logicalBlockSize LBA size in bytes (power of two, 512 B .. 2 MiB; QEMU's limits)
 * @param zoned            zoned namespace (ZNS) with the given zone size, or null for a conventional one
 * @param metadataSize     metadata bytes per block ({@code ms=}: 0, 8, 16 or 64), in a separate buffer
 *                         ({@code mset=0}); QEMU keeps it in the image after the data, so an image of B blocks
 *                         with metadata is B × (block size + metadata size) bytes
 */
public record QemuNamespace(int nsid, Backing backing, int logicalBlockSize, Zoned zoned, int metadataSize) {

    /** The block backend of a namespace. */
    public sealed interface Backing {
    }

    /**
     * QEMU's null-co driver: reads return zeroes (read-zeroes=on), writes are dropped. For measuring
     * forwarding cost without storage.
     */
    public record NullBacking(long sizeBytes) implements Backing {
        public NullBacking {
            if (sizeBytes <= 0) {
                throw new IllegalArgumentException("null namespace size must be positive: " + sizeBytes);
            }
        }
    }

    /** A raw image file (format=raw); its size is the namespace's capacity. */
    public record RawImage(Path file) implements Backing {
        public RawImage {
            Objects.requireNonNull(file, "file");
        }
    }

    /** A qcow2 image file (format=qcow2). */
    public record Qcow2Image(Path file) implements Backing {
        public Qcow2Image {
            Objects.requireNonNull(file, "file");
        }
    }

    /** ZNS parameters: zone size in bytes and optional open/active limits (0 = no limit). */
    public record Zoned(long zoneSizeBytes, int maxOpen, int maxActive) {
        public Zoned {
            if (zoneSizeBytes <= 0) {
                throw new IllegalArgumentException("zone size must be positive: " + zoneSizeBytes);
            }
        }
    }

    /** A namespace without metadata. */
    public QemuNamespace(int nsid, Backing backing, int logicalBlockSize, Zoned zoned) {
        this(nsid, backing, logicalBlockSize, zoned, 0);
    }

    public QemuNamespace {
        if (metadataSize != 0 && metadataSize != 8 && metadataSize != 16 && metadataSize != 64) {
            throw new IllegalArgumentException("metadata size must be 0, 8, 16 or 64 bytes per block: " + metadataSize);
        }
        if (nsid < 1 || nsid > 256) {
            throw new IllegalArgumentException("nsid must be 1..256 (QEMU's limit): " + nsid);
        }
        Objects.requireNonNull(backing, "backing");
        if (logicalBlockSize < 512 || logicalBlockSize > (2 << 20) || Integer.bitCount(logicalBlockSize) != 1) {
            throw new IllegalArgumentException("logical block size must be a power of two in 512..2MiB: " + logicalBlockSize);
        }
    }

    public static QemuNamespace nullBlocks(int nsid, long sizeBytes, int logicalBlockSize) {
        return new QemuNamespace(nsid, new NullBacking(sizeBytes), logicalBlockSize, null);
    }

    public static QemuNamespace raw(int nsid, Path image, int logicalBlockSize) {
        return new QemuNamespace(nsid, new RawImage(image), logicalBlockSize, null);
    }

    public static QemuNamespace qcow2(int nsid, Path image, int logicalBlockSize) {
        return new QemuNamespace(nsid, new Qcow2Image(image), logicalBlockSize, null);
    }

    /** This namespace as a zoned one. */
    public QemuNamespace zoned(Zoned z) {
        return new QemuNamespace(nsid, backing, logicalBlockSize, z, metadataSize);
    }

    /** This namespace with {@code bytes} of metadata per block in a separate buffer. */
    public QemuNamespace withMetadata(int bytes) {
        return new QemuNamespace(nsid, backing, logicalBlockSize, zoned, bytes);
    }

    /** The {@code -drive} argument (drive id "d" + nsid). */
    public String driveArgument() {
        String id = "id=d" + nsid;
        return switch (backing) {
            case NullBacking n -> "if=none," + id + ",file=null-co://,driver=null-co,read-zeroes=on,size=" + n.sizeBytes();
            // discard=unmap: Deallocate must really drop the blocks (QEMU reports DLFEAT "reads as zeroes";
            // with the default discard=ignore the old data would stay)
            case RawImage r -> "if=none," + id + ",file=" + QemuArgs.escape(r.file().toAbsolutePath().toString()) + ",format=raw,discard=unmap";
            case Qcow2Image q -> "if=none," + id + ",file=" + QemuArgs.escape(q.file().toAbsolutePath().toString()) + ",format=qcow2,discard=unmap";
        };
    }

    /** The {@code -device nvme-ns} argument. */
    public String deviceArgument() {
        StringBuilder b = new StringBuilder("nvme-ns,drive=d").append(nsid).append(",nsid=").append(nsid)
                .append(",logical_block_size=").append(logicalBlockSize)
                .append(",physical_block_size=").append(logicalBlockSize);
        if (metadataSize != 0) {
            b.append(",ms=").append(metadataSize).append(",mset=0");
        }
        if (zoned != null) {
            b.append(",zoned=true,zoned.zone_size=").append(zoned.zoneSizeBytes());
            if (zoned.maxOpen() > 0) {
                b.append(",zoned.max_open=").append(zoned.maxOpen());
            }
            if (zoned.maxActive() > 0) {
                b.append(",zoned.max_active=").append(zoned.maxActive());
            }
        }
        return b.toString();
    }
}
