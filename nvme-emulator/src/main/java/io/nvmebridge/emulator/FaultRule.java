package io.nvmebridge.emulator;

/**
 * One fault: which commands it matches and what happens to them. Built fluently:
 * <pre>
 *   FaultRule.match().io().opcode(NvmOpcode.READ).lbaRange(0, 7).nth(3).completeWith(Status.UNRECOVERED_READ_ERROR)
 * </pre>
 * A command matches when every given criterion holds; {@code nth(n)} then picks only the n-th matching
 * command, {@code probability(p)} fires on a seeded coin flip, and {@code times(k)} stops after k firings.
 */
public final class FaultRule {

    /** Which queues a rule looks at. */
    public enum QueueKind { ANY, ADMIN, IO }

    /** What a fired rule does. */
    public enum Action {
        /** The command is not executed; it completes with {@link #status()}. */
        COMPLETE_WITH_STATUS,
        /** The command executes; its completion is posted {@link #delayNanos()} later. */
        DELAY,
        /** The command is dropped: no execution, no completion (for driver timeouts). */
        NEVER_COMPLETE,
        /** The controller sets CSTS.CFS and stops processing commands until reset. */
        FATAL,
        /** The command executes; one byte of the data returned to the host is flipped. */
        CORRUPT_DATA
    }

    static final int ANY = -1;

    final int opcode;
    final QueueKind queue;
    final long nsid;
    final long lbaFirst;
    final long lbaLast;
    final long nth;
    final double probability;
    final long times;
    final Action action;
    final int status;
    final long delayNanos;

    private FaultRule(Matcher m, Action action, int status, long delayNanos) {
        this.opcode = m.opcode;
        this.queue = m.queue;
        this.nsid = m.nsid;
        this.lbaFirst = m.lbaFirst;
        this.lbaLast = m.lbaLast;
        this.nth = m.nth;
        this.probability = m.probability;
        this.times = m.times;
        this.action = action;
        this.status = status;
        this.delayNanos = delayNanos;
    }

    /** Starts a rule that matches every command; narrow it with the matcher's methods. */
    public static Matcher match() {
        return new Matcher();
    }

    public Action action() {
        return action;
    }

    public int status() {
        return status;
    }

    public long delayNanos() {
        return delayNanos;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("FaultRule[").append(queue);
        if (opcode != ANY) {
            b.append(" opc=0x").append(Integer.toHexString(opcode));
        }
        if (nsid != ANY) {
            b.append(" nsid=").append(nsid);
        }
        if (lbaFirst != ANY) {
            b.append(" lba=").append(lbaFirst).append("..").append(lbaLast);
        }
        if (nth != 0) {
            b.append(" nth=").append(nth);
        }
        if (probability < 1.0) {
            b.append(" p=").append(probability);
        }
        if (times != 0) {
            b.append(" times=").append(times);
        }
        b.append(" -> ").append(action);
        if (action == Action.COMPLETE_WITH_STATUS) {
            b.append(' ').append(io.nvmebridge.spec.Status.name(status));
        } else if (action == Action.DELAY) {
            b.append(' ').append(delayNanos).append("ns");
        }
        return b.append(']').toString();
    }

    /** The matching half of a rule; ends with one of the action methods. */
    public static final class Matcher {
        private int opcode = ANY;
        private QueueKind queue = QueueKind.ANY;
        private long nsid = ANY;
        private long lbaFirst = ANY;
        private long lbaLast = ANY;
        private long nth;
        private double probability = 1.0;
        private long times;

        private Matcher() {
        }

        public Matcher opcode(int v) {
            if (v < 0 || v > 0xFF) {
                throw new IllegalArgumentException("opcode " + v);
            }
            opcode = v;
            return this;
        }

        public Matcher admin() {
            queue = QueueKind.ADMIN;
            return this;
        }

        public Matcher io() {
            queue = QueueKind.IO;
            return this;
        }

        public Matcher nsid(int v) {
            nsid = v & 0xFFFFFFFFL;
            return this;
        }

        /** Commands whose LBA range overlaps {@code [first, last]} (inclusive); commands without LBAs never match. */
        public Matcher lbaRange(long first, long last) {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("bad LBA range " + first + ".." + last);
            }
            lbaFirst = first;
            lbaLast = last;
            return this;
        }

        /** Only the n-th (1-based) command matching the other criteria. */
        public Matcher nth(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("nth must be at least 1");
            }
            nth = n;
            return this;
        }

        /** Fires on a matching command with probability {@code p}, drawn from the plan's seeded stream. */
        public Matcher probability(double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability " + p);
            }
            probability = p;
            return this;
        }

        /** Stops after firing {@code k} times (0 = no limit). */
        public Matcher times(long k) {
            if (k < 0) {
                throw new IllegalArgumentException("times " + k);
            }
            times = k;
            return this;
        }

        public FaultRule completeWith(int status) {
            if (status <= 0 || status > 0x7FFF) {
                throw new IllegalArgumentException("fault status must be a non-success status field, not " + status);
            }
            return new FaultRule(this, Action.COMPLETE_WITH_STATUS, status, 0);
        }

        public FaultRule delay(long nanos) {
            if (nanos < 0) {
                throw new IllegalArgumentException("delay " + nanos);
            }
            return new FaultRule(this, Action.DELAY, 0, nanos);
        }

        public FaultRule neverComplete() {
            return new FaultRule(this, Action.NEVER_COMPLETE, 0, 0);
        }

        public FaultRule fatal() {
            return new FaultRule(this, Action.FATAL, 0, 0);
        }

        public FaultRule corruptData() {
            return new FaultRule(this, Action.CORRUPT_DATA, 0, 0);
        }
    }
}
