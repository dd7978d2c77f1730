package io.nvmebridge.bridge.core;

import io.nvmebridge.driver.IoCommand;
import io.nvmebridge.spec.device.DmaBuffer;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The forwarding core without a device or a front door: a {@link FakeNvmeQueue} records what the core submits and
 * completes it as each test says; the front door is a list of the completions the core reports.
 */
class ForwardingCoreTest {
    private static final int TAGS = 8;
    private static final int BOUNCE = 8192;

    record Done(int tag, int status, long result) {
    }

    private final List<Done> done = new ArrayList<>();
    private final FakeDma dma = new FakeDma();
    private FakeNvmeQueue queue;
    private final ForwardingCore core = new ForwardingCore(TAGS, sink -> queue = new FakeNvmeQueue(sink, 64), dma,
            BOUNCE, (tag, status, result) -> done.add(new Done(tag, status, result)), this::supply);
    /** Ranges the test's front door gives at issue; null: it fails the request. */
    private long[][] rangesAtIssue;
    private int supplied;

    private boolean supply(int tag, CoreRequest request) {
        supplied++;
        if (rangesAtIssue == null) {
            return false;
        }
        for (long[] range : rangesAtIssue) {
            request.addRange(range[0], range[1]);
        }
        return true;
    }

    @Test
    void shouldIssueOneReadPerRangeAtConsecutiveLbasAndCompleteThemAsOne() {
        int t = core.take();
        CoreRequest r = core.request(t);
        r.readRanges(1, 100, 9);
        r.addRange(0x1000, 512);
        r.addRange(0x8000, 0); // an empty range issues nothing
        r.addRange(0x3000, 1536);
        r.addRange(0x9000, 1024);
        core.start(t);

        assertThat(queue.submitted).extracting(FakeNvmeQueue.Submitted::slba).containsExactly(100L, 101L, 104L);
        assertThat(queue.submitted).extracting(FakeNvmeQueue.Submitted::blocks).containsExactly(1, 3, 2);
        assertThat(queue.submitted).extracting(FakeNvmeQueue.Submitted::address).containsExactly(0x1000L, 0x3000L, 0x9000L);
        assertThat(queue.submitted).allMatch(s -> s.userData() == t && s.kind().equals("read"));
        queue.complete(2).complete(0);
        core.poll();
        assertThat(done).isEmpty(); // one part still outstanding
        queue.complete(1, 0, 77);
        core.poll();
        assertThat(done).containsExactly(new Done(t, 0, 77));
    }

    @Test
    void shouldReportTheFirstFailureOfAMultiCommandRequestOnlyWhenEveryPartCompleted() {
        int t = core.take();
        CoreRequest r = core.request(t);
        r.writeRanges(1, 0, 12);
        for (int i = 0; i < 3; i++) {
            r.addRange(0x10000L * (i + 1), 4096);
        }
        core.start(t);
        queue.complete(1, 0x281, 0).complete(2, 0x4002, 0);
        core.poll();
        assertThat(done).isEmpty();
        queue.complete(0);
        core.poll();
        assertThat(done).containsExactly(new Done(t, 0x281, 0));
    }

    @Test
    void shouldPassTheRawNvmeStatusAndResultThrough() {
        int deviceStatus = 0x4000 | (1 << 8) | 0x80; // DNR, command specific type, code 0x80
        int driverStatus = 0x1_0000_0; // a status the driver made up, above the NVMe bits: not the core's to read
        int a = core.take();
        core.request(a).read(1, 0, 1, 0x1000);
        core.start(a);
        int b = core.take();
        core.request(b).flush(1);
        core.start(b);
        queue.complete(0, deviceStatus, 0xABCDL).complete(1, driverStatus, 0);
        core.poll();
        assertThat(done).containsExactly(new Done(a, deviceStatus, 0xABCDL), new Done(b, driverStatus, 0));
    }

