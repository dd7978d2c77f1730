package io.nvmebridge.qemu.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Boots the Linux guest (built on first use from Debian packages) and measures Linux's own nvme driver on
 * QEMU's controller, briefly: the numbers must be sane, not fast.
 */
@Tag("qemu")
class LinuxGuestBaselineTest {

    @Test
    void shouldMeasureTheKernelDriverAtDepthOneAndThirtyTwo() {
        List<GuestResult> results = LinuxGuestBaseline.run(List.of(1, 32), 1.0);
        assertThat(results).extracting(GuestResult::depth).containsExactly(1, 32);
        for (GuestResult r : results) {
            assertThat(r.ios()).as("reads at depth %d", r.depth()).isPositive();
            assertThat(r.iops()).isPositive();
            assertThat(r.elapsedNanos()).isGreaterThanOrEqualTo(1_000_000_000L);
            assertThat(r.p50Nanos()).isPositive();
            assertThat(r.p99Nanos()).isGreaterThanOrEqualTo(r.p50Nanos());
        }
    }
}
