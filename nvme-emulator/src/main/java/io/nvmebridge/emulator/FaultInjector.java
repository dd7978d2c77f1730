package io.nvmebridge.emulator;

import java.util.SplittableRandom;

/** One controller's running state of a {@link FaultPlan}: match counters, firing counts, seeded random. */
final class FaultInjector {
    private final FaultRule[] rules;
    private final long[] matches;
    private final long[] fired;
    private final SplittableRandom random;
    final boolean active;

    FaultInjector(FaultPlan plan) {
        this.rules = plan.rules().toArray(new FaultRule[0]);
        this.matches = new long[rules.length];
        this.fired = new long[rules.length];
        this.random = new SplittableRandom(plan.seed());
        this.active = rules.length > 0;
    }

    /**
     * The rule that fires for this command, or null. {@code lba}/{@code blocks} are -1/0 for commands
     * without an LBA range.
     */
    FaultRule check(boolean admin, int opcode, int nsid, long lba, long blocks) {
        for (int i = 0; i < rules.length; i++) {
            FaultRule r = rules[i];
            if (r.queue == FaultRule.QueueKind.ADMIN && !admin || r.queue == FaultRule.QueueKind.IO && admin) {
                continue;
            }
            if (r.opcode != FaultRule.ANY && r.opcode != opcode) {
                continue;
            }
            if (r.nsid != FaultRule.ANY && r.nsid != (nsid & 0xFFFFFFFFL)) {
                continue;
            }
            if (r.lbaFirst != FaultRule.ANY && (lba < 0 || blocks <= 0 || lba > r.lbaLast || lba + blocks - 1 < r.lbaFirst)) {
                continue;
            }
            long n = ++matches[i];
            if (r.nth != 0 && n != r.nth) {
                continue;
            }
            if (r.times != 0 && fired[i] >= r.times) {
                continue;
            }
            if (r.probability < 1.0 && random.nextDouble() >= r.probability) {
                continue;
            }
            fired[i]++;
            return r;
        }
        return null;
    }

    /** How often each rule of the plan fired so far, in plan order (racy snapshot from other threads). */
    long[] firedCounts() {
        return fired.clone();
    }

    /** A deterministic position in {@code [0, length)} for a corrupted byte. */
    long corruptionOffset(long length) {
        return length <= 1 ? 0 : random.nextLong(length);
    }
}