    @Test
    void shouldKeepStartedRequestsInOrderWhileTheQueueIsFullAndIssueThemAsRoomFrees() {
        queue.room = 2;
        int[] tags = new int[4];
        for (int i = 0; i < 4; i++) {
            tags[i] = core.take();
            core.request(tags[i]).write(1, i, 1, 0x1000L * i);
            core.start(tags[i]);
        }
        assertThat(queue.submitted).extracting(FakeNvmeQueue.Submitted::slba).containsExactly(0L, 1L);
        assertThat(core.backlogged()).isTrue();
        queue.complete(1);
        core.poll();
        assertThat(queue.submitted).extracting(FakeNvmeQueue.Submitted::slba).containsExactly(0L, 1L, 2L);
        assertThat(core.backlogged()).isTrue();
        queue.complete(0);
        core.poll();
        assertThat(queue.submitted).extracting(FakeNvmeQueue.Submitted::slba).containsExactly(0L, 1L, 2L, 3L);
        assertThat(core.backlogged()).isFalse();
        assertThat(done).extracting(Done::tag).containsExactly(tags[1], tags[0]);
    }

    @Test
    void shouldRefuseARequestNothingOfWhichFitsAndFinishAPartlyIssuedOneLater() {
        queue.room = 2;
        int t = core.take();
        core.request(t).read(1, 0, 1, 0x1000);
        assertThat(core.issueNow(t)).isTrue();
        int v = core.take();
        CoreRequest r = core.request(v);
        r.readRanges(1, 10, 9);
        r.addRange(0x2000, 512);
        r.addRange(0x3000, 512);
        assertThat(core.issueNow(v)).isTrue(); // one range issued: the rest follows
        assertThat(queue.submitted).hasSize(2);
        int w = core.take();
        core.request(w).read(1, 20, 1, 0x4000);
        assertThat(core.issueNow(w)).isFalse(); // nothing of it fit: the front door keeps its request
        core.release(w);
        queue.complete(1).complete(0);
        core.poll();
        assertThat(queue.submitted).extracting(FakeNvmeQueue.Submitted::slba).containsExactly(0L, 10L, 11L);
        assertThat(done).extracting(Done::tag).containsExactly(t);
        queue.complete(2);
        core.poll();
        assertThat(done).extracting(Done::tag).containsExactly(t, v);
    }

    @Test
    void shouldCompleteLocalRequestsInTheirPlaceWithoutTheDevice() {
        queue.room = 1;
        int a = core.take();
        core.request(a).read(1, 0, 1, 0x1000);
        core.start(a);
        int b = core.take();
        core.request(b).write(1, 0, 1, 0x1000);
        core.start(b); // waits for room
        int c = core.take();
        core.request(c).local(0x2);
        core.start(c); // behind b, though it needs no room
        assertThat(done).isEmpty();
        queue.complete(0);
        core.poll();
        queue.complete(1);
        core.poll();
        assertThat(done).containsExactly(new Done(a, 0, 0), new Done(c, 0x2, 0), new Done(b, 0, 0));
    }

    @Test
    void shouldGiveCommandsTheirDataAsOneRangeOrAsTheRequestsRanges() {
        int a = core.take();
        IoCommand cmd = core.request(a).command();
        cmd.opcode(0x02).nsid(1).cdw10to15(5, 0, 7, 0, 0, 0).data(0x5000, 4096).metadata(0x9000);
        core.start(a);
        int b = core.take();
        CoreRequest r = core.request(b);
        r.command().opcode(0x01).nsid(1).cdw10to15(9, 0, 0, 0, 0, 0);
        r.addRange(0x6000, 512);
        r.addRange(0x7000, 512);
        r.commandDataInRanges();
        core.start(b);
        assertThat(queue.submitted).containsExactly(
                new FakeNvmeQueue.Submitted("command", 1, 5, 8, 0x5000, 0x02, 4096, 0, 0x9000, a),
                new FakeNvmeQueue.Submitted("command", 1, 9, 1, 0, 0x01, 0, 2, 0, b));
    }

