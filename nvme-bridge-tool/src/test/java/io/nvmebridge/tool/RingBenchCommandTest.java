package io.nvmebridge.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/**
 * {@code ring-bench} end to end with a very short run: every subject at both batches gets a rate, the
 * ring rows an allocation figure. Nothing here judges speed. Needs gcc and liburing-dev (CI has them).
 */
class RingBenchCommandTest {
    private static final List<String> SUBJECTS = List.of("inline ring", "inline ring, NOPs", "driver, no ring",
            "sqpoll ring", "inline future", "shm ring, C client", "kernel NOP");
    private static final List<String> JVM_RINGS = List.of("inline ring", "inline ring, NOPs", "driver, no ring",
            "sqpoll ring", "inline future");
    private static final Pattern ROW = Pattern.compile(
            "^(inline ring|inline ring, NOPs|driver, no ring|sqpoll ring|inline future|shm ring, C client|kernel NOP) +(\\d+) +(\\S+) +(\\S+) +(\\S+) +(\\S+) +(\\S+)$");
    /** Rows whose I/O passes between two cores carry the machine's core round trip before and after them. */
    private static final List<String> HAND_OVER = List.of("sqpoll ring", "shm ring, C client");

    record Row(double ioPerSecond, double nanosPerIo, String bytesPerIo, String ratio, String coreRoundTrip) {
    }

    @Test
    void shouldMeasureEverySubjectAtBatch1And32NextToTheKernelNopRate() {
        CliTest.Run r = CliTest.run("ring-bench", "--seconds", "0.2");
        assertThat(r.out()).contains("reads fill the buffer with zeroes");
        assertEveryRowMeasured(r);
    }

    @Test
    void shouldMeasureEverySubjectOnANullNamespaceThatLeavesReadBuffersUntouched() {
        CliTest.Run r = CliTest.run("ring-bench", "--seconds", "0.1", "--null-reads", "untouched");
        assertThat(r.out()).contains("reads leave the buffer untouched");
        assertEveryRowMeasured(r);
    }

    @Test
    void shouldRejectAnUnknownNullReadsValue() {
        CliTest.Run r = CliTest.run("ring-bench", "--null-reads", "random");
        CliTest.assertOneLineError(r, 2, "--null-reads must be zeroes or untouched, not random");
        assertThat(r.out()).isEmpty();
    }

    private static void assertEveryRowMeasured(CliTest.Run r) {
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).as("no row unavailable or failed").isEmpty();
        Map<String, Row> rows = rows(r.out());
        for (String subject : SUBJECTS) {
            for (int batch : List.of(1, 32)) {
                String key = subject + " " + batch;
                assertThat(rows).as(r.out()).containsKey(key);
                Row row = rows.get(key);
                assertThat(row.ioPerSecond()).as(key + "\n" + r.out()).isPositive();
                assertThat(row.nanosPerIo()).as(key).isCloseTo(1e9 / row.ioPerSecond(), Percentage.withPercentage(1));
                assertThat(Double.parseDouble(row.ratio())).as(key + " ratio to the kernel NOP rate\n" + r.out()).isPositive();
                if (JVM_RINGS.contains(subject)) {
                    assertThat(Double.parseDouble(row.bytesPerIo())).as(key + " B/IO\n" + r.out()).isNotNegative();
                } else {
                    assertThat(row.bytesPerIo()).as(key + " B/IO of a C program").isEqualTo("n/a");
                }
                if (HAND_OVER.contains(subject)) {
                    assertThat(row.coreRoundTrip()).as(key + " core round trip\n" + r.out()).matches("\\d+/\\d+");
                    for (String ns : row.coreRoundTrip().split("/")) {
                        assertThat(Long.parseLong(ns)).as(key).isPositive();
                    }
                } else {
                    assertThat(row.coreRoundTrip()).as(key + " core round trip").isEqualTo("-");
                }
            }
        }
        assertThat(rows).hasSize(SUBJECTS.size() * 2);
    }

    @Test
    void shouldMeasureEveryRowTwiceAndShowTheMedianRunAndTheRangeWithRepeat() {
        CliTest.Run r = CliTest.run("ring-bench", "--seconds", "0.1", "--repeat", "2", "--null-reads", "untouched");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("each row the median of 2 runs", "ns/I/O of runs");
        for (String subject : SUBJECTS) {
            for (int batch : List.of(1, 32)) {
                // the range column: fastest-slowest ns per I/O of the two runs, the median run within it
                assertThat(r.out()).as(subject + " " + batch).containsPattern(
                        "(?m)^" + Pattern.quote(subject) + " +" + batch + " +.* \\d+\\.\\d-\\d+\\.\\d$");
            }
        }
    }

    @Test
    void shouldRejectARepeatCountOutsideOneToTwenty() {
        for (String n : List.of("0", "21", "-3")) {
            CliTest.Run r = CliTest.run("ring-bench", "--repeat", n);
            CliTest.assertOneLineError(r, 2, "--repeat must be 1 to 20, not " + n);
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void shouldRejectANonPositiveDuration() {
        CliTest.Run r = CliTest.run("ring-bench", "--seconds", "0");
        CliTest.assertOneLineError(r, 2, "--seconds must be more than 0");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void shouldRejectADurationThatIsNotANumber() {
        CliTest.Run r = CliTest.run("ring-bench", "--seconds", "fast");
        CliTest.assertOneLineError(r, 2, "--seconds");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void shouldRejectAnUnknownOutputFormat() {
        CliTest.Run r = CliTest.run("ring-bench", "-o", "xml");
        CliTest.assertOneLineError(r, 2, "--output-format must be table or json, not xml");
        assertThat(r.out()).isEmpty();
    }

    private static Map<String, Row> rows(String table) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : table.lines().toList()) {
            Matcher m = ROW.matcher(line.strip());
            if (m.matches()) {
                rows.put(m.group(1) + " " + m.group(2), new Row(Double.parseDouble(m.group(3)),
                        Double.parseDouble(m.group(4)), m.group(5), m.group(6), m.group(7)));
            }
        }
        return rows;
    }
}
