package io.nvmebridge.it.reliability;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts of faults injected and survived by the suite (printed at the end of the run). */
final class FaultFigures {
    private static final Map<String, LongAdder> SURVIVED = new ConcurrentHashMap<>();
    private static final LongAdder SQES_UNDER_FAULT = new LongAdder();
    private static final LongAdder SQES = new LongAdder();
    private static final LongAdder CQES = new LongAdder();

    private FaultFigures() {
    }

    /** One fault case passed: {@code inFlight} SQEs were in flight at injection; totals of both rings. */
    static void record(Object faultKind, int inFlight, long sqes, long cqes) {
        SURVIVED.computeIfAbsent(String.valueOf(faultKind), k -> new LongAdder()).increment();
        SQES_UNDER_FAULT.add(inFlight);
        SQES.add(sqes);
        CQES.add(cqes);
    }

    static boolean isEmpty() {
        return SURVIVED.isEmpty();
    }

    static String summary() {
        Map<String, Long> m = new TreeMap<>();
        SURVIVED.forEach((k, v) -> m.put(k, v.sum()));
        long total = m.values().stream().mapToLong(Long::longValue).sum();
        return "fault cases survived " + total + " " + m + ", SQEs in flight at injection " + SQES_UNDER_FAULT.sum()
                + ", SQEs " + SQES.sum() + ", CQEs " + CQES.sum() + ", lost " + (SQES.sum() - CQES.sum());
    }
}
