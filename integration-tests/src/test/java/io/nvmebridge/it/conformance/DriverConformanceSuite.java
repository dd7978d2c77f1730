package io.nvmebridge.it.conformance;

import io.nvmebridge.driver.AdminCompletion;
import io.nvmebridge.driver.ControllerInit;
import io.nvmebridge.driver.DriverOptions;
import io.nvmebridge.driver.DriverStatus;
import io.nvmebridge.driver.Errno;
import io.nvmebridge.driver.ErrnoMapping;
import io.nvmebridge.driver.IdentifyControllerData;
import io.nvmebridge.driver.InitState;
import io.nvmebridge.driver.IoCommand;
import io.nvmebridge.driver.IoQueuePair;
import io.nvmebridge.driver.NamespaceInfo;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.driver.NvmeException;
import io.nvmebridge.driver.RegisteredBuffer;
import io.nvmebridge.emulator.FaultPlan;
import io.nvmebridge.emulator.FaultRule;
import io.nvmebridge.junit.InjectFaults;
import io.nvmebridge.junit.NvmeDevice;
import io.nvmebridge.junit.TestDevice;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.SubmissionEntry;
import io.nvmebridge.spec.admin.FeatureId;
import io.nvmebridge.spec.admin.IdentifyController;
import io.nvmebridge.spec.admin.LogPage;
import io.nvmebridge.spec.admin.SmartHealthLog;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.device.NvmeFunction;
import io.nvmebridge.spec.regs.ControllerRegisters;
import io.nvmebridge.spec.regs.Csts;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The driver against a device: one suite, run on every backend by a subclass carrying {@link NvmeDevice}
 * (DriverConformanceOn*Test). Every test gets a fresh device with the annotation's default shape: namespace 1
 * with 16384 blocks of 4096 bytes, namespace 2 with 16384 blocks of 512 bytes, MDTS 7. Cases that need
 * injected faults are in {@link DriverFaultSuite} (emulator backends only: no skipped cases on QEMU).
 */
abstract class DriverConformanceSuite {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int NS1 = 1;
    private static final int NS2 = 2;
    /** The MDTS of {@link NvmeDevice}'s default: 2^7 pages = 512 KiB. */
    private static final int MDTS = 7;

    /** The options the extension brings the driver up with ({@link NvmeDevice}'s defaults). */
    private static DriverOptions options() {
        return DriverOptions.defaults().withCommandTimeout(Duration.ofSeconds(10)).withHealthCheckInterval(Duration.ofMillis(20));
    }

    // ------------------------------------------------------------------ bring-up and identify

