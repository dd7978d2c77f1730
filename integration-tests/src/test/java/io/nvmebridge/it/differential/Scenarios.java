package io.nvmebridge.it.differential;

import java.util.ArrayList;
import java.util.List;

/** All scenarios of the differential suite, as data: named scripts, counted and extended by adding to a group. */
final class Scenarios {
    private static List<Scenario> all;

    private Scenarios() {
    }

    static synchronized List<Scenario> all() {
        if (all == null) {
            List<Scenario> s = new ArrayList<>();
            s.addAll(RegisterScenarios.all());
            s.addAll(QueueScenarios.all());
            s.addAll(AdminScenarios.all());
            s.addAll(IoScenarios.all());
            all = List.copyOf(s);
        }
        return all;
    }
}
