package io.nvmebridge.bridge.core;

import io.nvmebridge.driver.IoCommand;

/**
 * What a {@link ForwardingCore} needs of one NVMe I/O queue pair: the driver's {@code IoQueuePair} seen through
 * the few calls the core makes ({@code io.nvmebridge.bridge.DriverQueue}), or a fake in tests. Single owner:
 * every call comes from the thread driving the core. Submissions return false when the NVMe submission queue is
 * full. Statuses are NVMe statuses as the driver reports them (its own codes above the NVMe ones): mapping them to
 * errno, a virtio status byte or an NVMe/TCP response is each front door's business, not the queue's.
 */
public interface NvmeQueue {

    /** Receives one completion per submitted command (requests the driver split are reassembled). */
    interface Completion {
        void complete(long userData, int nvmeStatus, long result);
    }

    /** A Read of {@code blocks} blocks into one device address range (the driver splits it at MDTS). */
    boolean read(int nsid, long slba, int blocks, long dataDeviceAddress, long userData);

    /** A Write of {@code blocks} blocks from one device address range (the driver splits it at MDTS). */
    boolean write(int nsid, long slba, int blocks, long dataDeviceAddress, long userData);

    boolean flush(int nsid, long userData);

    /**
     * Any I/O command, its data one device address range or a list of ranges; the queue owns the command id,
     * maps the data to PRPs, and reads {@code command} during the call only. Data PRPs cannot describe
     * ({@link #prpDescribable}) or beyond {@link #maxTransferBytes()} completes with an invalid-request status.
     */
    boolean submit(IoCommand command, long userData);

    /** True when {@link #submit} can map these device address ranges as they are (PRP rules). */
    boolean prpDescribable(long[] addresses, long[] lengths, int count);

    /** The most data one command may carry (MDTS). */
    int maxTransferBytes();

    /** Rings the SQ doorbell for everything submitted since the last call (once per batch). */
    void flush();

    /** Reaps up to {@code max} completions, calling the completion sink for each; returns how many. */
    int poll(int max);
}
