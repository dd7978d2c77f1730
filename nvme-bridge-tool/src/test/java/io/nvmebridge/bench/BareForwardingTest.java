package io.nvmebridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The floor HotPathBenchmark measures must be a forwarder that works, or its figure means nothing: every read
 * comes back once with its result, through many wraps of the NVMe queue and flips of its phase tag, and the
 * device's range check answers an error the way the real stack's does.
 */
class BareForwardingTest {
    private static final int BLOCK = BareForwarding.BLOCK;

    @Test
    void shouldCompleteEveryReadOnceThroughManyWrapsOfTheQueues() {
        long[] offsets = {0, 7L * BLOCK, 3L * BLOCK, 15L * BLOCK};
        try (BareForwarding bare = new BareForwarding(4, 16L * BLOCK)) {
            for (int round = 0; round < 200; round++) { // 800 reads: 12 trips round the 64-entry NVMe queue
                assertThat(bare.round(offsets, round, 3)).isEqualTo(4L * BLOCK);
            }
        }
    }

    @Test
    void shouldAnswerAReadPastTheNamespaceWithEio() {
        long[] offsets = {0, 15L * BLOCK, 16L * BLOCK, 100L * BLOCK};
        try (BareForwarding bare = new BareForwarding(4, 16L * BLOCK)) {
            assertThat(bare.round(offsets, 0, 3)).isEqualTo(2L * BLOCK - 2 * 5);
        }
    }

    @Test
    void shouldRefuseAReadItDoesNotForward() {
        long[] unaligned = {512};
        try (BareForwarding bare = new BareForwarding(1, 16L * BLOCK)) {
            assertThatThrownBy(() -> bare.round(unaligned, 0, 0)).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> new BareForwarding(33, BLOCK)).isInstanceOf(IllegalArgumentException.class);
    }
}
