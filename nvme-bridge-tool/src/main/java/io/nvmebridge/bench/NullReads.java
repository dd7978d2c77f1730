package io.nvmebridge.bench;

import java.util.Locale;

/**
 * What a read of the benchmarks' null namespace does with the host buffer: {@link #ZEROES} fills it (the
 * emulator's NULL namespace), {@link #UNTOUCHED} leaves it as it was (NULL_NO_DATA: Linux's null_blk, SPDK's
 * null bdev, QEMU's null-co with read-zeroes=off). A 4 KiB zero fill costs more than the rest of a read's
 * way through the bridge, so UNTOUCHED shows the cost of forwarding alone.
 */
public enum NullReads {
    ZEROES,
    UNTOUCHED;

    /** "zeroes" or "untouched". */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #option()}; null when {@code s} is neither. */
    public static NullReads parse(String s) {
        for (NullReads n : values()) {
            if (n.option().equals(s)) {
                return n;
            }
        }
        return null;
    }
}
