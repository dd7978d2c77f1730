package io.nvmebridge.driver;

/**
 * One NVMe I/O command as a caller describes it to {@link IoQueuePair#submit}: opcode, NSID, CDW2/3, CDW10..15,
 * the data (one device address range, or a list of ranges taken in order as one buffer) and the metadata pointer.
 * The queue sets CID and maps the data to PRPs itself (PRP1/PRP2 and a list in the command's own slot), as
 * libvfn's {@code nvme_rq_map_prp}/{@code nvme_rq_mapv} followed by {@code nvme_rq_exec}.
 *
 * <p>Mutable and reusable on purpose: a caller keeps one (or one per request it may have to re-issue) and fills
 * it for every command, so submitting allocates nothing. {@link #clear()} zeroes every field. The queue reads
 * it, and the range arrays it names, only during {@code submit}. Not thread-safe: one owner, as the queue pair.
 */
public final class IoCommand {
    int opcode;
    int nsid;
    int cdw2;
    int cdw3;
    int cdw10;
    int cdw11;
    int cdw12;
    int cdw13;
    int cdw14;
    int cdw15;
    long dataAddress;
    int dataLength;
    /** Non-null: the data is ranges {@code [0, rangeCount)} of these arrays instead of dataAddress/dataLength. */
    long[] rangeAddresses;
    long[] rangeLengths;
    int rangeCount;
    long metadataAddress;

    /** Zeroes every field: no data, no metadata, opcode 0. */
    public IoCommand clear() {
        opcode = 0;
        nsid = 0;
        cdw2 = 0;
        cdw3 = 0;
        cdw10 = 0;
        cdw11 = 0;
        cdw12 = 0;
        cdw13 = 0;
        cdw14 = 0;
        cdw15 = 0;
        dataAddress = 0;
        dataLength = 0;
        rangeAddresses = null;
        rangeLengths = null;
        rangeCount = 0;
        metadataAddress = 0;
        return this;
    }

    public IoCommand opcode(int value) {
        opcode = value;
        return this;
    }

    public IoCommand nsid(int value) {
        nsid = value;
        return this;
    }

    public IoCommand cdw2(int value) {
        cdw2 = value;
        return this;
    }

    public IoCommand cdw3(int value) {
        cdw3 = value;
        return this;
    }

    /** CDW10..CDW15 at once, as a command's own fields. */
    public IoCommand cdw10to15(int cdw10, int cdw11, int cdw12, int cdw13, int cdw14, int cdw15) {
        this.cdw10 = cdw10;
        this.cdw11 = cdw11;
        this.cdw12 = cdw12;
        this.cdw13 = cdw13;
        this.cdw14 = cdw14;
        this.cdw15 = cdw15;
        return this;
    }

    /**
     * Data in one device address range (dword aligned when non-empty); {@code length} 0 for none. Replaces any
     * ranges set before.
     */
    public IoCommand data(long address, int length) {
        dataAddress = address;
        dataLength = length;
        rangeAddresses = null;
        rangeLengths = null;
        rangeCount = 0;
        return this;
    }

    /**
     * Data in the device address ranges {@code [0, count)} of these arrays, taken in order as one buffer, mapped
     * without a copy when PRPs can describe them ({@link IoQueuePair#prpDescribable}); read only during
     * {@code submit}. Replaces a single range set before.
     */
    public IoCommand dataRanges(long[] addresses, long[] lengths, int count) {
        rangeAddresses = addresses;
        rangeLengths = lengths;
        rangeCount = count;
        dataAddress = 0;
        dataLength = 0;
        return this;
    }

    /** The metadata pointer (MPTR): one contiguous, dword aligned buffer; 0 for none. */
    public IoCommand metadata(long address) {
        metadataAddress = address;
        return this;
    }

    public int opcode() {
        return opcode;
    }

    public int nsid() {
        return nsid;
    }

    public int cdw10() {
        return cdw10;
    }

    public int cdw12() {
        return cdw12;
    }

    /** The single data range's address (0 when the data is ranges or none). */
    public long dataAddress() {
        return dataAddress;
    }

    /** The single data range's length (0 when the data is ranges or none). */
    public int dataLength() {
        return dataLength;
    }

    /** Ranges in the data ({@link #dataRanges}); 0 for a single range. */
    public int rangeCount() {
        return rangeCount;
    }

    public long metadataAddress() {
        return metadataAddress;
    }

    /** True when the data is a list of ranges ({@link #dataRanges}). */
    public boolean hasRanges() {
        return rangeAddresses != null;
    }

    @Override
    public String toString() {
        return "IoCommand[opcode=0x" + Integer.toHexString(opcode) + " nsid=" + nsid
                + (hasRanges() ? " ranges=" + rangeCount : " data=0x" + Long.toHexString(dataAddress) + "+" + dataLength)
                + (metadataAddress != 0 ? " mptr=0x" + Long.toHexString(metadataAddress) : "") + "]";
    }
}
