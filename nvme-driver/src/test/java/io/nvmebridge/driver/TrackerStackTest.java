package io.nvmebridge.driver;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrackerStackTest {

    @Test
    void shouldHandOutEveryIndexOnceThenReportEmpty() {
        TrackerStack s = new TrackerStack(5);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            int id = s.pop();
            assertThat(s.isInUse(id)).isTrue();
            assertThat(seen.add(id)).isTrue();
        }
        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertThat(s.pop()).isEqualTo(-1);
        assertThat(s.available()).isZero();
        assertThat(s.inUse()).isEqualTo(5);
    }

    @Test
    void shouldReuseMostRecentlyFreedTrackerFirst() {
        TrackerStack s = new TrackerStack(4);
        int a = s.pop();
        int b = s.pop();
        s.push(a);
        assertThat(s.pop()).isEqualTo(a);
        s.push(b);
        assertThat(s.isInUse(b)).isFalse();
    }

    @Test
    void shouldRejectFreeingATrackerThatIsNotInUse() {
        TrackerStack s = new TrackerStack(4);
        assertThatThrownBy(() -> s.push(2)).isInstanceOf(IllegalStateException.class);
        int id = s.pop();
        s.push(id);
        assertThatThrownBy(() -> s.push(id)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldTreatOutOfRangeCidsAsNotInUse() {
        TrackerStack s = new TrackerStack(4);
        s.pop();
        assertThat(s.isInUse(-1)).isFalse();
        assertThat(s.isInUse(4)).isFalse();
        assertThat(s.isInUse(65535)).isFalse();
    }

    @Test
    void shouldFreeEverythingOnReset() {
        TrackerStack s = new TrackerStack(3);
        s.pop();
        s.pop();
        s.reset();
        assertThat(s.available()).isEqualTo(3);
        assertThat(s.pop()).isEqualTo(0);
    }
}