    @Test
    void shouldAskForRangesWhenTheRequestIsIssuedNotWhenItIsStarted() {
        queue.room = 1;
        int a = core.take();
        core.request(a).read(1, 0, 1, 0x1000);
        core.start(a);
        int b = core.take();
        CoreRequest r = core.request(b);
        r.command().opcode(0x02).nsid(1);
        r.commandDataInRanges();
        r.rangesAtIssue();
        rangesAtIssue = new long[][] {{0x1000, 512}};
        core.start(b); // no room: tried (so asked), not issued
        assertThat(supplied).isOne();
        rangesAtIssue = new long[][] {{0x7000, 512}, {0x8000, 512}};
        queue.complete(0);
        core.poll(); // asked again at the next attempt: what the client says now is what is issued
        assertThat(supplied).isEqualTo(2);
        assertThat(queue.submitted).hasSize(2);
        assertThat(queue.submitted.get(1).rangeCount()).isEqualTo(2);
        int c = core.take();
        CoreRequest v = core.request(c);
        v.readRanges(1, 0, 9);
        v.rangesAtIssue();
        rangesAtIssue = null; // the front door's client changed its data: it fails the request
        core.start(c);
        assertThat(queue.submitted).hasSize(2);
        assertThat(done).containsExactly(new Done(a, 0, 0), new Done(c, 0, 0));
    }

    @Test
    void shouldReuseATagOnlyAfterTheFrontDoorReleasedIt() {
        int[] tags = new int[TAGS];
        for (int i = 0; i < TAGS; i++) {
            tags[i] = core.take();
        }
        assertThat(tags).doesNotHaveDuplicates();
        assertThat(core.hasFreeTag()).isFalse();
        core.request(tags[3]).flush(1);
        core.start(tags[3]);
        queue.complete(0);
        core.poll();
        assertThat(done).extracting(Done::tag).containsExactly(tags[3]);
        assertThat(core.hasFreeTag()).isFalse(); // completed, but the front door still reads its request
        core.release(tags[3]);
        assertThat(core.inUse()).isEqualTo(TAGS - 1);
        assertThat(core.take()).isEqualTo(tags[3]);
    }

    @Test
    void shouldKeepATagsBounceBufferAndFreeOneOffBuffersAtRelease() {
        int t = core.take();
        DmaBuffer kept = core.bounce(t, 4096);
        kept.segment().set(ValueLayout.JAVA_INT, 0, 0x5A5A);
        core.request(t).read(1, 0, 8, kept.deviceAddress());
        core.start(t);
        queue.complete(0);
        core.poll();
        // the front door copies back from the buffer the device wrote
        assertThat(core.bounced(t)).isSameAs(kept);
        assertThat(core.bounced(t).segment().get(ValueLayout.JAVA_INT, 0)).isEqualTo(0x5A5A);
        core.release(t);

        int u = core.take();
        assertThat(u).isEqualTo(t);
        DmaBuffer big = core.bounce(u, BOUNCE * 2L);
        DmaBuffer meta = core.metadataBounce(u, 64);
        assertThat(big).isNotSameAs(kept);
        assertThat(core.bounced(u)).isSameAs(big);
        assertThat(core.metadataBounced(u)).isSameAs(meta);
        assertThat(dma.live).containsExactlyInAnyOrder(kept, big, meta);
        core.release(u);
        assertThat(dma.live).containsExactly(kept);
        assertThat(core.take()).isEqualTo(t);
        assertThat(core.bounce(t, 512)).isSameAs(kept);
        core.close();
        assertThat(dma.live).isEmpty();
    }

    @Test
    void shouldAnswerNullNotThrowWhenDmaMemoryRunsOut() {
        int t = core.take();
        dma.exhausted = true;
        assertThat(core.bounce(t, 4096)).isNull();
        assertThat(core.metadataBounce(t, 64)).isNull();
    }

    @Test
    void shouldRingTheDoorbellOnlyWhenTheFrontDoorFlushes() {
        for (int i = 0; i < 4; i++) {
            int t = core.take();
            core.request(t).read(1, i, 1, 0x1000);
            core.start(t);
        }
        assertThat(queue.doorbells).isZero();
        core.flush();
        assertThat(queue.doorbells).isEqualTo(1);
    }

    @Test
    void shouldRejectACompletionForATagItDidNotIssue() {
        int t = core.take(); // taken, never started
        assertThatThrownBy(() -> core.complete(t, 0, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> core.complete(TAGS, 0, 0)).isInstanceOf(IllegalStateException.class);
    }
}
