package io.nvmebridge.emulator;

import io.nvmebridge.spec.CompletionEntry;

import java.lang.foreign.MemorySegment;

/** Device-side state of one completion queue: tail and phase the device writes, head the host reports. */
final class CompletionQueue {
    final int qid;
    final int size;
    final long busAddress;
    final MemorySegment mem;
    final boolean interruptsEnabled;
    final int vector;
    /** Next slot the device writes. */
    int tail;
    /** Phase tag of the current pass over the queue; starts at 1. */
    int phase = 1;
    /** Head as last written by the host (doorbell or shadow doorbell). */
    int head;
    /** Submission queues that post here (deletion of the CQ is refused while any remain). */
    int submissionQueues;
    /** Entries were posted since the last interrupt. */
    boolean interruptPending;

    CompletionQueue(int qid, int size, long busAddress, MemorySegment mem, boolean interruptsEnabled, int vector) {
        this.qid = qid;
        this.size = size;
        this.busAddress = busAddress;
        this.mem = mem;
        this.interruptsEnabled = interruptsEnabled;
        this.vector = vector;
    }

    /** Full when one more entry would make tail equal head (one slot always stays empty). */
    boolean full() {
        return next(tail) == head;
    }

    /** Entries posted and not yet consumed by the host. */
    int outstanding() {
        int d = tail - head;
        return d < 0 ? d + size : d;
    }

    /** A new head from the host must lie between the current head and the tail: it consumed only posted entries. */
    boolean acceptsHead(int value) {
        if (Integer.compareUnsigned(value, size) >= 0) {
            return false;
        }
        int advance = value - head;
        if (advance < 0) {
            advance += size;
        }
        return advance <= outstanding();
    }

    long slot(int index) {
        return (long) index << CompletionEntry.SIZE_LOG2;
    }

    int next(int index) {
        return index + 1 == size ? 0 : index + 1;
    }
}
