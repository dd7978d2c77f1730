package io.nvmebridge.it.differential;

import java.util.List;
import java.util.Optional;

/**
 * Every intentional difference between the emulator and QEMU 7.2 that the differential suite meets, each
 * with its reason. An entry names a scenario and one observation label; the suite requires that observation
 * to differ (an entry that no longer differs fails the suite, so this list stays true) and everything else
 * to be identical. The same list, in prose, is in {@code docs/emulator-vs-qemu.md}.
 */
final class KnownDifferences {

    /**
     * @param scenario scenario id (group/name)
     * @param label    observation label within it
     * @param reason   why the emulator answers differently on purpose
     */
    record Entry(String scenario, String label, String reason) {
    }

    static final List<Entry> ALL = List.of(
    );

    private KnownDifferences() {
    }

    static Optional<Entry> find(String scenarioId, String label) {
        return ALL.stream().filter(e -> e.scenario.equals(scenarioId) && e.label.equals(label)).findFirst();
    }
}
