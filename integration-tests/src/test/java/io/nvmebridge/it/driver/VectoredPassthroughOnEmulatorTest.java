package io.nvmebridge.it.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.driver.DriverOptions;
import io.nvmebridge.driver.DriverStatus;
import io.nvmebridge.driver.Errno;
import io.nvmebridge.driver.ErrnoMapping;
import io.nvmebridge.driver.IoCommand;
import io.nvmebridge.driver.IoCompletionHandler;
import io.nvmebridge.driver.IoQueuePair;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorConfig;
import io.nvmebridge.emulator.EmulatorMode;
import io.nvmebridge.emulator.NamespaceConfig;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.device.DmaBuffer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link IoQueuePair#submit} of an {@link IoCommand} with ranges: one passthrough command whose data is a scatter list, on the emulator. */
class VectoredPassthroughOnEmulatorTest {
    private static final int NS = 1;
    private static final int LBA = 512;
    private static final int PAGE = 4096;

    private EmulatedNvmeFunction fn;
    private NvmeController ctrl;
    private IoQueuePair pair;
    private DmaBuffer buf;
    private final IoCommand command = new IoCommand();
    private final long[] addresses = new long[8];
    private final long[] lengths = new long[8];
    private int lastStatus;
    private long lastResult;
    private int completions;
    private final IoCompletionHandler handler = (ud, status, result) -> {
        lastStatus = status;
        lastResult = result;
        completions++;
    };

    @BeforeEach
    void open() {
        fn = EmulatedNvmeFunction.open(EmulatorConfig.builder().mode(EmulatorMode.INLINE)
                .namespace(NamespaceConfig.ram(NS, 4096, LBA)).build(), 16L << 20);
        ctrl = NvmeController.open(fn, DriverOptions.defaults().withInterrupts(false));
        pair = ctrl.createIoQueuePair(64);
        buf = fn.dma().allocate(1 << 20, PAGE);
    }

    @AfterEach
    void close() {
        pair.close();
        ctrl.close();
        fn.close();
    }

