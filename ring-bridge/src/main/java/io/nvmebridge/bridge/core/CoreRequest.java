package io.nvmebridge.bridge.core;

import io.nvmebridge.driver.IoCommand;
import io.nvmebridge.spec.device.DmaBuffer;

/**
 * One request of a {@link ForwardingCore}, at index {@code tag} of its table (the tag is also the NVMe user data of
 * the request's commands): what to send to the device, described by the front door with one of {@link #read},
 * {@link #write}, {@link #flush}, {@link #command()}, {@link #readRanges}/{@link #writeRanges} or {@link #local}
 * between {@link ForwardingCore#take} and {@link ForwardingCore#start}; and the core's progress with it (commands
 * pending, first status). All made up front, reused for every request: nothing is allocated per I/O. Owned by the
 * core's thread: plain fields on purpose.
 */
public final class CoreRequest {
    // kinds
    static final byte LOCAL = 0;       // completes without the device, in issue order, with localStatus
    static final byte READ = 1;        // one contiguous Read (the driver splits it at MDTS)
    static final byte WRITE = 2;       // one contiguous Write (likewise)
    static final byte FLUSH = 3;
    static final byte COMMAND = 4;     // any command (IoCommand), data one range or the request's ranges
    static final byte RANGE_READS = 5; // one Read per range, consecutive LBAs, reassembled into one completion
    static final byte RANGE_WRITES = 6;

    // states
    static final byte FREE = 0;
    static final byte TAKEN = 1;       // being described, or held by the front door (an io_uring chain member)
    static final byte QUEUED = 2;      // started, its commands not all on the NVMe queue yet
    static final byte INFLIGHT = 3;

    private static final long[] NO_RANGES = new long[0];

    byte state;
    byte kind;
    int nsid;
    long slba;
    int blocks;
    long dataAddress;
    int lbaShift;            // RANGE_*: blocks = range length >>> lbaShift
    int localStatus;
    final IoCommand command = new IoCommand();
    boolean commandOverRanges;
    boolean rangesAtIssue;   // the front door's RangeSupplier adds the ranges when the request is issued
    long[] rangeAddresses = NO_RANGES;
    long[] rangeLengths = NO_RANGES;
    int rangeCount;
    int cursor;              // RANGE_*: next range to issue
    long cursorLba;          // RANGE_*: its LBA
    int pending;             // NVMe commands submitted and not completed
    boolean allIssued;
    int status;              // first non-zero NVMe status
    long result;
    DmaBuffer bounce;        // the tag's bounce buffer, kept (lazily allocated)
    DmaBuffer bounceTemp;    // one-off bounce for a request larger than the kept one, freed at release
    DmaBuffer metadataBounce; // one-off metadata bounce, freed at release

    CoreRequest() {
    }

    /** Back to a fresh request: called by {@link ForwardingCore#take}. */
    void reset() {
        state = TAKEN;
        kind = LOCAL;
        localStatus = 0;
        commandOverRanges = false;
        rangesAtIssue = false;
        rangeCount = 0;
        cursor = 0;
        pending = 0;
        allIssued = false;
        status = 0;
        result = 0;
    }

    /** Reads {@code blocks} blocks at {@code slba} of {@code nsid} into device memory at {@code dataAddress}. */
    public void read(int nsid, long slba, int blocks, long dataAddress) {
        transfer(READ, nsid, slba, blocks, dataAddress);
    }

    /** Writes {@code blocks} blocks at {@code slba} of {@code nsid} from device memory at {@code dataAddress}. */
    public void write(int nsid, long slba, int blocks, long dataAddress) {
        transfer(WRITE, nsid, slba, blocks, dataAddress);
    }

    private void transfer(byte k, int ns, long lba, int n, long address) {
        kind = k;
        nsid = ns;
        slba = lba;
        blocks = n;
        dataAddress = address;
    }

    /** A Flush of {@code nsid}. */
    public void flush(int nsid) {
        kind = FLUSH;
        this.nsid = nsid;
    }

    /**
     * Any NVMe command: the returned command, cleared, is the front door's to fill (data as one range there, or
     * as this request's ranges: {@link #addRange} then {@link #commandDataInRanges}). Kept with the request until
     * it is issued, which may be later than now (back-pressure).
     */
    public IoCommand command() {
        kind = COMMAND;
        commandOverRanges = false;
        return command.clear();
    }

    /** The {@link #command()}'s data is this request's ranges ({@link #addRange}), mapped without a copy. */
    public void commandDataInRanges() {
        commandOverRanges = true;
    }

    /**
     * One Read per range ({@link #addRange}, lengths whole blocks of {@code 1 << lbaShift} bytes), at consecutive
     * LBAs from {@code slba}, completed as one request: a vectored read without a bounce buffer.
     */
    public void readRanges(int nsid, long slba, int lbaShift) {
        ranges(RANGE_READS, nsid, slba, lbaShift);
    }

    /** As {@link #readRanges}, writing. */
    public void writeRanges(int nsid, long slba, int lbaShift) {
        ranges(RANGE_WRITES, nsid, slba, lbaShift);
    }

    private void ranges(byte k, int ns, long lba, int shift) {
        kind = k;
        nsid = ns;
        slba = lba;
        cursorLba = lba;
        lbaShift = shift;
        rangeCount = 0;
    }

    /**
     * Appends a device address range to the request's data. The arrays grow to the largest request this tag has
     * carried and stay: allocation only while a tag meets a larger vector than before, never in steady state.
     */
    public void addRange(long address, long length) {
        if (rangeCount == rangeAddresses.length) {
            int n = Math.max(8, rangeCount * 2);
            rangeAddresses = java.util.Arrays.copyOf(rangeAddresses, n);
            rangeLengths = java.util.Arrays.copyOf(rangeLengths, n);
        }
        rangeAddresses[rangeCount] = address;
        rangeLengths[rangeCount] = length;
        rangeCount++;
    }

    /**
     * Completes without the device with {@code nvmeStatus} (0: success), in issue order like any other request: a
     * front door's rejected request or one with nothing to transfer, which must still keep its place.
     */
    public void local(int nvmeStatus) {
        kind = LOCAL;
        localStatus = nvmeStatus;
    }

    /**
     * The ranges ({@link #commandDataInRanges} or {@link #readRanges}/{@link #writeRanges}) are added when the
     * request is issued, by the core's {@link RangeSupplier}, rather than now.
     */
    public void rangesAtIssue() {
        rangesAtIssue = true;
    }

    /** Ranges added so far. */
    public int rangeCount() {
        return rangeCount;
    }
}
