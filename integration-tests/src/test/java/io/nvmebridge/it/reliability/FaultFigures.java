package io.nvmebridge.it.reliability;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts of faults injected and survived by the suite (printed at the end of the run). */
final class FaultFigures {
    private static final Map<String, LongAdder> SURVIVED = new ConcurrentHashMap<>();
    private static final LongAdder SQES_UNDER_FAULT = new LongAdder();

    private FaultFigures() {
    }

    static void record(Object faultKind, int sqes) {
        SURVIVED.computeIfAbsent(String.valueOf(faultKind), k -> new LongAdder()).increment();
        SQES_UNDER_FAULT.add(sqes);
    }

    static String summary() {
        Map<String, Long> m = new TreeMap<>();
        SURVIVED.forEach((k, v) -> m.put(k, v.sum()));
        return "fault cases survived " + m + ", SQEs in flight at injection " + SQES_UNDER_FAULT.sum();
    }
}
