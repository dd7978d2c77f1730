package io.nvmebridge.bridge;

import io.nvmebridge.driver.DriverStatus;
import io.nvmebridge.driver.ErrnoMapping;
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
    public boolean raw(int opcode, int nsid, int cdw2, int cdw3, int cdw10, int cdw11, int cdw12, int cdw13,
                       int cdw14, int cdw15, long dataDeviceAddress, int dataLength, long metadataDeviceAddress,
                       long userData) {
        return pair.raw(opcode, nsid, cdw2, cdw3, cdw10, cdw11, cdw12, cdw13, cdw14, cdw15, dataDeviceAddress,
                dataLength, metadataDeviceAddress, userData, handler);
    }

    @Override
    public boolean rawVectored(int opcode, int nsid, int cdw2, int cdw3, int cdw10, int cdw11, int cdw12, int cdw13,
                               int cdw14, int cdw15, long[] addresses, long[] lengths, int count,
                               long metadataDeviceAddress, long userData) {
        return pair.rawVectored(opcode, nsid, cdw2, cdw3, cdw10, cdw11, cdw12, cdw13, cdw14, cdw15, addresses, lengths,
                count, metadataDeviceAddress, userData, handler);
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

    @Override
    public int errno(int nvmeStatus) {
        return ErrnoMapping.errno(nvmeStatus);
    }

    @Override
    public boolean isDeviceStatus(int status) {
        return (status & DriverStatus.DRIVER_BITS) == 0;
    }
}
