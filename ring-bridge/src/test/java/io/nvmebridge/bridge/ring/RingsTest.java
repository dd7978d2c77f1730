package io.nvmebridge.bridge.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvmebridge.bridge.abi.IoCqringOffsets;
import io.nvmebridge.bridge.abi.IoSqringOffsets;
import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringCqe;
import io.nvmebridge.bridge.abi.IoUringParams;
import io.nvmebridge.bridge.abi.IoUringSqe;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingsTest {

    @Test
    void shouldPublishOffsetsInParamsWithHeadAndTailOnSeparateCacheLines() {
        RingLayout layout = RingLayout.of(8, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(IoUringParams.SIZE);
            layout.writeParams(p, 0);
            assertThat(IoUringParams.get(p, 0, IoUringParams.SQ_ENTRIES)).isEqualTo(8);
            assertThat(IoUringParams.get(p, 0, IoUringParams.CQ_ENTRIES)).isEqualTo(16);
            int sqHead = IoUringParams.sqOff(p, 0, IoSqringOffsets.HEAD);
            int sqTail = IoUringParams.sqOff(p, 0, IoSqringOffsets.TAIL);
            int cqHead = IoUringParams.cqOff(p, 0, IoCqringOffsets.HEAD);
            int cqTail = IoUringParams.cqOff(p, 0, IoCqringOffsets.TAIL);
            assertThat(sqHead / 64).isNotEqualTo(sqTail / 64);
            assertThat(cqHead / 64).isNotEqualTo(cqTail / 64);
            assertThat(IoUringParams.sqOff(p, 0, IoSqringOffsets.ARRAY)).isEqualTo(192);
            assertThat(IoUringParams.cqOff(p, 0, IoCqringOffsets.CQES)).isEqualTo(192);
        }
    }

    @Test
    void shouldOmitSqArrayWithNoSqArray() {
        RingLayout with = RingLayout.of(64, 0);
        RingLayout without = RingLayout.of(64, IoUring.SETUP_NO_SQARRAY);
        assertThat(without.sqRingSize()).isLessThan(with.sqRingSize());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(IoUringParams.SIZE);
            without.writeParams(p, 0);
            assertThat(IoUringParams.sqOff(p, 0, IoSqringOffsets.ARRAY)).isZero();
        }
    }

    @Test
    void shouldSizeEntriesForSqe128AndCqe32() {
        RingLayout big = RingLayout.of(4, IoUring.SETUP_SQE128 | IoUring.SETUP_CQE32);
        assertThat(big.sqeSize()).isEqualTo(128);
        assertThat(big.cqeSize()).isEqualTo(32);
        assertThat(big.sqesSize()).isEqualTo(4 * 128);
    }

    @Test
    void shouldRejectEntriesThatAreNotPowersOfTwo() {
        assertThatThrownBy(() -> RingLayout.of(3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RingLayout.of(8, IoUring.SETUP_IOPOLL)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCarrySqesFromProducerToConsumerAcrossThreadsInOrder() throws Exception {
        RingLayout layout = RingLayout.of(8, 0);
        try (Arena arena = Arena.ofShared()) {
            RingMemory mem = RingMemory.allocate(arena, layout);
            SubmissionRing producer = mem.submissionRing();
            SubmissionRing consumer = mem.submissionRing();
            int total = 10_000;
            List<Long> seen = new ArrayList<>();
            Thread c = Thread.ofPlatform().start(() -> {
                int head = consumer.headOwned();
                while (seen.size() < total) {
                    int tail = consumer.tailAcquire();
                    while (head != tail) {
                        long at = consumer.sqeOffset(head);
                        seen.add(IoUringSqe.userData(consumer.sqes(), at));
                        head++;
                    }
                    consumer.publishHead(head);
                    Thread.onSpinWait();
                }
            });
            int tail = producer.tailOwned();
            for (long i = 0; i < total; i++) {
                while (tail - producer.headAcquire() == layout.sqEntries()) {
                    Thread.onSpinWait();
                }
                long at = producer.producerSlot(tail);
                IoUringSqe.prepRw(producer.sqes(), at, IoUring.OP_NOP, 0, 0, 0, 0, 0, 0, 0, i);
                producer.publishTail(++tail);
            }
            c.join(10_000);
            assertThat(seen).hasSize(total);
            for (int i = 0; i < total; i++) {
                assertThat(seen.get(i)).isEqualTo(i);
            }
        }
    }

    @Test
    void shouldDropSqesWhoseArrayIndexIsOutOfRange() {
        RingLayout layout = RingLayout.of(4, 0);
        try (Arena arena = Arena.ofConfined()) {
            RingMemory mem = RingMemory.allocate(arena, layout);
            mem.sqRing().set(java.lang.foreign.ValueLayout.JAVA_INT, RingLayout.ARRAY_OR_CQES, 9);
            SubmissionRing sq = mem.submissionRing();
            assertThat(sq.sqeOffset(0)).isEqualTo(-1);
            sq.countDropped();
            assertThat(sq.dropped()).isEqualTo(1);
        }
    }

    @Test
    void shouldCarryCqesIncludingBigCqe() {
        RingLayout layout = RingLayout.of(4, IoUring.SETUP_CQE32);
        try (Arena arena = Arena.ofConfined()) {
            RingMemory mem = RingMemory.allocate(arena, layout);
            CompletionRing cq = mem.completionRing();
            long at = cq.cqeOffset(0);
            IoUringCqe.set(cq.segment(), at, 77, -5, 0);
            IoUringCqe.setBig(cq.segment(), at, 0x1234_5678_9abcL, 0);
            cq.publishTail(1);
            assertThat(cq.tailAcquire()).isEqualTo(1);
            assertThat(IoUringCqe.userData(cq.segment(), cq.cqeOffset(0))).isEqualTo(77);
            assertThat(IoUringCqe.res(cq.segment(), cq.cqeOffset(0))).isEqualTo(-5);
            assertThat(IoUringCqe.bigCqe(cq.segment(), cq.cqeOffset(0), 0)).isEqualTo(0x1234_5678_9abcL);
            assertThat(cq.takeWaiterAfterPublish()).isFalse();
            cq.announceWaiter();
            assertThat(cq.takeWaiterAfterPublish()).isTrue();
            assertThat(cq.takeWaiterAfterPublish()).isFalse();
        }
    }
}
