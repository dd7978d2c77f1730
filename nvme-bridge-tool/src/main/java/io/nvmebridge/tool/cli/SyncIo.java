package io.nvmebridge.tool.cli;

import io.nvmebridge.driver.IoCompletionHandler;
import io.nvmebridge.driver.IoQueuePair;
import io.nvmebridge.driver.NvmeException;
import java.time.Duration;

/**
 * One I/O command at a time on a queue pair, waited for: what the CLI's single-command verbs need. The
 * driver's per-command timeout bounds the wait; this adds a hard stop a little later so nothing hangs.
 */
final class SyncIo implements IoCompletionHandler {
    /** A command's outcome. */
    record Outcome(int status, long result) {
    }

    private boolean done;
    private int status;
    private long result;

    /** Submits with {@code submit}, rings the doorbell, and polls until the completion arrives. */
    static Outcome run(IoQueuePair qp, Duration timeout, Submitter submit) {
        SyncIo waiter = new SyncIo();
        if (!submit.submit(qp, waiter)) {
            throw new NvmeException("queue " + qp.qid() + " is full");
        }
        qp.flush();
        long deadline = System.nanoTime() + timeout.toNanos() + Duration.ofSeconds(5).toNanos();
        while (!waiter.done) {
            if (qp.poll(16) == 0) {
                qp.awaitCompletions(Duration.ofMillis(10));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new NvmeException("no completion within " + timeout.toMillis() + " ms");
            }
        }
        return new Outcome(waiter.status, waiter.result);
    }

    @Override
    public void complete(long userData, int nvmeStatus, long result) {
        this.status = nvmeStatus;
        this.result = result;
        this.done = true;
    }

    /** Puts one command on the queue; false when the queue is full. */
    @FunctionalInterface
    interface Submitter {
        boolean submit(IoQueuePair qp, IoCompletionHandler handler);
    }
}
