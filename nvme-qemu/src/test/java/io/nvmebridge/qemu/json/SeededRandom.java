package io.nvmebridge.qemu.json;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * Randomised checks that can be replayed: each run draws a fresh seed, a failure names it, and
 * {@code -Dnvmebridge.seed=S} makes every repetition run seed S again.
 */
final class SeededRandom {
    static final String SEED_PROPERTY = "nvmebridge.seed";
    private static final SplittableRandom SEEDS = new SplittableRandom();

    /** One check on one Random. */
    @FunctionalInterface
    interface Check {
        void run(Random random) throws Exception;
    }

    private SeededRandom() {
    }

    /** Runs {@code check} with a Random from a new seed (or the replayed one); a failure carries the seed. */
    static void check(Check check) throws Exception {
        Long replay = Long.getLong(SEED_PROPERTY);
        long seed = replay != null ? replay : nextSeed();
        try {
            check.run(new Random(seed));
        } catch (AssertionError | Exception e) {
            AssertionError withSeed = new AssertionError("failed with seed " + seed + " (replay: -D" + SEED_PROPERTY + "=" + seed
                    + "): " + e.getMessage(), e);
            throw withSeed;
        }
    }

    private static synchronized long nextSeed() {
        return SEEDS.nextLong();
    }
}
