package io.nvmebridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.Generate.range;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ExamplesTest {
    private static final Pattern SEED = Pattern.compile("-DQT_SEED=(-?\\d+)");

    @Test
    void shouldRunExactlyTheCountOfDistinctExamplesWhenDrawsRepeat() {
        // 300 draws of 5000 values repeat about 9 (and 0, the shrink target, is also the minimum): QuickTheories
        // skips those, and would run fewer than 300 if asked for 300
        List<Integer> seen = new ArrayList<>();
        Examples.atLeast(300).check(range(0, 4999), seen::add);
        assertThat(seen).hasSize(300);
        assertThat(new HashSet<>(seen)).hasSize(300);
    }

    @Test
    void shouldFailWhenTheGeneratorHasFewerValuesThanTheCount() {
        Set<Integer> seen = new HashSet<>();
        assertThatThrownBy(() -> Examples.atLeast(20).check(range(0, 9), seen::add))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("only " + seen.size() + " distinct examples of the 20 asked for");
        assertThat(seen).hasSizeLessThanOrEqualTo(10);
    }

    @Test
    void shouldNameTheSeedAndTheTestOfAFailureAndReplayItFromTheSeedProperty() {
        String first = failure(() -> Examples.atLeast(500).check(range(0, 1_000_000), v -> assertThat(v).isLessThan(1000)));
        assertThat(first).contains("Replay: -Dtest=ExamplesTest#shouldNameTheSeedAndTheTestOfAFailureAndReplayItFromTheSeedProperty -DQT_SEED=");
        assertThat(first).contains("Smallest found falsifying value(s) :-" + System.lineSeparator() + "1000");
        Matcher m = SEED.matcher(first);
        assertThat(m.find()).isTrue();
        System.setProperty(Examples.SEED_PROPERTY, m.group(1));
        try {
            String replayed = failure(() -> Examples.atLeast(500).check(range(0, 1_000_000),
                    v -> assertThat(v).isLessThan(1000)));
            // the same examples fail, found after the same number of tries (stack traces name other lambdas)
            assertThat(falsified(replayed)).isEqualTo(falsified(first));
            assertThat(replayed).contains("-DQT_SEED=" + m.group(1));
        } finally {
            System.clearProperty(Examples.SEED_PROPERTY);
        }
    }

    @Test
    void shouldReportTheFailingSeedAsDrawnWithoutShrinkingIt() {
        List<Long> seeds = new ArrayList<>();
        String message = failure(() -> Examples.atLeast(1000).checkSeeds(seed -> {
            seeds.add(seed);
            assertThat(Math.floorMod(seed, 7)).isNotEqualTo(3);
        }));
        long failing = seeds.getLast();
        assertThat(Math.floorMod(failing, 7)).isEqualTo(3);
        // shrinking would have tried smaller seeds, 3 among them
        assertThat(seeds.stream().filter(s -> Math.floorMod(s, 7) == 3)).as("no shrink candidate ran").hasSize(1);
        assertThat(message).contains("Smallest found falsifying value(s) :-" + System.lineSeparator() + failing);
    }

    @Test
    void shouldCountACheckedExceptionAsAFailure() {
        String message = failure(() -> Examples.atLeast(10).check(range(0, 100), v -> {
            throw new IOException("refused " + v);
        }));
        assertThat(message).contains("java.io.IOException: refused");
    }

    @Test
    void shouldPassTwoAndThreeValuesToTheProperty() {
        List<String> seen = new ArrayList<>();
        Examples.atLeast(50).check(range(0, 1000), range(0, 1000), (a, b) -> seen.add(a + "," + b));
        Examples.atLeast(50).check(range(0, 1000), range(0, 1000), range(0, 1000), (a, b, c) -> seen.add(a + "," + b + "," + c));
        assertThat(seen).hasSize(100);
    }

    /** The report less the stack trace: how many examples ran, the smallest failing one and the others found. */
    private static String falsified(String report) {
        return report.substring(0, report.indexOf("Cause was"))
                + report.substring(report.indexOf("Other found"), report.indexOf("Replay:"));
    }

    private static String failure(Runnable check) {
        try {
            check.run();
        } catch (AssertionError e) {
            return e.getMessage();
        }
        throw new AssertionError("the check passed");
    }
}
