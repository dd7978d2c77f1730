package io.nvmebridge.bridge;

import java.util.Arrays;

/** nsid -> LBA size and block count, as flat arrays so the hot path looks a namespace up without boxing. */
public final class NamespaceTable {
    public static final int MAX_NSID = 1024;
    private final int[] lbaShift = new int[MAX_NSID + 1];
    private final long[] blocks = new long[MAX_NSID + 1];

    public NamespaceTable() {
        Arrays.fill(lbaShift, -1);
    }

    public NamespaceTable add(int nsid, int lbaSize, long blockCount) {
        if (nsid <= 0 || nsid > MAX_NSID || Integer.bitCount(lbaSize) != 1) {
            throw new IllegalArgumentException("bad namespace nsid=" + nsid + " lbaSize=" + lbaSize);
        }
        lbaShift[nsid] = Integer.numberOfTrailingZeros(lbaSize);
        blocks[nsid] = blockCount;
        return this;
    }

    /** log2 of the LBA size, or -1 when {@code nsid} is no namespace (fd = nsid in an SQE: -EBADF). */
    public int lbaShift(int nsid) {
        return nsid > 0 && nsid <= MAX_NSID ? lbaShift[nsid] : -1;
    }

    public long blocks(int nsid) {
        return nsid > 0 && nsid <= MAX_NSID ? blocks[nsid] : 0;
    }
}
