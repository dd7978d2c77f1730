package io.nvmebridge.emulator;

import io.nvmebridge.spec.SubmissionEntry;

import java.lang.foreign.MemorySegment;

/** Device-side state of one submission queue: where it lives in host memory, head, last tail seen. */
final class SubmissionQueue {
    final int qid;
    /** Entries (one-based). */
    final int size;
    final long busAddress;
    /** The queue's memory, resolved once at creation. */
    final MemorySegment mem;
    final CompletionQueue cq;
    /** Next entry the device fetches. */
    int head;
    /** Tail as last written by the host (doorbell or shadow doorbell). */
    int tail;

    SubmissionQueue(int qid, int size, long busAddress, MemorySegment mem, CompletionQueue cq) {
        this.qid = qid;
        this.size = size;
        this.busAddress = busAddress;
        this.mem = mem;
        this.cq = cq;
    }

    boolean hasWork() {
        return head != tail;
    }

    /** Byte offset of entry {@code index} in {@link #mem}. */
    long slot(int index) {
        return (long) index << SubmissionEntry.SIZE_LOG2;
    }

    int next(int index) {
        return index + 1 == size ? 0 : index + 1;
    }
}
