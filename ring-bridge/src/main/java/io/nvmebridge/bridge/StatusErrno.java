package io.nvmebridge.bridge;

import io.nvmebridge.driver.DriverStatus;
import io.nvmebridge.driver.ErrnoMapping;

/**
 * The io_uring front door's reading of an NVMe status from the {@link io.nvmebridge.bridge.core.ForwardingCore}:
 * the Linux errno it becomes in a CQE, and whether the device returned it (NVMe passthrough reports a device
 * status as is, as Linux does) or the driver made it up. Here, and not in the core, because no other front door
 * speaks errno.
 */
final class StatusErrno {
    private StatusErrno() {
    }

    /** Linux errno (positive) for an NVMe status or a driver status. */
    static int errno(int nvmeStatus) {
        return ErrnoMapping.errno(nvmeStatus);
    }

    /** True when {@code status} is an NVMe status the device returned (not one the driver made up). */
    static boolean isDeviceStatus(int status) {
        return !DriverStatus.isDriverStatus(status);
    }
}
