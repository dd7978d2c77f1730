package io.nvmebridge.it.reliability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exactly-once accounting of one ring's user_data: every SQE submitted is outstanding until its one CQE; a CQE
 * for a user_data that is not outstanding (lost, duplicated or mis-routed completion) is a violation. Confined to
 * the ring's owner thread.
 */
final class Ledger {
    private final String name;
    private final Map<Long, Long> outstanding = new HashMap<>();
    private final Map<Integer, Long> byRes = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private long sqes;
    private long cqes;
    private long maxLatencyNanos;

    Ledger(String name) {
        this.name = name;
    }

    void submitted(long userData) {
        if (outstanding.put(userData, System.nanoTime()) != null) {
            violations.add(name + ": user_data " + userData + " submitted twice while outstanding");
        }
        sqes++;
    }

    /** Records a CQE ({@code res} normalised: 0 = success); returns its latency in nanoseconds, or -1 for a CQE nobody was waiting for. */
    long completed(long userData, int res) {
        Long t = outstanding.remove(userData);
        if (t == null) {
            violations.add(name + ": CQE for user_data " + userData + " (res " + res
                    + ") that is not outstanding: duplicated or mis-routed");
            return -1;
        }
        cqes++;
        byRes.merge(res, 1L, Long::sum);
        long lat = System.nanoTime() - t;
        maxLatencyNanos = Math.max(maxLatencyNanos, lat);
        return lat;
    }

    int outstanding() {
        return outstanding.size();
    }

    long sqes() {
        return sqes;
    }

    long cqes() {
        return cqes;
    }

    long maxLatencyMillis() {
        return maxLatencyNanos / 1_000_000;
    }

    /** CQE counts by result as the caller normalised it: 0 = success, -errno, or a passthrough NVMe status. */
    Map<Integer, Long> byRes() {
        return byRes;
    }

    List<String> violations() {
        List<String> v = new ArrayList<>(violations);
        if (!outstanding.isEmpty()) {
            v.add(name + ": " + outstanding.size() + " SQEs never completed (lost): user_data " + outstanding.keySet());
        }
        return v;
    }

    @Override
    public String toString() {
        return name + "[sqes=" + sqes + " cqes=" + cqes + " outstanding=" + outstanding.size() + " byRes=" + byRes
                + " maxLatency=" + maxLatencyMillis() + "ms]";
    }
}
