package io.nvmebridge.bridge;

/**
 * One round of a polling wait: a pause instruction, and every {@link #YIELD_EVERY} rounds the CPU given away.
 * On a machine with fewer cores than busy threads the thread we wait for may need this core, but a yield is a
 * system call, too slow to make on every round when each thread has a core of its own. Used by the SQPOLL
 * bridge thread and by a client waiting for CQEs (the C benchmark client does the same).
 */
final class PollBackoff {
    /** Polling rounds per Thread.yield (a power of two). */
    static final int YIELD_EVERY = 64;

    private PollBackoff() {
    }

    /** {@code round} counts from 1 up while nothing happens. */
    static void pause(int round) {
        if ((round & (YIELD_EVERY - 1)) == 0) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }
}
