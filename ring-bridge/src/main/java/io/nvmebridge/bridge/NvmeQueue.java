package io.nvmebridge.bridge;

/**
 * What a {@link RingBridge} needs of one NVMe I/O queue pair: the driver's {@code IoQueuePair} seen
 * through the few calls the bridge makes (see {@link DriverQueue}). Single owner: every call comes from
 * the thread driving the bridge. Submissions return false when the NVMe submission queue is full.
 */
public interface NvmeQueue {

    /** Receives one completion per submitted command (requests the driver split are reassembled). */
    interface Completion {
        void complete(long userData, int nvmeStatus, long result);
    }

    boolean read(int nsid, long slba, int blocks, long dataDeviceAddress, long userData);

    boolean write(int nsid, long slba, int blocks, long dataDeviceAddress, long userData);

    boolean flush(int nsid, long userData);

    /**
     * A passthrough I/O command; the queue owns the command id and builds the data pointers. {@code metadataDeviceAddress}
     * is the MPTR (0 for none).
     */
    boolean raw(int opcode, int nsid, int cdw2, int cdw3, int cdw10, int cdw11, int cdw12, int cdw13, int cdw14,
                int cdw15, long dataDeviceAddress, int dataLength, long metadataDeviceAddress, long userData);

    /**
     * A vectored passthrough command: its data is the device address ranges {@code [0, count)} of
     * {@code addresses}/{@code lengths} taken in order, mapped without a copy. Ranges that fail
     * {@link #prpDescribable} or exceed {@link #maxTransferBytes()} complete with an invalid-request status.
     */
    boolean rawVectored(int opcode, int nsid, int cdw2, int cdw3, int cdw10, int cdw11, int cdw12, int cdw13,
                        int cdw14, int cdw15, long[] addresses, long[] lengths, int count, long metadataDeviceAddress,
                        long userData);

    /** True when {@link #rawVectored} can map these device address ranges as they are (PRP rules). */
    boolean prpDescribable(long[] addresses, long[] lengths, int count);

    /** The most data one passthrough command may carry (MDTS). */
    int maxTransferBytes();

    /** Rings the SQ doorbell for everything submitted since the last call (once per batch). */
    void flush();

    /** Reaps up to {@code max} completions, calling the completion sink for each; returns how many. */
    int poll(int max);

    /** Linux errno (positive) for an NVMe status or a driver status. */
    int errno(int nvmeStatus);

    /** True when {@code status} is an NVMe status the device returned (not one the driver made up). */
    boolean isDeviceStatus(int status);
}
