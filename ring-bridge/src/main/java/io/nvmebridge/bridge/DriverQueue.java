package io.nvmebridge.bridge;

import io.nvmebridge.bridge.core.NvmeQueue;
import io.nvmebridge.driver.IoCommand;
import io.nvmebridge.driver.IoCompletionHandler;
import io.nvmebridge.driver.IoQueuePair;

/** {@link NvmeQueue} over the userspace driver's {@link IoQueuePair} (MDTS splitting happens there). */
public final class DriverQueue implements NvmeQueue {
    private final IoQueuePair pair;
    private final IoCompletionHandler handler;

    public DriverQueue(IoQueuePair pair, Completion sink) {
        this.pair = pair;
        this.handler = sink::complete; // one object for the queue's lifetime: nothing allocated per I/O
    }

    public IoQueuePair pair() {
        return pair;
    }

    @Override
    public boolean read(int nsid, long slba, int blocks, long dataDeviceAddress, long userData) {
        return pair.read(nsid, slba, blocks, dataDeviceAddress, userData, handler);
    }

    @Override
    public boolean write(int nsid, long slba, int blocks, long dataDeviceAddress, long userData) {
        return pair.write(nsid, slba, blocks, dataDeviceAddress, userData, handler);
    }

    @Override
    public boolean flush(int nsid, long userData) {
        return pair.flush(nsid, userData, handler);
    }

    @Override
    public boolean submit(IoCommand command, long userData) {
        return pair.submit(command, userData, handler);
    }

    @Override
    public boolean prpDescribable(long[] addresses, long[] lengths, int count) {
        return pair.prpDescribable(addresses, lengths, count);
    }

    @Override
    public int maxTransferBytes() {
        return pair.maxTransferBytes();
    }

    @Override
    public void flush() {
        pair.flush();
    }

    @Override
    public int poll(int max) {
        return pair.poll(max);
    }
}
