package io.nvmebridge.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.bridge.NvmeBridge;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.spec.device.NvmeFunction;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** What {@link NvmeDevice} injects, and that it tears everything down after each test. */
@NvmeDevice(serial = "EXT-CLASS")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NvmeDeviceExtensionTest {
    private static NvmeController previousController;
    private static NvmeFunction previousFunction;

    @Test
    @Order(1)
    void shouldInjectOneStackWhosePartsBelongTogether(NvmeFunction f, NvmeController c, NvmeBridge b, TestDevice d,
                                                       Backend backend) {
        assertThat(backend).isEqualTo(Backend.EMULATOR_INLINE);
        assertThat(d.function()).isSameAs(f);
        assertThat(c.function()).isSameAs(f);
        assertThat(c.isOperational()).isTrue();
        assertThat(c.identify().sn()).isEqualTo("EXT-CLASS");
        assertThat(b.device().description()).isEqualTo(f.description());
        previousController = c;
        previousFunction = f;
    }

    @Test
    @Order(2)
    void shouldHaveClosedThePreviousTestsDriverAndDevice(NvmeController c) {
        assertThat(previousController).isNotNull().isNotSameAs(c);
        assertThat(previousController.isOperational()).isFalse();
        assertThat(previousFunction.isAlive()).isFalse();
    }

    @Test
    @Order(3)
    @NvmeDevice(backend = Backend.EMULATOR_THREADED, mdts = 5, maxIoQueuePairs = 3, serial = "EXT-METHOD",
            namespaces = @NvmeNamespace(nsid = 3, blocks = 100, lbaSize = 512, storage = NvmeNamespace.Storage.NULL))
    void shouldLetAMethodAnnotationReplaceTheClassOne(NvmeController c, TestDevice d) {
        assertThat(d.backend()).isEqualTo(Backend.EMULATOR_THREADED);
        assertThat(c.identify().sn()).isEqualTo("EXT-METHOD");
        assertThat(c.identify().mdts()).isEqualTo(5);
        assertThat(c.ioQueuesGranted()).isLessThanOrEqualTo(3);
        assertThat(c.namespaces()).hasSize(1);
        assertThat(c.namespace(3).lbaSize()).isEqualTo(512);
        assertThat(c.namespace(3).size()).isEqualTo(100);
    }

    @Test
    @Order(4)
    @InjectFaults("readErrorAtLba7")
    void shouldCreateTheDeviceWithTheNamedFaultPlan(TestDevice d) {
        assertThat(d.shape().faults()).isEqualTo(READ_ERROR_AT_LBA_7);
    }

    private static final io.nvmebridge.emulator.FaultPlan READ_ERROR_AT_LBA_7 = io.nvmebridge.emulator.FaultPlan.of(
            io.nvmebridge.emulator.FaultRule.match().io().opcode(io.nvmebridge.spec.NvmOpcode.READ).lbaRange(7, 7)
                    .completeWith(io.nvmebridge.spec.Status.UNRECOVERED_READ_ERROR));

    static io.nvmebridge.emulator.FaultPlan readErrorAtLba7() {
        return READ_ERROR_AT_LBA_7;
    }
}
