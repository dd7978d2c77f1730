package io.nvmebridge.driver;

import io.nvmebridge.spec.Status;

/**
 * NVMe completion status to errno, exactly as Linux does it: {@code nvme_error_status()}
 * (drivers/nvme/host/core.c) picks a {@code blk_status_t} from SCT/SC (bits 10:0; CRD, M and DNR ignored), and
 * {@code blk_status_to_errno()} (block/blk-core.c, the {@code blk_errors[]} table) turns that into an errno.
 *
 * <table>
 * <caption>status → blk_status_t → errno</caption>
 * <tr><th>NVMe status (SCT/SC)</th><th>blk_status_t</th><th>errno</th></tr>
 * <tr><td>SUCCESS 0/00</td><td>BLK_STS_OK</td><td>0</td></tr>
 * <tr><td>CAPACITY_EXCEEDED 0/81</td><td>BLK_STS_NOSPC</td><td>ENOSPC (28)</td></tr>
 * <tr><td>LBA_OUT_OF_RANGE 0/80, COMMAND_INTERRUPTED 0/21, NS_NOT_READY 0/82</td><td>BLK_STS_TARGET</td><td>EREMOTEIO (121)</td></tr>
 * <tr><td>CONFLICTING_ATTRIBUTES 1/80, INVALID_OPCODE 0/01, INVALID_FIELD 0/02, INVALID_NAMESPACE 0/0B</td><td>BLK_STS_NOTSUPP</td><td>EOPNOTSUPP (95)</td></tr>
 * <tr><td>WRITE_FAULT 2/80, UNRECOVERED_READ_ERROR 2/81, DEALLOCATED_OR_UNWRITTEN_BLOCK 2/87, ACCESS_DENIED 2/86,
 *     ATTEMPTED_WRITE_TO_READ_ONLY_RANGE 1/82, COMPARE_FAILURE 2/85</td><td>BLK_STS_MEDIUM</td><td>ENODATA (61)</td></tr>
 * <tr><td>GUARD_CHECK_ERROR 2/82, APPLICATION_TAG_CHECK_ERROR 2/83, REFERENCE_TAG_CHECK_ERROR 2/84,
 *     INVALID_PROTECTION_INFORMATION 1/81</td><td>BLK_STS_PROTECTION</td><td>EILSEQ (84)</td></tr>
 * <tr><td>RESERVATION_CONFLICT 0/83</td><td>BLK_STS_RESV_CONFLICT (was BLK_STS_NEXUS)</td><td>EBADE (52)</td></tr>
 * <tr><td>HOST_PATH_ERROR 3/70</td><td>BLK_STS_TRANSPORT</td><td>ENOLINK (67)</td></tr>
 * <tr><td>ZONE_TOO_MANY_ACTIVE 1/BD</td><td>BLK_STS_ZONE_ACTIVE_RESOURCE</td><td>EOVERFLOW (75)</td></tr>
 * <tr><td>ZONE_TOO_MANY_OPEN 1/BE</td><td>BLK_STS_ZONE_OPEN_RESOURCE</td><td>ETOOMANYREFS (109)</td></tr>
 * <tr><td>everything else (incl. HOST_ABORTED_COMMAND 3/71, INTERNAL 0/06, DATA_TRANSFER_ERROR 0/04)</td><td>BLK_STS_IOERR</td><td>EIO (5)</td></tr>
 * </table>
 *
 * <p>Driver-made statuses ({@link DriverStatus}) come first: TIMED_OUT → ETIMEDOUT (BLK_STS_TIMEOUT),
 * ABORTED_BY_RESET → ECANCELED, DEVICE_GONE → ENODEV (BLK_STS_OFFLINE), INVALID_REQUEST → EINVAL (BLK_STS_INVAL).
 * Linux's older {@code NVME_SC_ONCS_NOT_SUPPORTED} (0x120, not a spec status) is left out. The raw status stays
 * available to callers; this mapping only feeds errno-shaped interfaces (io_uring CQE res, the CLI).
 */
public final class ErrnoMapping {
    /** Zoned namespace statuses (ZNS command set, SCT 1), not in {@link Status}. */
    public static final int ZONE_TOO_MANY_ACTIVE = 0x1BD;
    public static final int ZONE_TOO_MANY_OPEN = 0x1BE;

    private ErrnoMapping() {
    }

