package io.nvmebridge.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The machine's core-to-core round trip: two threads pass a counter back and forth through two words on
 * cache lines of their own, each spinning until the other's store arrives. A ring whose I/O passes between two
 * threads (the SQPOLL bridge thread, a client in another process) pays this on every hand-over, so ring-bench
 * measures it next to those rows.
 *
 * <p>Why it is worth a column: on the development machine (a 2-vCPU guest) this takes about 95 ns per round
 * trip in some periods and about 400 ns in others, moving between the two with the host and not with
 * anything the program does (a C version of the same loop does the same). The SQPOLL and shared-memory rows
 * move with it.
 */
public final class CoreRoundTrip {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    /** The two words, 128 bytes apart (a line and the adjacent-line prefetcher's pair). */
    private static final int PING = 16;
    private static final int PONG = 32;
    /** Round trips between clock reads. */
    private static final int CHUNK = 64;
    /**
     * Spins without news before a thread gives its core away: far more than a round trip between two cores
     * takes, so it never happens there, but two threads that share one core (a busy or one-CPU machine) then
     * meet in a few microseconds instead of a time slice each.
     */
    private static final int SPINS_BEFORE_YIELD = 4096;

    private CoreRoundTrip() {
    }

    /**
     * Nanoseconds per round trip over about {@code millis} ms, after a warm-up of a fifth of that (the
     * loops compiled). The peer thread is a daemon that stops with the measurement.
     */
    public static double measure(long millis) throws InterruptedException {
        long[] words = new long[PONG + 16];
        Thread peer = Thread.ofPlatform().daemon().name("core-round-trip").start(() -> echo(words));
        try {
            pingFor(words, 1, millis / 5 * 1_000_000L);
            long first = (long) SLOT.getAcquire(words, PING) + 1;
            long t0 = System.nanoTime();
            long last = pingFor(words, first, millis * 1_000_000L);
            return (System.nanoTime() - t0) / (double) (last - first + 1);
        } finally {
            SLOT.setRelease(words, PING, -1L); // tells the peer to stop
            peer.join();
        }
    }

    /** Sends 1, 2, 3... from {@code from} until {@code nanos} have passed; returns the last value echoed. */
    private static long pingFor(long[] words, long from, long nanos) {
        long start = System.nanoTime();
        long i = from;
        while (true) {
            for (int k = 0; k < CHUNK; k++, i++) {
                SLOT.setRelease(words, PING, i); // release: nothing else to order, but the peer acquires it
                int spins = 0;
                while ((long) SLOT.getAcquire(words, PONG) != i) {
                    spin(++spins);
                }
            }
            if (System.nanoTime() - start >= nanos) {
                return i - 1;
            }
        }
    }

    private static void echo(long[] words) {
        long seen = 0;
        int spins = 0;
        while (true) {
            long v = (long) SLOT.getAcquire(words, PING);
            if (v < 0) {
                return;
            }
            if (v != seen) {
                seen = v;
                spins = 0;
                SLOT.setRelease(words, PONG, v);
            } else {
                spin(++spins);
            }
        }
    }

    private static void spin(int spins) {
        if (spins % SPINS_BEFORE_YIELD == 0) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }
}
