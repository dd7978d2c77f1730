package io.nvmebridge.tool.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The content --verify writes: every 512-byte sector starts with its byte offset in the namespace and the
 * run's seed, and is filled with a xorshift stream seeded from both. A block read back is correct when
 * every sector matches — which catches data at the wrong offset, stale data and corruption alike.
 */
final class BlockPattern {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int SECTOR = 512;

    private BlockPattern() {
    }

    static void fill(MemorySegment buf, long length, long byteOffset, long seed) {
        for (long s = 0; s < length; s += SECTOR) {
            long x = mix(byteOffset + s, seed);
            buf.set(U64, s, byteOffset + s);
            buf.set(U64, s + 8, seed);
            for (long i = 16; i < SECTOR; i += 8) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                buf.set(U64, s + i, x);
            }
        }
    }

    /** Number of 512-byte sectors of {@code buf} that do not hold the pattern for {@code byteOffset}. */
    static int mismatches(MemorySegment buf, long length, long byteOffset, long seed) {
        int bad = 0;
        for (long s = 0; s < length; s += SECTOR) {
            if (buf.get(U64, s) != byteOffset + s || buf.get(U64, s + 8) != seed) {
                bad++;
                continue;
            }
            long x = mix(byteOffset + s, seed);
            for (long i = 16; i < SECTOR; i += 8) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                if (buf.get(U64, s + i) != x) {
                    bad++;
                    break;
                }
            }
        }
        return bad;
    }

    private static long mix(long offset, long seed) {
        long z = offset * 0x9E3779B97F4A7C15L + seed;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return z == 0 ? 1 : z;
    }
}