    private static void fill(MemorySegment s, int seed) {
        for (long i = 0; i < s.byteSize(); i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 13 + seed));
        }
    }

    /** Sets range {@code i} to {@code len} bytes at byte {@code off} of the test buffer. */
    private void range(int i, long off, long len) {
        addresses[i] = buf.deviceAddress(off);
        lengths[i] = len;
    }

    /** Submits a vectored Read/Write of {@code blocks} at {@code slba} over ranges [0, count) and waits for it. */
    private int run(int opcode, long slba, int blocks, int count) {
        int before = completions;
        assertThat(pair.submit(command.clear().opcode(opcode).nsid(NS)
                .cdw10to15((int) slba, (int) (slba >>> 32), blocks - 1, 0, 0, 0)
                .dataRanges(addresses, lengths, count), 7, handler)).isTrue();
        while (completions == before) {
            pair.poll(16);
        }
        return lastStatus;
    }

    private int runFlat(int opcode, long slba, int blocks, long off) {
        int before = completions;
        boolean ok = opcode == NvmOpcode.READ
                ? pair.read(NS, slba, blocks, buf.deviceAddress(off), 8, handler)
                : pair.write(NS, slba, blocks, buf.deviceAddress(off), 8, handler);
        assertThat(ok).isTrue();
        while (completions == before) {
            pair.poll(16);
        }
        return lastStatus;
    }

    private MemorySegment at(long off, long len) {
        return buf.segment().asSlice(off, len);
    }

    @Test
    void shouldWriteAndReadBackThroughScatteredPagesInOneCommand() {
        // an offset first range, whole pages in the middle, a short last range: 0x200 + 8192 + 1536 bytes
        fill(at(0x1E00, 0x200), 1);
        fill(at(0x8000, 8192), 2);
        fill(at(0x4000, 1536), 3);
        range(0, 0x1E00, 0x200);
        range(1, 0x8000, 8192);
        range(2, 0x4000, 1536);
        int blocks = (0x200 + 8192 + 1536) / LBA;
        assertThat(run(NvmOpcode.WRITE, 64, blocks, 3)).isZero();

        assertThat(runFlat(NvmOpcode.READ, 64, blocks, 0x20000)).isZero();
        assertThat(at(0x20000, 0x200).mismatch(at(0x1E00, 0x200))).isEqualTo(-1);
        assertThat(at(0x20200, 8192).mismatch(at(0x8000, 8192))).isEqualTo(-1);
        assertThat(at(0x22200, 1536).mismatch(at(0x4000, 1536))).isEqualTo(-1);

        // and back through three other pieces, the page-aligned way round
        range(0, 0x30000, 4096);
        range(1, 0x40000, 4096);
        range(2, 0x50000, 0x200 + 1536);
        assertThat(run(NvmOpcode.READ, 64, blocks, 3)).isZero();
        assertThat(at(0x30000, 4096).mismatch(at(0x20000, 4096))).isEqualTo(-1);
        assertThat(at(0x40000, 4096).mismatch(at(0x21000, 4096))).isEqualTo(-1);
        assertThat(at(0x50000, 0x200 + 1536).mismatch(at(0x22000, 0x200 + 1536))).isEqualTo(-1);
    }

    @Test
    void shouldRejectRangesPrpsCannotDescribeBeforeTheDevice() {
        range(0, 0x1000, 512);
        range(1, 0x3000, 512); // the first range ends mid-page
        assertThat(pair.prpDescribable(addresses, lengths, 2)).isFalse();
        assertThat(run(NvmOpcode.READ, 0, 2, 2)).isEqualTo(DriverStatus.INVALID_REQUEST);
        range(0, 0x1002, 510); // not dword aligned
        assertThat(run(NvmOpcode.READ, 0, 1, 1)).isEqualTo(DriverStatus.INVALID_REQUEST);
        assertThat(ErrnoMapping.errno(DriverStatus.INVALID_REQUEST)).isEqualTo(Errno.EINVAL);
    }

    @Test
    void shouldRejectMoreThanTheMaxTransfer() {
        int max = pair.maxTransferBytes();
        assertThat(max).isEqualTo(ctrl.maxTransferBytes());
        range(0, 0, max);
        range(1, max, PAGE);
        assertThat(pair.prpDescribable(addresses, lengths, 2)).isTrue();
        assertThat(run(NvmOpcode.READ, 0, (max + PAGE) / LBA, 2)).isEqualTo(DriverStatus.INVALID_REQUEST);
        // exactly the max transfer, scattered over two ranges, is fine
        range(0, 0, max - PAGE);
        assertThat(run(NvmOpcode.READ, 0, max / LBA, 2)).isZero();
    }

    @Test
    void shouldSendACommandWithoutDataPointersForNoRanges() {
        assertThat(run(NvmOpcode.FLUSH, 0, 1, 0)).isZero();
        range(0, 0x1000, 0);
        assertThat(run(NvmOpcode.FLUSH, 0, 1, 1)).isZero();
        assertThat(lastResult).isZero();
    }

    @Test
    void shouldSubmitWithoutAllocating() {
        range(0, 0x1E00, 0x200);
        range(1, 0x8000, 8192);
        range(2, 0x4000, 4096);
        int blocks = (0x200 + 8192 + 4096) / LBA;
        for (int i = 0; i < 2000; i++) { // warm up the submission and completion paths
            run(NvmOpcode.READ, 0, blocks, 3);
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 32; i++) {
            pair.submit(command.clear().opcode(NvmOpcode.READ).nsid(NS).cdw10to15(0, 0, blocks - 1, 0, 0, 0)
                    .dataRanges(addresses, lengths, 3), i, handler);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        int target = completions + 32;
        while (completions < target) {
            pair.poll(64);
        }
        assertThat(allocated).as("bytes allocated by 32 vectored submissions").isZero();
        assertThat(lastStatus).isZero();
    }
}
