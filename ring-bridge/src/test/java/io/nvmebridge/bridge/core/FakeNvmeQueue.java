package io.nvmebridge.bridge.core;

import io.nvmebridge.driver.IoCommand;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link NvmeQueue} without a device, for testing the {@link ForwardingCore} as libvfn's {@code rq_test.c} tests
 * request mapping: it records every submitted command, holds at most {@link #room} of them at once (then answers
 * "full"), and completes the ones a test names, with the status and result it names, in the order it names them,
 * when the core polls.
 */
final class FakeNvmeQueue implements NvmeQueue {
    /** One submitted command as the queue saw it; the IoCommand's fields are copied, since the core reuses it. */
    record Submitted(String kind, int nsid, long slba, int blocks, long address, int opcode, int dataLength,
                     int rangeCount, long metadata, long userData) {
    }

    private final Completion sink;
    final List<Submitted> submitted = new ArrayList<>();
    private final ArrayDeque<long[]> toComplete = new ArrayDeque<>();
    /** Commands the queue accepts before it answers full; each completion delivered frees one. */
    int room;
    int doorbells;
    int maxTransfer = 1 << 20;

    FakeNvmeQueue(Completion sink, int room) {
        this.sink = sink;
        this.room = room;
    }

    /** Completes the {@code index}th submitted command with {@code status} and {@code result} at the next poll. */
    FakeNvmeQueue complete(int index, int status, long result) {
        toComplete.add(new long[] {submitted.get(index).userData(), status, result});
        return this;
    }

    FakeNvmeQueue complete(int index) {
        return complete(index, 0, 0);
    }

    private boolean accept(Submitted s) {
        if (room == 0) {
            return false;
        }
        room--;
        submitted.add(s);
        return true;
    }

    @Override
    public boolean read(int nsid, long slba, int blocks, long dataDeviceAddress, long userData) {
        return accept(new Submitted("read", nsid, slba, blocks, dataDeviceAddress, 0, 0, 0, 0, userData));
    }

    @Override
    public boolean write(int nsid, long slba, int blocks, long dataDeviceAddress, long userData) {
        return accept(new Submitted("write", nsid, slba, blocks, dataDeviceAddress, 0, 0, 0, 0, userData));
    }

    @Override
    public boolean flush(int nsid, long userData) {
        return accept(new Submitted("flush", nsid, 0, 0, 0, 0, 0, 0, 0, userData));
    }

    @Override
    public boolean submit(IoCommand c, long userData) {
        return accept(new Submitted("command", c.nsid(), c.cdw10(), c.cdw12() + 1, c.dataAddress(), c.opcode(),
                c.dataLength(), c.rangeCount(), c.metadataAddress(), userData));
    }

    @Override
    public boolean prpDescribable(long[] addresses, long[] lengths, int count) {
        return true;
    }

    @Override
    public int maxTransferBytes() {
        return maxTransfer;
    }

    @Override
    public void flush() {
        doorbells++;
    }

    @Override
    public int poll(int max) {
        int n = 0;
        while (n < max && !toComplete.isEmpty()) {
            long[] c = toComplete.poll();
            room++;
            sink.complete(c[0], (int) c[1], c[2]);
            n++;
        }
        return n;
    }
}
