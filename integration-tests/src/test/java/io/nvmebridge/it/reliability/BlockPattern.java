package io.nvmebridge.it.reliability;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Self-checking block contents: word 0 = MAGIC ^ nsid ^ lba, word 1 = version, every other 8-byte word a hash of
 * (nsid, lba, version, index). A block that reads back names which write it holds (its version), so a torn,
 * misdirected or corrupted block is caught, and an all-zero block means "never written".
 */
final class BlockPattern {
    static final int BLOCK = 4096;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final long MAGIC = 0x4E56_4D45_4252_4447L;
    /** {@link #versionOf} for a block whose contents are not a valid pattern. */
    static final long CORRUPT = -1;

    private BlockPattern() {
    }

    static void fill(MemorySegment s, long off, int nsid, long lba, long version) {
        s.set(U64, off, MAGIC ^ nsid ^ (lba << 8));
        s.set(U64, off + 8, version);
        for (int i = 2; i < BLOCK / 8; i++) {
            s.set(U64, off + 8L * i, word(nsid, lba, version, i));
        }
    }

    /** The version a block holds: 0 = all zeroes (never written), {@link #CORRUPT} when not a valid pattern. */
    static long versionOf(MemorySegment s, long off, int nsid, long lba) {
        long w0 = s.get(U64, off);
        long version = s.get(U64, off + 8);
        if (w0 == 0 && version == 0) {
            for (int i = 2; i < BLOCK / 8; i++) {
                if (s.get(U64, off + 8L * i) != 0) {
                    return CORRUPT;
                }
            }
            return 0;
        }
        if (w0 != (MAGIC ^ nsid ^ (lba << 8)) || version <= 0) {
            return CORRUPT;
        }
        for (int i = 2; i < BLOCK / 8; i++) {
            if (s.get(U64, off + 8L * i) != word(nsid, lba, version, i)) {
                return CORRUPT;
            }
        }
        return version;
    }

    private static long word(int nsid, long lba, long version, int i) {
        long x = nsid * 0x9E3779B97F4A7C15L ^ lba * 0xC2B2AE3D27D4EB4FL ^ version * 0x165667B19E3779F9L ^ i;
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        return x ^ (x >>> 33);
    }
}
