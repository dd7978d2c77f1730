package io.nvmebridge.bridge.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringCqe;
import io.nvmebridge.bridge.abi.IoUringParams;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.nativeio.Errnos;
import io.nvmebridge.bridge.nativeio.NativeCallException;
import io.nvmebridge.bridge.nativeio.PosixNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FFM kernel ring against Linux's io_uring itself: no liburing, no compiler. */
class KernelIoUringTest {
    @TempDir
    Path dir;

    @Test
    void paramsDescribeARingRoundedUpToAPowerOfTwoWithATwiceAsLargeCq() {
        try (KernelIoUring ring = KernelIoUring.open(20)) {
            assertThat(ring.sqEntries()).isEqualTo(32);
            assertThat(ring.param(IoUringParams.SQ_ENTRIES)).isEqualTo(32);
            assertThat(ring.param(IoUringParams.CQ_ENTRIES)).isEqualTo(64);
            assertThat(ring.param(IoUringParams.FEATURES) & IoUring.FEAT_SINGLE_MMAP).isNotZero();
        }
    }

    @Test
    void everyNopCompletesOnceWithItsUserDataAndResultZero() {
        try (KernelIoUring ring = KernelIoUring.open(64)) {
            Set<Long> seen = new HashSet<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 50; i++) {
                    long at = ring.nextSqe();
                    IoUringSqe.prepRw(ring.sqes(), at, IoUring.OP_NOP, 0, -1, 0, 0, 0, 0, 0, 1000L * round + i);
                }
                assertThat(ring.submitAndWait(50)).isEqualTo(50);
                int ready = ring.cqReady();
                assertThat(ready).isEqualTo(50);
                for (int i = 0; i < ready; i++) {
                    long cqe = ring.cqeAt(i);
                    assertThat(IoUringCqe.res(ring.cq(), cqe)).isZero();
                    assertThat(seen.add(IoUringCqe.userData(ring.cq(), cqe))).isTrue();
                }
                ring.cqAdvance(ready);
                assertThat(ring.cqReady()).isZero();
            }
            assertThat(seen).hasSize(150);
        }
    }

    @Test
    void readsReturnTheFilesBytesAtTheirOffsets() throws Exception {
        byte[] content = new byte[64 * 4096];
        new Random(7).nextBytes(content);
        Path file = dir.resolve("data");
        Files.write(file, content);
        int fd = PosixNative.open(file.toString(), PosixNative.O_RDONLY);
        try (Arena arena = Arena.ofConfined(); KernelIoUring ring = KernelIoUring.open(16)) {
            MemorySegment buffers = arena.allocate(8 * 4096, 4096);
            int[] blocks = {63, 0, 17, 5, 40, 41, 2, 9};
            for (int i = 0; i < blocks.length; i++) {
                IoUringSqe.prepRw(ring.sqes(), ring.nextSqe(), IoUring.OP_READ, 0, fd,
                        buffers.address() + 4096L * i, 4096, 4096L * blocks[i], 0, 0, i);
            }
            ring.submitAndWait(blocks.length);
            Map<Long, Integer> results = new HashMap<>();
            while (results.size() < blocks.length) {
                int ready = ring.cqReady();
                for (int i = 0; i < ready; i++) {
                    results.put(IoUringCqe.userData(ring.cq(), ring.cqeAt(i)), IoUringCqe.res(ring.cq(), ring.cqeAt(i)));
                }
                ring.cqAdvance(ready);
                if (results.size() < blocks.length) {
                    ring.submitAndWait(1);
                }
            }
            for (int i = 0; i < blocks.length; i++) {
                assertThat(results.get((long) i)).isEqualTo(4096);
                byte[] got = buffers.asSlice(4096L * i, 4096).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(content, blocks[i] * 4096, blocks[i] * 4096 + 4096));
            }
        } finally {
            PosixNative.close(fd);
        }
    }

    @Test
    void aReadOfAClosedDescriptorCompletesWithEbadf() {
        try (KernelIoUring ring = KernelIoUring.open(8)) {
            IoUringSqe.prepRw(ring.sqes(), ring.nextSqe(), IoUring.OP_READ, 0, -1, 0, 4096, 0, 0, 0, 9);
            ring.submitAndWait(1);
            assertThat(ring.cqReady()).isEqualTo(1);
            assertThat(IoUringCqe.res(ring.cq(), ring.cqeAt(0))).isEqualTo(-Errnos.EBADF);
            assertThat(IoUringCqe.userData(ring.cq(), ring.cqeAt(0))).isEqualTo(9);
            ring.cqAdvance(1);
        }
    }

    @Test
    void aFullSqGivesNoSlotUntilTheKernelConsumedIt() {
        try (KernelIoUring ring = KernelIoUring.open(8)) {
            for (int i = 0; i < 8; i++) {
                IoUringSqe.prepRw(ring.sqes(), ring.nextSqe(), IoUring.OP_NOP, 0, -1, 0, 0, 0, 0, 0, i);
            }
            assertThat(ring.nextSqe()).isEqualTo(-1);
            assertThat(ring.submitAndWait(8)).isEqualTo(8);
            ring.cqAdvance(ring.cqReady());
            assertThat(ring.nextSqe()).isNotNegative();
        }
    }

    @Test
    void aRefusedSetupNamesTheCallAndErrno() {
        assertThatThrownBy(() -> KernelIoUring.open(0))
                .isInstanceOf(NativeCallException.class)
                .hasMessage("io_uring_setup failed: errno 22 (EINVAL)");
    }

    @Test
    void openingAMissingFileNamesThePathAndErrno() {
        assertThatThrownBy(() -> PosixNative.open(dir.resolve("nope").toString(), PosixNative.O_RDONLY))
                .isInstanceOf(NativeCallException.class)
                .hasMessageContaining("nope").hasMessageEndingWith("errno 2 (ENOENT)");
    }

    @Test
    void closingTwiceIsHarmless() {
        KernelIoUring ring = KernelIoUring.open(8);
        ring.close();
        ring.close();
    }
}
