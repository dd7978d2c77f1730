package io.nvmebridge.it.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvmebridge.driver.DriverOptions;
import io.nvmebridge.driver.DriverStatus;
import io.nvmebridge.driver.Errno;
import io.nvmebridge.driver.ErrnoMapping;
import io.nvmebridge.driver.IoQueuePair;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.driver.NvmeException;
import io.nvmebridge.emulator.FaultPlan;
import io.nvmebridge.emulator.FaultRule;
import io.nvmebridge.junit.Backend;
import io.nvmebridge.junit.DeviceShape;
import io.nvmebridge.junit.InjectFaults;
import io.nvmebridge.junit.NvmeDevice;
import io.nvmebridge.junit.TestDevice;
import io.nvmebridge.junit.TestDevices;
import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.Status;
import io.nvmebridge.spec.device.DmaBuffer;
import io.nvmebridge.spec.regs.ControllerRegisters;
import io.nvmebridge.spec.regs.Csts;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Conformance cases that need a device to misbehave on purpose (injected media errors, lost completions,
 * fatal status, failing init): run only on backends that inject faults (DriverFaultsOnEmulator*Test), so no
 * case is skipped elsewhere. Devices as in {@link DriverConformanceSuite}, with the fault plan of
 * {@link InjectFaults}.
 */
abstract class DriverFaultSuite {
    private static final int NS1 = 1;

    /** The options the extension brings the driver up with ({@link NvmeDevice}'s defaults). */
    private static DriverOptions options() {
        return DriverOptions.defaults().withCommandTimeout(Duration.ofSeconds(10)).withHealthCheckInterval(Duration.ofMillis(20));
    }

    @Test
    void shouldFailInitWithOneLineNamingTheStepAndStatus(Backend backend) {
        FaultPlan failing = FaultPlan.of(FaultRule.match().admin().opcode(AdminOpcode.IDENTIFY).nth(1)
                .completeWith(Status.INTERNAL | Status.DNR));
        try (TestDevice dev = TestDevices.open(backend, DeviceShape.standard().withFaults(failing))) {
            long free = dev.function().dma().available();
            assertThatThrownBy(() -> NvmeController.open(dev.function(), options()))
                    .isInstanceOf(NvmeException.class)
                    .hasMessageContaining("WAIT_FOR_IDENTIFY_CONTROLLER").hasMessageContaining("INTERNAL")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThat(dev.function().dma().available()).as("DMA memory given back").isEqualTo(free);
        }
        FaultPlan silent = FaultPlan.of(FaultRule.match().admin().opcode(AdminOpcode.SET_FEATURES).nth(1)
                .neverComplete());
        try (TestDevice dev = TestDevices.open(backend, DeviceShape.standard().withFaults(silent))) {
            assertThatThrownBy(() -> NvmeController.open(dev.function(), options().withAdminTimeout(Duration.ofMillis(200))))
                    .isInstanceOf(NvmeException.class)
                    .hasMessageContaining("WAIT_FOR_SET_NUMBER_OF_QUEUES").hasMessageContaining("CSTS=");
        }
    }

    @Test
    @InjectFaults("mediaErrorOnLba40")
    void shouldDeliverInjectedMediaErrorWithLinuxErrno(TestDevice dev, NvmeController c) {
        try (IoQueuePair q = c.createIoQueuePair(16)) {
            DmaBuffer buf = dev.function().dma().allocate(4 * 1024 * 1024, 4096);
            SyncIo io = new SyncIo(q);
            int st = io.run((qq, ud, h) -> qq.read(NS1, 40, 1, buf.deviceAddress(), ud, h));
            assertThat(Status.code(st)).isEqualTo(Status.UNRECOVERED_READ_ERROR);
            assertThat(Status.doNotRetry(st)).isTrue();
            assertThat(ErrnoMapping.errno(st)).isEqualTo(Errno.ENODATA);
            // a split request with one failing child: one completion, the child's error
            st = io.run((qq, ud, h) -> qq.read(NS1, 0, 512, buf.deviceAddress(), ud, h));
            assertThat(Status.code(st)).isEqualTo(Status.UNRECOVERED_READ_ERROR);
            assertThat(q.outstanding()).isZero();
            dev.function().dma().free(buf);
        }
    }

    @Test
    @InjectFaults("thirdReadNeverCompletes")
    void shouldTimeOutLostCompletionAbortThenRecoverByReset(TestDevice dev) {
        DriverOptions opts = options().withCommandTimeout(Duration.ofMillis(150));
        try (NvmeController c = NvmeController.open(dev.function(), opts);
             IoQueuePair q = c.createIoQueuePair(16)) {
            DmaBuffer buf = dev.function().dma().allocate(4096, 4096);
            SyncIo io = new SyncIo(q);
            assertThat(io.run((qq, ud, h) -> qq.read(NS1, 0, 1, buf.deviceAddress(), ud, h))).isZero();
            assertThat(io.run((qq, ud, h) -> qq.read(NS1, 1, 1, buf.deviceAddress(), ud, h))).isZero();
            int st = io.run((qq, ud, h) -> qq.read(NS1, 2, 1, buf.deviceAddress(), ud, h));
            assertThat(st).isEqualTo(DriverStatus.TIMED_OUT);
            assertThat(ErrnoMapping.errno(st)).isEqualTo(Errno.ETIMEDOUT);
            assertThat(q.timeouts()).isEqualTo(1);
            assertThat(c.resets()).isEqualTo(1);
            // the same queue pair works after the reset
            assertThat(io.run((qq, ud, h) -> qq.read(NS1, 3, 1, buf.deviceAddress(), ud, h))).isZero();
            assertThat(q.unknownCompletions()).isZero();
            dev.function().dma().free(buf);
        }
    }

    @Test
    @InjectFaults("firstWriteIsFatal")
    void shouldResetOnControllerFatalStatus(TestDevice dev, NvmeController c) {
        try (IoQueuePair q = c.createIoQueuePair(16)) {
            DmaBuffer buf = dev.function().dma().allocate(4096, 4096);
            SyncIo io = new SyncIo(q);
            // the write in flight at the reset is submitted again on the re-created queue (as Linux requeues it)
            int st = io.run((qq, ud, h) -> qq.write(NS1, 9, 1, buf.deviceAddress(), ud, h));
            assertThat(st).isZero();
            assertThat(q.resubmitted()).isEqualTo(1);
            assertThat(c.resets()).isEqualTo(1);
            assertThat(Csts.CFS.get(dev.function().read32(ControllerRegisters.CSTS))).isZero();
            assertThat(io.run((qq, ud, h) -> qq.write(NS1, 9, 1, buf.deviceAddress(), ud, h))).isZero();
            dev.function().dma().free(buf);
        }
    }

    static FaultPlan mediaErrorOnLba40() {
        return FaultPlan.of(FaultRule.match().io().opcode(NvmOpcode.READ).lbaRange(40, 40)
                .completeWith(Status.UNRECOVERED_READ_ERROR | Status.DNR));
    }

    static FaultPlan thirdReadNeverCompletes() {
        return FaultPlan.of(FaultRule.match().io().opcode(NvmOpcode.READ).nth(3).neverComplete());
    }

    static FaultPlan firstWriteIsFatal() {
        return FaultPlan.of(FaultRule.match().io().opcode(NvmOpcode.WRITE).nth(1).fatal());
    }
}