    /** Linux's {@code blk_status_t} name for a status, for documentation and logs. */
    public static String blkStatus(int status) {
        if ((status & DriverStatus.DRIVER_BIT_TIMED_OUT) != 0) {
            return "BLK_STS_TIMEOUT";
        } else if ((status & DriverStatus.DRIVER_BIT_RESET) != 0) {
            return "BLK_STS_IOERR(canceled)";
        } else if ((status & DriverStatus.DRIVER_BIT_GONE) != 0) {
            return "BLK_STS_OFFLINE";
        } else if ((status & DriverStatus.DRIVER_BIT_INVALID) != 0) {
            return "BLK_STS_INVAL";
        }
        return switch (Status.code(status)) {
            case Status.SUCCESS -> "BLK_STS_OK";
            case Status.CAPACITY_EXCEEDED -> "BLK_STS_NOSPC";
            case Status.LBA_OUT_OF_RANGE, Status.COMMAND_INTERRUPTED, Status.NS_NOT_READY -> "BLK_STS_TARGET";
            case Status.CONFLICTING_ATTRIBUTES, Status.INVALID_OPCODE, Status.INVALID_FIELD,
                 Status.INVALID_NAMESPACE -> "BLK_STS_NOTSUPP";
            case Status.WRITE_FAULT, Status.UNRECOVERED_READ_ERROR, Status.DEALLOCATED_OR_UNWRITTEN_BLOCK,
                 Status.ACCESS_DENIED, Status.ATTEMPTED_WRITE_TO_READ_ONLY_RANGE,
                 Status.COMPARE_FAILURE -> "BLK_STS_MEDIUM";
            case Status.GUARD_CHECK_ERROR, Status.APPLICATION_TAG_CHECK_ERROR, Status.REFERENCE_TAG_CHECK_ERROR,
                 Status.INVALID_PROTECTION_INFORMATION -> "BLK_STS_PROTECTION";
            case Status.RESERVATION_CONFLICT -> "BLK_STS_RESV_CONFLICT";
            case Status.HOST_PATH_ERROR -> "BLK_STS_TRANSPORT";
            case ZONE_TOO_MANY_ACTIVE -> "BLK_STS_ZONE_ACTIVE_RESOURCE";
            case ZONE_TOO_MANY_OPEN -> "BLK_STS_ZONE_OPEN_RESOURCE";
            default -> "BLK_STS_IOERR";
        };
    }

    /** The positive errno for a completion status (0 for success). */
    public static int errno(int status) {
        if ((status & DriverStatus.DRIVER_BIT_TIMED_OUT) != 0) {
            return Errno.ETIMEDOUT;
        } else if ((status & DriverStatus.DRIVER_BIT_RESET) != 0) {
            return Errno.ECANCELED;
        } else if ((status & DriverStatus.DRIVER_BIT_GONE) != 0) {
            return Errno.ENODEV;
        } else if ((status & DriverStatus.DRIVER_BIT_INVALID) != 0) {
            return Errno.EINVAL;
        }
        return switch (Status.code(status)) {
            case Status.SUCCESS -> 0;
            case Status.CAPACITY_EXCEEDED -> Errno.ENOSPC;
            case Status.LBA_OUT_OF_RANGE, Status.COMMAND_INTERRUPTED, Status.NS_NOT_READY -> Errno.EREMOTEIO;
            case Status.CONFLICTING_ATTRIBUTES, Status.INVALID_OPCODE, Status.INVALID_FIELD,
                 Status.INVALID_NAMESPACE -> Errno.EOPNOTSUPP;
            case Status.WRITE_FAULT, Status.UNRECOVERED_READ_ERROR, Status.DEALLOCATED_OR_UNWRITTEN_BLOCK,
                 Status.ACCESS_DENIED, Status.ATTEMPTED_WRITE_TO_READ_ONLY_RANGE,
                 Status.COMPARE_FAILURE -> Errno.ENODATA;
            case Status.GUARD_CHECK_ERROR, Status.APPLICATION_TAG_CHECK_ERROR, Status.REFERENCE_TAG_CHECK_ERROR,
                 Status.INVALID_PROTECTION_INFORMATION -> Errno.EILSEQ;
            case Status.RESERVATION_CONFLICT -> Errno.EBADE;
            case Status.HOST_PATH_ERROR -> Errno.ENOLINK;
            case ZONE_TOO_MANY_ACTIVE -> Errno.EOVERFLOW;
            case ZONE_TOO_MANY_OPEN -> Errno.ETOOMANYREFS;
            default -> Errno.EIO;
        };
    }

    /** {@code -errno}, the io_uring CQE {@code res} convention. */
    public static int negativeErrno(int status) {
        return -errno(status);
    }
}