    @Test
    void shouldBringControllerUpAndReportReady(TestDevice dev, NvmeController c) {
        int csts = dev.function().read32(ControllerRegisters.CSTS);
        assertThat(Csts.RDY.get(csts)).isEqualTo(1);
        assertThat(Csts.CFS.get(csts)).isZero();
        assertThat(c.isOperational()).isTrue();
        assertThat(c.pageSize()).isEqualTo(4096);
        assertThat(c.ioQueuesGranted()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldStepThroughEveryInitStateInOrder(TestDevice dev) {
        ControllerInit init = ControllerInit.start(dev.function(), options());
        List<InitState> seen = new ArrayList<>();
        InitState s = init.state();
        seen.add(s);
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (s != InitState.READY && s != InitState.FAILED && System.nanoTime() < end) {
            s = init.process();
            if (seen.getLast() != s) {
                seen.add(s);
            }
        }
        assertThat(s).as(init.failure()).isEqualTo(InitState.READY);
        assertThat(seen).startsWith(InitState.DISABLE, InitState.DISABLE_WAIT_FOR_READY_0,
                InitState.CONFIGURE_ADMIN_QUEUE, InitState.ENABLE);
        assertThat(seen).contains(InitState.IDENTIFY_CONTROLLER, InitState.SET_NUMBER_OF_QUEUES,
                InitState.IDENTIFY_ACTIVE_NS, InitState.IDENTIFY_NS);
        assertThat(seen.indexOf(InitState.IDENTIFY_CONTROLLER)).isLessThan(seen.indexOf(InitState.SET_NUMBER_OF_QUEUES));
        init.controller().close();
    }

    @Test
    void shouldParseIdentifyControllerFields(TestDevice dev, NvmeController c) {
        IdentifyControllerData id = c.identify();
        assertThat(id.sn()).isNotBlank();
        assertThat(id.mn()).isNotBlank();
        assertThat(id.mdts()).isEqualTo(MDTS);
        assertThat(id.sqes()).isEqualTo(0x66);
        assertThat(id.cqes()).isEqualTo(0x44);
        assertThat(id.nn()).isGreaterThanOrEqualTo(2);
        assertThat(id.ver()).isGreaterThanOrEqualTo(0x10400);
        assertThat(id.raw()[IdentifyController.MDTS]).isEqualTo((byte) MDTS);
        assertThat(c.maxTransferBytes()).isEqualTo(512 * 1024);
        // the raw identify matches a fresh Identify through the admin queue
        MemorySegment again = c.admin().identify(1, 0);
        assertThat(again.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(id.raw());
    }

    @Test
    void shouldListNamespacesWithTheirFormats(TestDevice dev, NvmeController c) {
        assertThat(c.namespaces()).extracting(NamespaceInfo::nsid).containsExactly(NS1, NS2);
        NamespaceInfo ns1 = c.namespace(NS1);
        assertThat(ns1.lbaSize()).isEqualTo(4096);
        assertThat(ns1.size()).isEqualTo(dev.shape().namespace(NS1).blocks());
        assertThat(ns1.capacity()).isEqualTo(dev.shape().namespace(NS1).blocks());
        assertThat(c.namespace(NS2).lbaSize()).isEqualTo(512);
        assertThat(c.namespace(NS2).size()).isEqualTo(dev.shape().namespace(NS2).blocks());
        assertThatThrownBy(() -> c.namespace(99)).isInstanceOf(NvmeException.class).hasMessageContaining("99");
    }

    // ------------------------------------------------------------------ data path

    @Test
    void shouldWriteAndReadBackAtVariousOffsetsAndSizes(TestDevice dev, NvmeController c) {
        try (IoQueuePair q = c.createIoQueuePair(64)) {
            NvmeFunction fn = dev.function();
            DmaBuffer out = fn.dma().allocate(2 * 1024 * 1024 + 8192, 4096);
            DmaBuffer in = fn.dma().allocate(2 * 1024 * 1024 + 8192, 4096);
            SyncIo io = new SyncIo(q);
            Random rnd = new Random(7);
            // {nsid, slba, blocks, buffer offset}: one page, unaligned first page, two pages, PRP list,
            // exactly MDTS, more than MDTS (split), unaligned PRP list, 512-byte blocks at odd offsets
            long[][] cases = {
                    {NS1, 0, 1, 0}, {NS1, 1, 1, 0x204}, {NS1, 10, 2, 0}, {NS1, 20, 2, 0xE00}, {NS1, 30, 8, 0},
                    {NS1, 100, 128, 0}, {NS1, 300, 129, 0}, {NS1, 600, 300, 0x10}, {NS1, 16384 - 3, 3, 0x1FFC},
                    {NS2, 0, 1, 0}, {NS2, 7, 3, 0x3FC}, {NS2, 100, 17, 0xFF0}, {NS2, 2000, 1024 + 5, 0x40},
                    {NS2, 5000, 2048, 4},
            };
            for (long[] k : cases) {
                int nsid = (int) k[0];
                long slba = k[1];
                int blocks = (int) k[2];
                long off = k[3];
                int bytes = blocks * c.namespace(nsid).lbaSize();
                byte[] data = new byte[bytes];
                rnd.nextBytes(data);
                MemorySegment.copy(data, 0, out.segment(), ValueLayout.JAVA_BYTE, off, bytes);
                in.segment().fill((byte) 0);
                assertThat(io.run((qq, ud, h) -> qq.write(nsid, slba, blocks, out.deviceAddress(off), ud, h)))
                        .as("write %s", java.util.Arrays.toString(k)).isZero();
                assertThat(io.run((qq, ud, h) -> qq.read(nsid, slba, blocks, in.deviceAddress(off), ud, h)))
                        .as("read %s", java.util.Arrays.toString(k)).isZero();
                byte[] back = in.segment().asSlice(off, bytes).toArray(ValueLayout.JAVA_BYTE);
                assertThat(back).as("data of %s", java.util.Arrays.toString(k)).isEqualTo(data);
                // nothing written outside the buffer range
                if (off > 0) {
                    assertThat(in.segment().get(ValueLayout.JAVA_BYTE, off - 1)).isZero();
                }
                assertThat(in.segment().get(ValueLayout.JAVA_BYTE, off + bytes)).isZero();
            }
            assertThat(q.outstanding()).isZero();
            assertThat(q.unknownCompletions()).isZero();
            fn.dma().free(out);
            fn.dma().free(in);
        }
    }

    /**
     * 300 seeded random operations (write, read, write zeroes, deallocate; both namespaces; sizes up to 3 MiB so
     * PRP lists and splits occur; random dword offsets in the buffer) checked against an in-memory model.
     */
    @Test
    void shouldMatchAModelOverRandomOperations(TestDevice dev, NvmeController c) {
        try (IoQueuePair q = c.createIoQueuePair(64)) {
            int window = 4 * 1024 * 1024; // the model covers the first 4 MiB of each namespace
            byte[][] model = {null, new byte[window], new byte[window]};
            DmaBuffer buf = dev.function().dma().allocate(3L * 1024 * 1024 + 8192, 4096);
            SyncIo io = new SyncIo(q);
            Random rnd = new Random(20261128);
            for (int op = 0; op < 300; op++) {
                int nsid = rnd.nextBoolean() ? NS1 : NS2;
                int lbaSize = c.namespace(nsid).lbaSize();
                int maxBlocks = Math.min(window / lbaSize, 3 * 1024 * 1024 / lbaSize);
                int blocks = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(maxBlocks) : rnd.nextInt(Math.min(64, maxBlocks)));
                long slba = rnd.nextInt(window / lbaSize - blocks + 1);
                long off = 4L * rnd.nextInt(2048);
                int bytes = blocks * lbaSize;
                int at = (int) (slba * lbaSize);
                String what = "op %d ns %d lba %d blocks %d off %d".formatted(op, nsid, slba, blocks, off);
                switch (rnd.nextInt(5)) {
                    case 0, 1 -> {
                        byte[] data = new byte[bytes];
                        rnd.nextBytes(data);
                        MemorySegment.copy(data, 0, buf.segment(), ValueLayout.JAVA_BYTE, off, bytes);
                        assertThat(io.run((qq, ud, h) -> qq.write(nsid, slba, blocks, buf.deviceAddress(off), ud, h))).as(what).isZero();
                        System.arraycopy(data, 0, model[nsid], at, bytes);
                    }
                    case 2 -> {
                        assertThat(io.run((qq, ud, h) -> qq.writeZeroes(nsid, slba, blocks, false, ud, h))).as(what).isZero();
                        java.util.Arrays.fill(model[nsid], at, at + bytes, (byte) 0);
                    }
                    case 3 -> {
                        assertThat(io.run((qq, ud, h) -> qq.deallocate(nsid, slba, blocks, ud, h))).as(what).isZero();
                        if ((c.namespace(nsid).dlfeat() & 7) == 1) {
                            java.util.Arrays.fill(model[nsid], at, at + bytes, (byte) 0);
                        } else {
                            // contents unspecified: overwrite so the model stays exact
                            assertThat(io.run((qq, ud, h) -> qq.writeZeroes(nsid, slba, blocks, false, ud, h))).isZero();
                            java.util.Arrays.fill(model[nsid], at, at + bytes, (byte) 0);
                        }
                    }
                    default -> {
                        buf.segment().asSlice(off, bytes).fill((byte) 0xEE);
                        assertThat(io.run((qq, ud, h) -> qq.read(nsid, slba, blocks, buf.deviceAddress(off), ud, h))).as(what).isZero();
                        byte[] got = buf.segment().asSlice(off, bytes).toArray(ValueLayout.JAVA_BYTE);
                        byte[] want = java.util.Arrays.copyOfRange(model[nsid], at, at + bytes);
                        assertThat(java.util.Arrays.mismatch(got, want)).as(what).isEqualTo(-1);
                    }
                }
            }
            assertThat(q.outstanding()).isZero();
            assertThat(q.unknownCompletions()).isZero();
            dev.function().dma().free(buf);
        }
    }

    @Test
    void shouldDoIoThroughRegisteredBuffers(TestDevice dev, NvmeController c) {
        try (IoQueuePair q = c.createIoQueuePair(16)) {
            RegisteredBuffer buf = c.registerBuffer(dev.function().dma().allocate(64 * 1024, 4096));
            SyncIo io = new SyncIo(q);
            buf.segment().asSlice(4096, 8192).fill((byte) 0x5A);
            assertThat(io.run((qq, ud, h) -> qq.write(NS1, 50, 2, buf, 4096, ud, h))).isZero();
            buf.segment().fill((byte) 0);
            assertThat(io.run((qq, ud, h) -> qq.read(NS1, 50, 2, buf, 8192, ud, h))).isZero();
            assertThat(buf.segment().get(ValueLayout.JAVA_BYTE, 8192)).isEqualTo((byte) 0x5A);
            assertThat(buf.segment().get(ValueLayout.JAVA_BYTE, 8192 + 8191)).isEqualTo((byte) 0x5A);
            assertThatThrownBy(() -> q.read(NS1, 0, 32, buf, 4096, 0, (u, s, r) -> { }))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            dev.function().dma().free(buf.buffer());
        }
    }

    @Test
    void shouldFlushWriteZeroesDeallocateAndCompare(TestDevice dev, NvmeController c) {
        try (IoQueuePair q = c.createIoQueuePair(16)) {
            DmaBuffer buf = dev.function().dma().allocate(16 * 4096, 4096);
            DmaBuffer other = dev.function().dma().allocate(16 * 4096, 4096);
            SyncIo io = new SyncIo(q);
            buf.segment().fill((byte) 0xA5);
            assertThat(io.run((qq, ud, h) -> qq.write(NS1, 200, 16, buf.deviceAddress(), ud, h))).isZero();
            assertThat(io.run((qq, ud, h) -> qq.flush(NS1, ud, h))).isZero();

            // compare: equal data succeeds, different data fails with COMPARE_FAILURE -> ENODATA
            assertThat(io.run((qq, ud, h) -> qq.compare(NS1, 200, 16, buf.deviceAddress(), ud, h))).isZero();
            other.segment().fill((byte) 0xA5);
            other.segment().set(ValueLayout.JAVA_BYTE, 5000, (byte) 0);
            int st = io.run((qq, ud, h) -> qq.compare(NS1, 200, 16, other.deviceAddress(), ud, h));
            assertThat(Status.code(st)).isEqualTo(Status.COMPARE_FAILURE);
            assertThat(ErrnoMapping.errno(st)).isEqualTo(Errno.ENODATA);

            // write zeroes over blocks 202..205
            assertThat(io.run((qq, ud, h) -> qq.writeZeroes(NS1, 202, 4, false, ud, h))).isZero();
            assertThat(io.run((qq, ud, h) -> qq.read(NS1, 200, 16, other.deviceAddress(), ud, h))).isZero();
            assertThat(other.segment().get(ValueLayout.JAVA_BYTE, 2 * 4096 - 1)).isEqualTo((byte) 0xA5);
            assertThat(allZero(other.segment().asSlice(2 * 4096, 4 * 4096))).isTrue();
            assertThat(other.segment().get(ValueLayout.JAVA_BYTE, 6 * 4096)).isEqualTo((byte) 0xA5);

            // deallocate blocks 208..215: reads as zeroes when DLFEAT says so
            assertThat(io.run((qq, ud, h) -> qq.deallocate(NS1, 208, 8, ud, h))).isZero();
            assertThat(io.run((qq, ud, h) -> qq.read(NS1, 200, 16, other.deviceAddress(), ud, h))).isZero();
            if ((c.namespace(NS1).dlfeat() & 7) == 1) {
                assertThat(allZero(other.segment().asSlice(8 * 4096, 8 * 4096))).isTrue();
            }
            assertThat(other.segment().get(ValueLayout.JAVA_BYTE, 7 * 4096)).isEqualTo((byte) 0xA5);
            dev.function().dma().free(buf);
            dev.function().dma().free(other);
        }
    }

    // ------------------------------------------------------------------ admin

    @Test
    void shouldSetAndGetFeatures(TestDevice dev, NvmeController c) {
        AdminCompletion set = c.admin().setFeatures(FeatureId.TEMPERATURE_THRESHOLD, 350, false);
        assertThat(set.isSuccess()).as(set.toString()).isTrue();
        AdminCompletion get = c.admin().getFeatures(FeatureId.TEMPERATURE_THRESHOLD, FeatureId.SEL_CURRENT, 0);
        assertThat(get.isSuccess()).isTrue();
        assertThat(get.dw0() & 0xFFFF).isEqualTo(350);
        AdminCompletion nq = c.admin().getFeatures(FeatureId.NUMBER_OF_QUEUES, FeatureId.SEL_CURRENT, 0);
        assertThat((nq.dw0() & 0xFFFF) + 1).isGreaterThanOrEqualTo(c.ioQueuesGranted());
        // an unknown feature is INVALID_FIELD, errno EOPNOTSUPP like Linux
        AdminCompletion bad = c.admin().getFeatures(0x7E, FeatureId.SEL_CURRENT, 0);
        assertThat(Status.code(bad.status())).isEqualTo(Status.INVALID_FIELD);
        assertThat(bad.errno()).isEqualTo(Errno.EOPNOTSUPP);
    }

    @Test
    void shouldCountIoInSmartLog(TestDevice dev, NvmeController c) {
        try (IoQueuePair q = c.createIoQueuePair(16)) {
            MemorySegment before = c.admin().getLogPage(LogPage.SMART_HEALTH, 0xFFFFFFFF, SmartHealthLog.SIZE);
            DmaBuffer buf = dev.function().dma().allocate(4096, 4096);
            SyncIo io = new SyncIo(q);
            for (int i = 0; i < 10; i++) {
                int lba = i;
                assertThat(io.run((qq, ud, h) -> qq.read(NS1, lba, 1, buf.deviceAddress(), ud, h))).isZero();
                assertThat(io.run((qq, ud, h) -> qq.write(NS1, lba, 1, buf.deviceAddress(), ud, h))).isZero();
            }
            MemorySegment after = c.admin().getLogPage(LogPage.SMART_HEALTH, 0xFFFFFFFF, SmartHealthLog.SIZE);
            assertThat(after.get(U64, SmartHealthLog.HOST_READ_COMMANDS) - before.get(U64, SmartHealthLog.HOST_READ_COMMANDS))
                    .isGreaterThanOrEqualTo(10);
            assertThat(after.get(U64, SmartHealthLog.HOST_WRITE_COMMANDS) - before.get(U64, SmartHealthLog.HOST_WRITE_COMMANDS))
                    .isGreaterThanOrEqualTo(10);
            assertThat(c.admin().getLogPage(LogPage.ERROR_INFORMATION, 0, 64).byteSize()).isEqualTo(64);
            assertThat(c.admin().getLogPage(LogPage.FIRMWARE_SLOT, 0, 512).byteSize()).isEqualTo(512);
            assertThatThrownBy(() -> c.admin().getLogPage(0x7F, 0, 512)).isInstanceOf(NvmeException.class)
                    .hasMessageContaining("GET_LOG_PAGE");
            dev.function().dma().free(buf);
        }
    }

    @Test
    void shouldAnswerAbortOfACommandThatIsNotOutstanding(TestDevice dev, NvmeController c) {
        try (IoQueuePair q = c.createIoQueuePair(16)) {
            AdminCompletion a = c.admin().abort(q.qid(), 5);
            assertThat(a.isSuccess()).as(a.toString()).isTrue();
            assertThat(a.dw0() & 1).as("DW0 bit 0: not aborted").isEqualTo(1);
        }
    }

    @Test
    void shouldRunRawAdminCommandsSyncAsyncAndFromSeveralThreads(TestDevice dev, NvmeController c) throws Exception {
        // admin-passthru: Identify Namespace 1 as a raw command into our own buffer
        DmaBuffer buf = dev.function().dma().allocate(4096, 4096);
        AdminCompletion done = c.admin().execute(io.nvmebridge.driver.AdminCommand.identify(0, NS1), buf,
                Duration.ofSeconds(5));
        assertThat(done.isSuccess()).isTrue();
        assertThat(buf.segment().asSlice(0, 4096).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(c.namespace(NS1).raw());
        // async: several outstanding at once, completed by whoever waits
        List<java.util.concurrent.CompletableFuture<AdminCompletion>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            futures.add(c.admin().submit(io.nvmebridge.driver.AdminCommand.getFeatures(FeatureId.ARBITRATION, 0, 0), null));
        }
        for (var fu : futures) {
            assertThat(fu.join().isSuccess()).isTrue();
        }
        // thread-safe: four threads hammer the admin queue
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> rs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                rs.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        if (!c.admin().getFeatures(FeatureId.NUMBER_OF_QUEUES, 0, 0).isSuccess()) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : rs) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(c.admin().unknownCompletions()).isZero();
        dev.function().dma().free(buf);
    }

    @Test
    void shouldDeliverAsyncEventsToListener(TestDevice dev, NvmeController c) {
        List<int[]> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        c.admin().asyncEvents((type, info, logPage, dw0) -> events.add(new int[]{type, info, logPage}));
        // an over-temperature threshold below the current temperature raises a SMART/health event
        // SMART critical warnings must be enabled in Asynchronous Event Configuration (bits 7:0)
        assertThat(c.admin().setFeatures(FeatureId.ASYNC_EVENT_CONFIGURATION, 0xFF, false).isSuccess()).isTrue();
        AdminCompletion set = c.admin().setFeatures(FeatureId.TEMPERATURE_THRESHOLD, 250, false);
        assertThat(set.isSuccess()).isTrue();
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (events.isEmpty() && System.nanoTime() < end) {
            c.admin().poll();
            Thread.onSpinWait();
        }
        assertThat(events).hasSize(1);
        assertThat(events.getFirst()).containsExactly(io.nvmebridge.spec.admin.AsyncEvent.TYPE_SMART, 1, LogPage.SMART_HEALTH);
        // reading the log page unmasks the event type; requests stay armed
        MemorySegment smart = c.admin().getLogPage(LogPage.SMART_HEALTH, 0xFFFFFFFF, SmartHealthLog.SIZE);
        assertThat(smart.get(ValueLayout.JAVA_BYTE, SmartHealthLog.CRITICAL_WARNING) & SmartHealthLog.WARNING_TEMPERATURE)
                .isNotZero();
    }

    @Test
    void shouldSleepOnInterruptsWhenTheDeviceOffersThem(TestDevice dev, NvmeController c) {
        try (IoQueuePair q = c.createIoQueuePair(16)) {
            DmaBuffer buf = dev.function().dma().allocate(4096, 4096);
            int[] done = new int[1];
            for (int i = 0; i < 100; i++) {
                assertThat(q.read(NS1, i, 1, buf.deviceAddress(), i, (u, s, r) -> done[0]++)).isTrue();
                assertThat(q.awaitCompletions(Duration.ofSeconds(10))).isTrue();
                q.poll(16);
                while (done[0] <= i) {
                    q.awaitCompletions(Duration.ofSeconds(10));
                    q.poll(16);
                }
            }
            assertThat(done[0]).isEqualTo(100);
            // nothing outstanding: waiting times out instead of hanging
            assertThat(q.awaitCompletions(Duration.ofMillis(20))).isFalse();
            dev.function().dma().free(buf);
        }
    }

    // ------------------------------------------------------------------ queues

    @Test
    void shouldApplyBackPressureWhenQueueIsFull(TestDevice dev, NvmeController c) {
        try (IoQueuePair q = c.createIoQueuePair(8)) {
            DmaBuffer buf = dev.function().dma().allocate(4096, 4096);
            int[] done = new int[1];
            int accepted = 0;
            while (q.read(NS1, accepted, 1, buf.deviceAddress(), accepted, (u, s, r) -> done[0]++)) {
                accepted++;
            }
            assertThat(accepted).isEqualTo(7);
            assertThat(q.freeSlots()).isZero();
            assertThat(q.outstanding()).isEqualTo(7);
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (done[0] < 7 && System.nanoTime() < end) {
                q.poll(64);
            }
            assertThat(done[0]).isEqualTo(7);
            assertThat(q.freeSlots()).isEqualTo(7);
            assertThat(q.read(NS1, 0, 1, buf.deviceAddress(), 0, (u, s, r) -> done[0]++)).isTrue();
            // a request that can never fit (more children than trackers) is rejected, not "full" forever
            SyncIo io = new SyncIo(q);
            DmaBuffer big = dev.function().dma().allocate(8L * 512 * 1024, 4096);
            int st = io.run((qq, ud, h) -> qq.read(NS1, 0, 8 * 128, big.deviceAddress(), ud, h));
            assertThat(st).isEqualTo(DriverStatus.INVALID_REQUEST);
            dev.function().dma().free(big);
            dev.function().dma().free(buf);
        }
    }

    @Test
    void shouldHandOutEachGrantedQueueIdOnceThenRefuseAndReuseAClosedOne(TestDevice dev, NvmeController c) {
        List<IoQueuePair> open = new ArrayList<>();
        try {
            NvmeException refused = null;
            while (refused == null) {
                try {
                    open.add(c.createIoQueuePair(2));
                } catch (NvmeException e) {
                    refused = e;
                }
                assertThat(open.size()).as("more pairs than granted queues").isLessThanOrEqualTo(c.ioQueuesGranted());
            }
            assertThat(refused).hasMessage("no free I/O queue: the controller granted " + c.ioQueuesGranted()
                    + " and all are in use");
            assertThat(open).extracting(IoQueuePair::qid).doesNotHaveDuplicates()
                    .allSatisfy(qid -> assertThat(qid).isBetween(1, c.ioQueuesGranted()));
            // a closed pair's QID is free again, and the lowest free one is taken
            IoQueuePair second = open.get(1 % open.size());
            int freed = second.qid();
            second.close();
            open.remove(second);
            IoQueuePair again = c.createIoQueuePair(2);
            open.add(again);
            assertThat(again.qid()).isEqualTo(freed);
            DmaBuffer b = dev.function().dma().allocate(4096, 4096);
            assertThat(new SyncIo(again).run((q, ud, h) -> q.read(NS1, 0, 1, b.deviceAddress(), ud, h))).isZero();
            dev.function().dma().free(b);
        } finally {
            open.forEach(IoQueuePair::close);
        }
    }

    @Test
    void shouldRunQueuePairsOnSeveralThreads(TestDevice dev, NvmeController c) throws Exception {
        int threads = 3;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = 1000 + t * 1000;
                results.add(pool.submit(() -> {
                    try (IoQueuePair q = c.createIoQueuePair(32)) {
                        DmaBuffer w = dev.function().dma().allocate(4096, 4096);
                        DmaBuffer r = dev.function().dma().allocate(4096, 4096);
                        SyncIo io = new SyncIo(q);
                        int ok = 0;
                        for (int i = 0; i < 100; i++) {
                            long lba = base + i;
                            w.segment().fill((byte) (lba * 31));
                            w.segment().set(U64, 0, lba);
                            if (io.run((qq, ud, h) -> qq.write(NS1, lba, 1, w.deviceAddress(), ud, h)) == 0
                                    && io.run((qq, ud, h) -> qq.read(NS1, lba, 1, r.deviceAddress(), ud, h)) == 0
                                    && r.segment().mismatch(w.segment()) == -1) {
                                ok++;
                            }
                        }
                        dev.function().dma().free(w);
                        dev.function().dma().free(r);
                        return ok;
                    }
                }));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get()).isEqualTo(100);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void shouldCompleteDeepQueueOfMixedIoWithOneDoorbellPerBatch(TestDevice dev) {
        try (NvmeController c = NvmeController.open(dev.function(), options().withShadowDoorbells(false));
             IoQueuePair q = c.createIoQueuePair(64)) {
            DmaBuffer buf = dev.function().dma().allocate(32 * 4096, 4096);
            int[] done = new int[1];
            long before = q.mmioWrites();
            for (int i = 0; i < 32; i++) {
                assertThat(q.read(NS1, i * 8, 1, buf.deviceAddress(i * 4096L), i, (u, s, r) -> {
                    assertThat(s).isZero();
                    done[0]++;
                })).isTrue();
            }
            assertThat(q.mmioWrites()).as("submitting writes no doorbell").isEqualTo(before);
            q.flush();
            assertThat(q.mmioWrites()).as("one SQ doorbell for the batch").isEqualTo(before + 1);
            while (done[0] < 32) {
                q.poll(64);
            }
            dev.function().dma().free(buf);
        }
    }

    // ------------------------------------------------------------------ errors

    @Test
    void shouldMapDeviceErrorStatusesToErrno(TestDevice dev, NvmeController c) {
        try (IoQueuePair q = c.createIoQueuePair(16)) {
            DmaBuffer buf = dev.function().dma().allocate(8192, 4096);
            SyncIo io = new SyncIo(q);
            long end = c.namespace(NS1).size();
            int st = io.run((qq, ud, h) -> qq.read(NS1, end - 1, 2, buf.deviceAddress(), ud, h));
            assertThat(Status.code(st)).isEqualTo(Status.LBA_OUT_OF_RANGE);
            assertThat(ErrnoMapping.errno(st)).isEqualTo(Errno.EREMOTEIO);

            st = io.run((qq, ud, h) -> qq.submit(new IoCommand().opcode(0x7F).nsid(NS1), ud, h));
            assertThat(Status.code(st)).isEqualTo(Status.INVALID_OPCODE);
            assertThat(ErrnoMapping.errno(st)).isEqualTo(Errno.EOPNOTSUPP);

            // an NSID beyond NN is INVALID_NAMESPACE; a valid but inactive one is INVALID_FIELD (QEMU does so)
            st = io.run((qq, ud, h) -> qq.submit(new IoCommand().opcode(NvmOpcode.READ).nsid(100_000).data(buf.deviceAddress(), 4096), ud, h));
            assertThat(Status.code(st)).isEqualTo(Status.INVALID_NAMESPACE);
            assertThat(ErrnoMapping.errno(st)).isEqualTo(Errno.EOPNOTSUPP);
            st = io.run((qq, ud, h) -> qq.submit(new IoCommand().opcode(NvmOpcode.READ).nsid(77).data(buf.deviceAddress(), 4096), ud, h));
            assertThat(Status.code(st)).isIn(Status.INVALID_FIELD, Status.INVALID_NAMESPACE);
            assertThat(ErrnoMapping.errno(st)).isEqualTo(Errno.EOPNOTSUPP);

            // rejected by the driver before the device: unknown namespace, misaligned buffer
            st = io.run((qq, ud, h) -> qq.read(77, 0, 1, buf.deviceAddress(), ud, h));
            assertThat(st).isEqualTo(DriverStatus.INVALID_REQUEST);
            assertThat(ErrnoMapping.errno(st)).isEqualTo(Errno.EINVAL);
            st = io.run((qq, ud, h) -> qq.read(NS1, 0, 1, buf.deviceAddress() + 2, ud, h));
            assertThat(st).isEqualTo(DriverStatus.INVALID_REQUEST);

            // passthrough from a 64-byte SQE template (CID and PRPs are the driver's)
            MemorySegment sqe = MemorySegment.ofArray(new byte[64]);
            SubmissionEntry.setCdw0(sqe, 0, NvmOpcode.WRITE, 0, 0xFFFF);
            SubmissionEntry.setNsid(sqe, 0, NS1);
            SubmissionEntry.setCdw(sqe, 0, 10, 5);
            SubmissionEntry.setPrp1(sqe, 0, 0xDEAD0000L);
            buf.segment().fill((byte) 0x77);
            assertThat(io.run((qq, ud, h) -> qq.raw(sqe, buf.deviceAddress(), 4096, ud, h))).isZero();
            buf.segment().fill((byte) 0);
            assertThat(io.run((qq, ud, h) -> qq.read(NS1, 5, 1, buf.deviceAddress(), ud, h))).isZero();
            assertThat(buf.segment().get(ValueLayout.JAVA_BYTE, 4095)).isEqualTo((byte) 0x77);

            // after errors the queue still works
            assertThat(io.run((qq, ud, h) -> qq.read(NS1, 0, 1, buf.deviceAddress(), ud, h))).isZero();
            assertThat(q.unknownCompletions()).isZero();
            dev.function().dma().free(buf);
        }
    }

    @Test
    void shouldFailOutstandingIoWhenDeviceVanishes(TestDevice dev) {
        // MMIO doorbells only: a device thread polling shadow doorbells in host memory would still see them
        NvmeController c = NvmeController.open(dev.function(), options().withShadowDoorbells(false));
        IoQueuePair q = c.createIoQueuePair(16);
        DmaBuffer buf = dev.function().dma().allocate(4096, 4096);
        assertThat(dev.surpriseRemove()).as("device can be surprise-removed").isTrue();
        int[] statuses = new int[4];
        int[] done = new int[1];
        for (int i = 0; i < 4; i++) {
            int k = i;
            assertThat(q.read(NS1, i, 1, buf.deviceAddress(), i, (u, s, r) -> {
                statuses[k] = s;
                done[0]++;
            })).isTrue();
        }
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (done[0] < 4 && System.nanoTime() < end) {
            q.poll(16);
        }
        assertThat(done[0]).isEqualTo(4);
        for (int s : statuses) {
            assertThat(s).isEqualTo(DriverStatus.DEVICE_GONE);
            assertThat(ErrnoMapping.errno(s)).isEqualTo(Errno.ENODEV);
        }
        assertThat(c.isOperational()).isFalse();
        // new requests fail the same way instead of hanging
        SyncIo io = new SyncIo(q);
        assertThat(io.run((qq, ud, h) -> qq.flush(NS1, ud, h))).isIn(DriverStatus.DEVICE_GONE, DriverStatus.ABORTED_BY_RESET);
        c.close();
    }

    // ------------------------------------------------------------------ doorbells, reset, close

    @Test
    void shouldWriteFewerMmioDoorbellsWithShadowDoorbells(TestDevice dev) {
        // one device, the driver brought up twice (a clean shutdown in between resets the doorbell state)
        long withShadow = mmioWritesFor(dev, true);
        long without = mmioWritesFor(dev, false);
        assertThat(without).isGreaterThan(0);
        System.out.printf("[%s] MMIO doorbell writes for 2000 reads at depth 32: %d with shadow doorbells, %d without%n",
                dev.backend().label(), withShadow, without);
        if (dev.backend().shadowDoorbellsSaveMmio()) {
            assertThat(withShadow).isLessThan(without);
        } else {
            // a device that only works when rung (inline emulator) keeps EventIdx = what it has seen: no savings
            assertThat(withShadow).isLessThanOrEqualTo(without);
        }
    }

    /**
     * MMIO doorbell writes for 2000 reads kept 32 deep, each resubmitted and flushed on its own from the
     * completion handler (so every I/O updates the SQ tail once).
     */
    private long mmioWritesFor(TestDevice dev, boolean shadow) {
        try (NvmeController c = NvmeController.open(dev.function(), options().withShadowDoorbells(shadow));
             IoQueuePair q = c.createIoQueuePair(64)) {
            assertThat(q.shadowDoorbells()).isEqualTo(shadow && c.identify().supportsDoorbellBufferConfig());
            DmaBuffer buf = dev.function().dma().allocate(32 * 4096, 4096);
            int total = 2000;
            int[] submitted = new int[1];
            int[] done = new int[1];
            io.nvmebridge.driver.IoCompletionHandler[] h = new io.nvmebridge.driver.IoCompletionHandler[1];
            h[0] = (u, s, r) -> {
                assertThat(s).isZero();
                done[0]++;
                if (submitted[0] < total) {
                    assertThat(q.read(NS1, submitted[0] % 1000, 1, buf.deviceAddress(u * 4096), u, h[0])).isTrue();
                    submitted[0]++;
                    q.flush(); // one doorbell update per I/O: the case shadow doorbells exist for

                }
            };
            long before = q.mmioWrites();
            for (int i = 0; i < 32; i++) {
                assertThat(q.read(NS1, i, 1, buf.deviceAddress(i * 4096L), i, h[0])).isTrue();
                submitted[0]++;
            }
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (done[0] < total && System.nanoTime() < end) {
                q.poll(64);
            }
            assertThat(done[0]).isEqualTo(total);
            long n = q.mmioWrites() - before;
            dev.function().dma().free(buf);
            return n;
        }
    }

    @Test
    void shouldResetWithIoInFlightAndKeepQueuePairsWorking(TestDevice dev, NvmeController c) {
        try (IoQueuePair q = c.createIoQueuePair(32)) {
            DmaBuffer buf = dev.function().dma().allocate(16 * 4096, 4096);
            int[] calls = new int[16];
            int[] statuses = new int[16];
            for (int i = 0; i < 16; i++) {
                int k = i;
                assertThat(q.read(NS1, i, 1, buf.deviceAddress(i * 4096L), i, (u, s, r) -> {
                    calls[(int) u]++;
                    statuses[k] = s;
                })).isTrue();
            }
            q.flush();
            c.reset();
            assertThat(c.resets()).isEqualTo(1);
            while (q.outstanding() > 0) {
                q.poll(64);
            }
            for (int i = 0; i < 16; i++) {
                assertThat(calls[i]).as("handler calls of request %d", i).isEqualTo(1);
                assertThat(statuses[i]).isIn(0, DriverStatus.ABORTED_BY_RESET);
            }
            SyncIo io = new SyncIo(q);
            buf.segment().fill((byte) 3);
            assertThat(io.run((qq, ud, h) -> qq.write(NS1, 77, 1, buf.deviceAddress(), ud, h))).isZero();
            assertThat(io.run((qq, ud, h) -> qq.read(NS1, 77, 1, buf.deviceAddress(4096), ud, h))).isZero();
            assertThat(buf.segment().get(ValueLayout.JAVA_BYTE, 4096 + 100)).isEqualTo((byte) 3);
            // admin still works after the reset and the namespaces are the same
            assertThat(c.namespaces()).extracting(NamespaceInfo::nsid).containsExactly(NS1, NS2);
            assertThat(c.admin().getFeatures(FeatureId.NUMBER_OF_QUEUES, 0, 0).isSuccess()).isTrue();
            dev.function().dma().free(buf);
        }
    }

    @Test
    void shouldShutDownCleanlyAndReturnAllDmaMemory(TestDevice dev) {
        long free = dev.function().dma().available();
        NvmeController c = NvmeController.open(dev.function(), options());
        IoQueuePair q1 = c.createIoQueuePair(64);
        c.createIoQueuePair(8);
        q1.close();
        IoQueuePair q3 = c.createIoQueuePair(16);
        assertThat(q3.qid()).isEqualTo(q1.qid());
        c.close();
        assertThat(Csts.SHST.get(dev.function().read32(ControllerRegisters.CSTS))).isEqualTo(Csts.SHST_COMPLETE);
        assertThat(dev.function().dma().available()).isEqualTo(free);
        assertThat(c.isOperational()).isFalse();
        assertThatThrownBy(() -> c.createIoQueuePair(8)).isInstanceOf(NvmeException.class).hasMessageContaining("closed");
        c.close();
    }

    @Test
    void shouldReopenAControllerLeftEnabledByAPreviousDriver(TestDevice dev) {
        NvmeController first = NvmeController.open(dev.function(), options());
        first.createIoQueuePair(8);
        // no close: the controller stays enabled with queues; a second driver must disable and start over
        try (NvmeController second = NvmeController.open(dev.function(), options());
             IoQueuePair q = second.createIoQueuePair(8)) {
            DmaBuffer buf = dev.function().dma().allocate(4096, 4096);
            assertThat(new SyncIo(q).run((qq, ud, h) -> qq.read(NS1, 0, 1, buf.deviceAddress(), ud, h))).isZero();
            dev.function().dma().free(buf);
        }
    }

    private static boolean allZero(MemorySegment s) {
        for (long i = 0; i < s.byteSize(); i++) {
            if (s.get(ValueLayout.JAVA_BYTE, i) != 0) {
                return false;
            }
        }
        return true;
    }
}
