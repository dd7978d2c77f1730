package io.nvmebridge.it.reliability;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs after every other test class of the module (ClassOrderer.OrderAnnotation is the default orderer, see
 * junit-platform.properties; unannotated classes get Integer.MAX_VALUE / 2) and fails with the list of threads,
 * file descriptors, /dev/shm files and QEMU processes the suite left behind. QEMU exits and descriptor closes
 * are asynchronous, so leftovers get a few seconds to go before they count.
 */
@Order(Integer.MAX_VALUE)
class ResourceLeakCheckTest {

    @Test
    void shouldLeaveNoThreadFdShmFileOrQemuBehind() throws InterruptedException {
        ResourceSnapshot base = ResourceBaseline.baseline();
        assertThat(base).as("baseline from the LauncherSessionListener (META-INF/services)").isNotNull();
        List<String> left = List.of();
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            System.gc(); // Cleaner-closed resources (arenas of dropped rings) go now rather than later
            left = ResourceSnapshot.take().leftoversSince(base);
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(200);
        }
        if (!ResourceSnapshot.TOLERATED.isEmpty()) {
            System.out.println("resource check: tolerated process-wide infrastructure:");
            ResourceSnapshot.TOLERATED.forEach(t -> System.out.println("  " + t));
        }
        assertThat(left).as("resources left behind by the test suite").isEmpty();
    }
}
