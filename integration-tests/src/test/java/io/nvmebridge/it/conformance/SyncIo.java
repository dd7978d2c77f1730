package io.nvmebridge.it.conformance;

import io.nvmebridge.driver.IoCompletionHandler;
import io.nvmebridge.driver.IoQueuePair;

import java.time.Duration;

/** Blocking helpers over an {@link IoQueuePair} for tests: submit one request, poll until its handler ran. */
final class SyncIo implements IoCompletionHandler {
    /** Submits a request; returns false when the queue is full. */
    @FunctionalInterface
    interface Submit {
        boolean submit(IoQueuePair q, long userData, IoCompletionHandler h);
    }

    private final IoQueuePair q;
    private boolean done;
    private int status;
    private long result;
    private int calls;

    SyncIo(IoQueuePair q) {
        this.q = q;
    }

    @Override
    public void complete(long userData, int nvmeStatus, long result) {
        done = true;
        status = nvmeStatus;
        this.result = result;
        calls++;
    }

    /** Runs one request to completion and returns its status (fails the test after 30 s). */
    int run(Submit s) {
        done = false;
        calls = 0;
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!s.submit(q, 42, this)) {
            q.poll(64);
            check(end);
        }
        while (!done) {
            if (q.poll(64) == 0) {
                q.awaitCompletions(Duration.ofMillis(5));
            }
            check(end);
        }
        if (calls != 1) {
            throw new AssertionError("handler called " + calls + " times");
        }
        return status;
    }

    long result() {
        return result;
    }

    private static void check(long end) {
        if (System.nanoTime() - end > 0) {
            throw new AssertionError("request not completed within 30 s");
        }
    }
}
