package io.nvmebridge.emulator;

import java.util.ArrayList;
import java.util.List;

/**
 * A seeded, deterministic list of fault rules. The plan is immutable; each controller keeps its own match
 * counters and random stream ({@link FaultInjector}), so the same plan and seed give the same faults on the
 * same command sequence. Rules are tried in order; the first one that fires decides the command's fate.
 */
public final class FaultPlan {
    public static final FaultPlan NONE = new FaultPlan(0, List.of());

    private final long seed;
    private final List<FaultRule> rules;

    private FaultPlan(long seed, List<FaultRule> rules) {
        this.seed = seed;
        this.rules = List.copyOf(rules);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A plan of {@code rules} with seed 0. */
    public static FaultPlan of(FaultRule... rules) {
        return new FaultPlan(0, List.of(rules));
    }

    public long seed() {
        return seed;
    }

    public List<FaultRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    @Override
    public String toString() {
        return rules.isEmpty() ? "none" : "seed=" + seed + " " + rules;
    }

    public static final class Builder {
        private long seed;
        private final List<FaultRule> rules = new ArrayList<>();

        private Builder() {
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder rule(FaultRule r) {
            rules.add(r);
            return this;
        }

        public FaultPlan build() {
            return new FaultPlan(seed, rules);
        }
    }
}
