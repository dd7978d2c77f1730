package io.nvmebridge.emulator;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.admin.AsyncEvent;
import io.nvmebridge.spec.admin.ErrorInformationEntry;
import io.nvmebridge.spec.admin.LogPage;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.regs.ControllerRegisters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static io.nvmebridge.emulator.TestHost.Command;
import static org.assertj.core.api.Assertions.assertThat;

/** Invalid doorbell writes become asynchronous events; shadow doorbells with EventIdx. */
class DoorbellTest {
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private TestHost h;

    @BeforeEach
    void start() {
        h = TestHost.started(TestHost.ramConfig().build());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private int postAer() {
        int cid = h.admin.push(Command.of(AdminOpcode.ASYNC_EVENT_REQUEST));
        h.admin.ringSq();
        assertThat(h.admin.poll()).as("AER must stay outstanding").isNull();
        return cid;
    }

    private void readErrorLog() {
        DmaBuffer log = h.buffer(4096);
        TestHost.Completion c = h.adminCommand(Command.of(AdminOpcode.GET_LOG_PAGE).data(log)
                .cdw(10, LogPage.cdw10(LogPage.ERROR_INFORMATION, ErrorInformationEntry.SIZE)));
        assertThat(c.ok()).isTrue();
    }

    @Test
    void shouldRaiseAsyncEventForDoorbellOfMissingQueue() {
        int cid = postAer();
        h.fn.write32(ControllerRegisters.sqTailDoorbell(5, 0), 1);
        TestHost.Completion aer = h.admin.poll();
        assertThat(aer).isNotNull();
        assertThat(aer.cid()).isEqualTo(cid);
        assertThat(AsyncEvent.type(aer.dw0())).isEqualTo(AsyncEvent.TYPE_ERROR);
        assertThat(AsyncEvent.info(aer.dw0())).isEqualTo(EmulatedController.AER_INFO_INVALID_DOORBELL_REGISTER);
        assertThat(AsyncEvent.logPage(aer.dw0())).isEqualTo(LogPage.ERROR_INFORMATION);
    }

    @Test
    void shouldRaiseAsyncEventForTailBeyondQueueSize() {
        TestHost.QueuePair q = h.createIoQueuePair(1, 8);
        postAer();
        h.fn.write32(ControllerRegisters.sqTailDoorbell(1, 0), 8);
        TestHost.Completion aer = h.admin.poll();
        assertThat(aer).isNotNull();
        assertThat(AsyncEvent.info(aer.dw0())).isEqualTo(EmulatedController.AER_INFO_INVALID_DOORBELL_VALUE);
        // the queue still works
        assertThat(h.read(q, 1, 0, 1, h.buffer(4096)).ok()).isTrue();
    }

    @Test
    void shouldRaiseAsyncEventForCqHeadBeyondPostedEntries() {
        TestHost.QueuePair q = h.createIoQueuePair(1, 8);
        assertThat(h.read(q, 1, 0, 1, h.buffer(4096)).ok()).isTrue();
        postAer();
        h.fn.write32(ControllerRegisters.cqHeadDoorbell(1, 0), 5); // only 1 entry was ever posted
        TestHost.Completion aer = h.admin.poll();
        assertThat(aer).isNotNull();
        assertThat(AsyncEvent.info(aer.dw0())).isEqualTo(EmulatedController.AER_INFO_INVALID_DOORBELL_VALUE);
    }

    @Test
    void shouldMaskFurtherErrorEventsUntilErrorLogIsRead() {
        postAer();
        postAer();
        h.fn.write32(ControllerRegisters.sqTailDoorbell(5, 0), 1);
        assertThat(h.admin.poll()).isNotNull();
        h.fn.write32(ControllerRegisters.sqTailDoorbell(6, 0), 1);
        assertThat(h.admin.poll()).as("masked until the log is read").isNull();
        readErrorLog();
        h.fn.write32(ControllerRegisters.sqTailDoorbell(7, 0), 1);
        TestHost.Completion second = h.admin.poll();
        assertThat(second).isNotNull();
        assertThat(AsyncEvent.type(second.dw0())).isEqualTo(AsyncEvent.TYPE_ERROR);
    }

    @Test
    void shouldIgnoreInvalidDoorbellsWithoutOutstandingRequest() {
        h.fn.write32(ControllerRegisters.sqTailDoorbell(5, 0), 1);
        h.fn.write32(ControllerRegisters.cqHeadDoorbell(0, 0), 31);
        h.fn.write32(ControllerRegisters.DOORBELL_BASE + 2, 1); // misaligned
        postAer();
        assertThat(h.admin.poll()).isNull();
        h.identify(1, 0);
    }

    // ---------------------------------------------------------------- shadow doorbells

    @Test
    void shouldReadShadowDoorbellsAndWriteEventIdx() {
        TestHost.QueuePair q = h.createIoQueuePair(1, 4);
        DmaBuffer dbs = h.buffer(4096);
        DmaBuffer eis = h.buffer(4096);
        assertThat(h.adminCommand(Command.of(AdminOpcode.DOORBELL_BUFFER_CONFIG).prp1(dbs.deviceAddress())
                .prp2(eis.deviceAddress())).ok()).isTrue();
        MemorySegment shadow = dbs.segment();
        MemorySegment eventIdx = eis.segment();
        // the device seeded the admin entries with what it knows
        assertThat(shadow.get(U32, 0)).isEqualTo(h.admin.sqTail);

        DmaBuffer data = h.buffer(4096);
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 3; i++) {
                q.push(Command.rw(NvmOpcode.READ, 1, i, 1).data(data));
            }
            shadow.set(U32, 8, q.sqTail); // SQ 1 tail: index 2
            h.fn.poll(); // no MMIO doorbell at all
            assertThat(eventIdx.get(U32, 8)).isEqualTo(q.sqTail);
            for (int i = 0; i < 3; i++) {
                long at = (long) q.cqHead * 16;
                int word = q.cq.segment().get(ValueLayout.JAVA_SHORT_UNALIGNED, at + 14) & 0xFFFF;
                assertThat(word & 1).as("phase of round %d entry %d", round, i).isEqualTo(q.phase);
                assertThat(word >>> 1).isZero();
                q.cqHead = (q.cqHead + 1) % q.entries;
                if (q.cqHead == 0) {
                    q.phase ^= 1;
                }
            }
            shadow.set(U32, 12, q.cqHead); // CQ 1 head: index 3, never rung through MMIO
        }
    }

    @Test
    void shouldProcessShadowTailOnMmioDoorbellToo() {
        TestHost.QueuePair q = h.createIoQueuePair(1, 8);
        DmaBuffer dbs = h.buffer(4096);
        DmaBuffer eis = h.buffer(4096);
        assertThat(h.adminCommand(Command.of(AdminOpcode.DOORBELL_BUFFER_CONFIG).prp1(dbs.deviceAddress())
                .prp2(eis.deviceAddress())).ok()).isTrue();
        q.push(Command.rw(NvmOpcode.READ, 1, 0, 1).data(h.buffer(4096)));
        dbs.segment().set(U32, 8, q.sqTail);
        q.ringSq();
        assertThat(q.poll()).isNotNull();
        // admin queue keeps working through MMIO doorbells (the device mirrors them into the shadow)
        h.identify(1, 0);
        h.identify(1, 0);
    }

    @Test
    void shouldTreatEightByteDoorbellWriteAsOneDoorbell() {
        TestHost.QueuePair q = h.createIoQueuePair(1, 8);
        q.push(Command.rw(NvmOpcode.READ, 1, 0, 1).data(h.buffer(4096)));
        postAer();
        // high dword would land on CQ 1's head doorbell if split; reserved bits 31:16 are ignored
        h.fn.write64(ControllerRegisters.sqTailDoorbell(1, 0), 0x0000_0005_0001_0000L | q.sqTail);
        TestHost.Completion c = q.poll();
        assertThat(c).isNotNull();
        assertThat(c.ok()).isTrue();
        assertThat(h.admin.poll()).as("no invalid doorbell event").isNull();
    }

    @Test
    void shouldGoSilentAfterSurpriseRemoval() {
        h.fn.surpriseRemove();
        assertThat(h.fn.isAlive()).isFalse();
        assertThat(h.fn.read32(ControllerRegisters.CSTS)).isEqualTo(0xFFFFFFFF);
        assertThat(h.fn.read64(ControllerRegisters.CAP)).isEqualTo(-1L);
        assertThat(h.fn.readConfig32(0)).isEqualTo(0xFFFFFFFF);
        h.admin.push(Command.of(AdminOpcode.IDENTIFY).cdw(10, 1).data(h.buffer(4096)));
        h.admin.ringSq();
        assertThat(h.admin.poll()).isNull();
    }
}
