package io.nvmebridge.driver;

import io.nvmebridge.spec.Status;

/**
 * Completion statuses the driver makes up itself, for commands that never got (or never will get) a device
 * completion. Each is a real NVMe status ({@link Status#HOST_ABORTED_COMMAND} or
 * {@link Status#HOST_PATH_ERROR}, with DNR) plus one driver bit above the 15-bit NVMe status field, so
 * {@link Status#code(int)} and {@link Status#describe(int)} still read them, and {@link ErrnoMapping} can tell
 * them apart:
 *
 * <pre>
 *  TIMED_OUT         0x1_0000 | DNR | HOST_ABORTED_COMMAND (0x371)  -> ETIMEDOUT  (Linux: BLK_STS_TIMEOUT)
 *  ABORTED_BY_RESET  0x2_0000 | DNR | HOST_ABORTED_COMMAND          -> ECANCELED  (controller reset / shutdown)
 *  DEVICE_GONE       0x4_0000 | DNR | HOST_PATH_ERROR (0x370)       -> ENODEV     (Linux: BLK_STS_OFFLINE)
 *  INVALID_REQUEST   0x8_0000 | DNR | INVALID_FIELD (0x002)         -> EINVAL     (rejected before submission)
 * </pre>
 */
public final class DriverStatus {
    public static final int DRIVER_BIT_TIMED_OUT = 0x1_0000;
    public static final int DRIVER_BIT_RESET = 0x2_0000;
    public static final int DRIVER_BIT_GONE = 0x4_0000;
    public static final int DRIVER_BIT_INVALID = 0x8_0000;
    public static final int DRIVER_BITS = 0xF_0000;

    /** The command did not complete within its timeout (the handler gets this once, never the late completion). */
    public static final int TIMED_OUT = DRIVER_BIT_TIMED_OUT | Status.DNR | Status.HOST_ABORTED_COMMAND;
    /** The command was outstanding when the controller was reset or shut down. */
    public static final int ABORTED_BY_RESET = DRIVER_BIT_RESET | Status.DNR | Status.HOST_ABORTED_COMMAND;
    /** The device vanished (function not alive, registers read all ones). */
    public static final int DEVICE_GONE = DRIVER_BIT_GONE | Status.DNR | Status.HOST_PATH_ERROR;
    /** The request was invalid before it reached the device (unknown namespace, too large, bad buffer). */
    public static final int INVALID_REQUEST = DRIVER_BIT_INVALID | Status.DNR | Status.INVALID_FIELD;

    private DriverStatus() {
    }

    public static boolean isDriverStatus(int status) {
        return (status & DRIVER_BITS) != 0;
    }

    /** {@link Status#describe(int)} with the driver's reason, for logs and messages. */
    public static String describe(int status) {
        String base = Status.describe(status & 0xFFFF);
        if ((status & DRIVER_BIT_TIMED_OUT) != 0) {
            return "timed out: " + base;
        } else if ((status & DRIVER_BIT_RESET) != 0) {
            return "aborted by controller reset: " + base;
        } else if ((status & DRIVER_BIT_GONE) != 0) {
            return "device gone: " + base;
        } else if ((status & DRIVER_BIT_INVALID) != 0) {
            return "invalid request: " + base;
        }
        return base;
    }
}
