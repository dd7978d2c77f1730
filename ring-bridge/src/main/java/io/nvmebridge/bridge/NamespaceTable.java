package io.nvmebridge.bridge;

import java.util.Arrays;

/**
 * nsid -> LBA size, block count and metadata bytes per block, as flat arrays so the hot path looks a namespace up
 * without boxing.
 */
public final class NamespaceTable {
    public static final int MAX_NSID = 1024;
    private final int[] lbaShift = new int[MAX_NSID + 1];
    private final long[] blocks = new long[MAX_NSID + 1];
    private final int[] metadataSize = new int[MAX_NSID + 1];

    public NamespaceTable() {
        Arrays.fill(lbaShift, -1);
    }

    public NamespaceTable add(int nsid, int lbaSize, long blockCount) {
        return add(nsid, lbaSize, blockCount, 0);
    }

    /** A namespace whose format carries {@code metadataBytes} of metadata per block in a separate buffer. */
    public NamespaceTable add(int nsid, int lbaSize, long blockCount, int metadataBytes) {
        if (nsid <= 0 || nsid > MAX_NSID || Integer.bitCount(lbaSize) != 1 || metadataBytes < 0) {
            throw new IllegalArgumentException("bad namespace nsid=" + nsid + " lbaSize=" + lbaSize
                    + " metadata=" + metadataBytes);
        }
        lbaShift[nsid] = Integer.numberOfTrailingZeros(lbaSize);
        blocks[nsid] = blockCount;
        metadataSize[nsid] = metadataBytes;
        return this;
    }

    /** log2 of the LBA size, or -1 when {@code nsid} is no namespace (fd = nsid in an SQE: -EBADF). */
    public int lbaShift(int nsid) {
        return nsid > 0 && nsid <= MAX_NSID ? lbaShift[nsid] : -1;
    }

    public long blocks(int nsid) {
        return nsid > 0 && nsid <= MAX_NSID ? blocks[nsid] : 0;
    }

    /** Metadata bytes per block of the namespace's format (0: none, or no such namespace). */
    public int metadataSize(int nsid) {
        return nsid > 0 && nsid <= MAX_NSID ? metadataSize[nsid] : 0;
    }
}
