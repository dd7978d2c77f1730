package io.nvmebridge.bridge.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PosixNativeTest {

    @Test
    void shouldReturnValueChangedWhenWordDiffersFromExpected() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment word = arena.allocate(4, 4);
            word.set(ValueLayout.JAVA_INT, 0, 5);
            assertThat(PosixNative.futexWait(word, 4, 1_000_000_000L)).isEqualTo(PosixNative.VALUE_CHANGED);
        }
    }

    @Test
    void shouldTimeOutWhenNobodyWakes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment word = arena.allocate(4, 4);
            assertThat(PosixNative.futexWait(word, 0, 1_000_000L)).isEqualTo(PosixNative.TIMED_OUT);
        }
    }

    @Test
    void shouldWakeASleeperOnTheSameSharedWord() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment word = arena.allocate(4, 4);
            CountDownLatch started = new CountDownLatch(1);
            AtomicInteger outcome = new AtomicInteger(99);
            Thread sleeper = Thread.ofPlatform().start(() -> {
                started.countDown();
                int r;
                do {
                    r = PosixNative.futexWait(word, 0, 5_000_000_000L);
                } while (r == PosixNative.INTERRUPTED || (r == PosixNative.WOKEN
                        && word.get(ValueLayout.JAVA_INT, 0) == 0));
                outcome.set(r);
            });
            started.await();
            word.set(ValueLayout.JAVA_INT, 0, 1);
            int woken = 0;
            while (sleeper.isAlive()) {
                woken += PosixNative.futexWake(word, 1);
                sleeper.join(10);
            }
            assertThat(outcome.get()).isIn(PosixNative.WOKEN, PosixNative.VALUE_CHANGED);
        }
    }

    @Test
    void shouldNameTheCallAndErrnoWhenTheKernelRejectsIt() {
        // FUTEX_WAIT on a misaligned address is EINVAL: a real failure, not a normal outcome
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mem = arena.allocate(16, 8);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> PosixNative.futexWait(mem.asSlice(1, 4), 0, 1000))
                    .isInstanceOf(NativeCallException.class)
                    .hasMessageContaining("futex(FUTEX_WAIT)")
                    .hasMessageContaining("EINVAL");
        }
    }
}
