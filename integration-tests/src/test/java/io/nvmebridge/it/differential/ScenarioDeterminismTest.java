package io.nvmebridge.it.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every differential scenario, without QEMU: run on two identically configured emulators, one INLINE (commands
 * run on the doorbell writer's thread) and one THREADED (a device thread polls); each must finish without a
 * harness error and the two must observe exactly the same things. Keeps the scenario list and the
 * raw-command harness working in builds where QEMU is not run, and shows that what the differential suite
 * compares is deterministic on the emulator side.
 */
class ScenarioDeterminismTest {

    @Test
    void shouldRunEveryScenarioIdenticallyInlineAndThreaded() throws IOException {
        Path dir = Files.createTempDirectory("nvb-scenarios-");
        try (EmulatedNvmeFunction a = DifferentialTest.emulator(EmulatorMode.INLINE, "m", "f",
                     DifferentialTest.image(dir.resolve("a1.raw"), 1), DifferentialTest.image(dir.resolve("a2.raw"), 2),
                     DifferentialTest.metadataImage(dir.resolve("a5.raw"), 5));
             EmulatedNvmeFunction b = DifferentialTest.emulator(EmulatorMode.THREADED, "m", "f",
                     DifferentialTest.image(dir.resolve("b1.raw"), 1), DifferentialTest.image(dir.resolve("b2.raw"), 2),
                     DifferentialTest.metadataImage(dir.resolve("b5.raw"), 5));
             RawController ra = new RawController(a);
             RawController rb = new RawController(b)) {
            List<String> problems = new ArrayList<>();
            for (Scenario s : Scenarios.all()) {
                List<Observation> x = DifferentialTest.run(ra, s);
                List<Observation> y = DifferentialTest.run(rb, s);
                for (Observation o : x) {
                    if (o.label().equals("harness error")) {
                        problems.add(s.id() + ": " + o.text());
                    }
                }
                if (x.size() != y.size()) {
                    problems.add(s.id() + ": " + x.size() + " vs " + y.size() + " observations");
                    continue;
                }
                for (int i = 0; i < x.size(); i++) {
                    if (!x.get(i).sameAs(y.get(i))) {
                        problems.add(s.id() + ": " + x.get(i).differenceFrom(y.get(i)));
                    }
                }
            }
            assertThat(problems).isEmpty();
            assertThat(Scenarios.all()).hasSizeGreaterThanOrEqualTo(200);
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
