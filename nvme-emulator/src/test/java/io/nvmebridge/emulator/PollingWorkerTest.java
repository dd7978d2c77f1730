package io.nvmebridge.emulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle of THREADED mode's device thread ({@link PollingWorker}). */
class PollingWorkerTest {

    private static Thread deviceThread(String serial) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("nvme-emulator-" + serial) && t.isAlive())
                .findFirst().orElse(null);
    }

    @Test
    void shouldStopTheDeviceThreadOnClose() {
        EmulatorConfig cfg = TestHost.ramConfig().mode(EmulatorMode.THREADED).serial("WORKERCLOSE1").build();
        TestHost h = TestHost.started(cfg);
        Thread worker = deviceThread("WORKERCLOSE1");
        assertThat(worker).as("device thread while open").isNotNull();
        assertThat(worker.isDaemon()).isTrue();
        h.close();
        assertThat(worker.isAlive()).as("device thread after close").isFalse();
    }

    @Test
    void shouldStartNoDeviceThreadInInlineMode() {
        EmulatorConfig cfg = TestHost.ramConfig().serial("INLINENOWORKER").build();
        try (TestHost h = TestHost.started(cfg)) {
            assertThat(h.read(h.createIoQueuePair(1, 8), 1, 0, 1, h.buffer(4096)).ok()).isTrue();
            assertThat(deviceThread("INLINENOWORKER")).isNull();
        }
    }
}
