package io.nvmebridge.driver;

import io.nvmebridge.spec.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ErrnoMappingTest {

    /** Linux nvme_error_status() + blk_errors[], row by row. */
    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource({
            "SUCCESS, 0x000, 0",
            "CAPACITY_EXCEEDED, 0x081, 28",
            "LBA_OUT_OF_RANGE, 0x080, 121",
            "COMMAND_INTERRUPTED, 0x021, 121",
            "NS_NOT_READY, 0x082, 121",
            "CONFLICTING_ATTRIBUTES, 0x180, 95",
            "INVALID_OPCODE, 0x001, 95",
            "INVALID_FIELD, 0x002, 95",
            "INVALID_NAMESPACE, 0x00B, 95",
            "WRITE_FAULT, 0x280, 61",
            "UNRECOVERED_READ_ERROR, 0x281, 61",
            "DEALLOCATED_OR_UNWRITTEN_BLOCK, 0x287, 61",
            "ACCESS_DENIED, 0x286, 61",
            "ATTEMPTED_WRITE_TO_READ_ONLY_RANGE, 0x182, 61",
            "COMPARE_FAILURE, 0x285, 61",
            "GUARD_CHECK_ERROR, 0x282, 84",
            "APPLICATION_TAG_CHECK_ERROR, 0x283, 84",
            "REFERENCE_TAG_CHECK_ERROR, 0x284, 84",
            "INVALID_PROTECTION_INFORMATION, 0x181, 84",
            "RESERVATION_CONFLICT, 0x083, 52",
            "HOST_PATH_ERROR, 0x370, 67",
            "ZONE_TOO_MANY_ACTIVE, 0x1BD, 75",
            "ZONE_TOO_MANY_OPEN, 0x1BE, 109",
            "INTERNAL, 0x006, 5",
            "DATA_TRANSFER_ERROR, 0x004, 5",
            "HOST_ABORTED_COMMAND, 0x371, 5",
            "ABORT_REQUESTED, 0x007, 5",
            "INVALID_QUEUE_IDENTIFIER, 0x101, 5",
    })
    void shouldMapLikeLinux(String name, String hex, int errno) {
        int status = Integer.decode(hex);
        assertThat(ErrnoMapping.errno(status)).as(name).isEqualTo(errno);
        assertThat(ErrnoMapping.negativeErrno(status)).isEqualTo(-errno);
    }

    @Test
    void shouldIgnoreDnrMoreAndCrdBits() {
        int s = Status.LBA_OUT_OF_RANGE | Status.DNR | Status.MORE | Status.CRD_MASK;
        assertThat(ErrnoMapping.errno(s)).isEqualTo(Errno.EREMOTEIO);
        assertThat(ErrnoMapping.blkStatus(s)).isEqualTo("BLK_STS_TARGET");
    }

    @Test
    void shouldMapDriverStatusesBeforeTheNvmeCode() {
        assertThat(ErrnoMapping.errno(DriverStatus.TIMED_OUT)).isEqualTo(Errno.ETIMEDOUT);
        assertThat(ErrnoMapping.errno(DriverStatus.ABORTED_BY_RESET)).isEqualTo(Errno.ECANCELED);
        assertThat(ErrnoMapping.errno(DriverStatus.DEVICE_GONE)).isEqualTo(Errno.ENODEV);
        assertThat(ErrnoMapping.errno(DriverStatus.INVALID_REQUEST)).isEqualTo(Errno.EINVAL);
        // the NVMe part is still a real status
        assertThat(Status.code(DriverStatus.TIMED_OUT)).isEqualTo(Status.HOST_ABORTED_COMMAND);
        assertThat(DriverStatus.describe(DriverStatus.TIMED_OUT)).startsWith("timed out: HOST_ABORTED_COMMAND");
    }

    /** All 32,768 15-bit statuses, not a sample: checking each takes less time than drawing 1000 at random. */
    @Test
    void everyStatusMapsToAKnownErrno() {
        for (int status = 0; status <= 0x7FFF; status++) {
            int e = ErrnoMapping.errno(status);
            assertThat(Errno.name(e)).as("status 0x%04x", status).doesNotStartWith("errno ");
            assertThat(e == 0).as("status 0x%04x maps to errno 0 exactly when it is a success", status)
                    .isEqualTo(Status.code(status) == 0);
        }
    }
}
