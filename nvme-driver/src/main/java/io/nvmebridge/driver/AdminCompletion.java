package io.nvmebridge.driver;

import io.nvmebridge.spec.Status;

/**
 * The completion of an admin command.
 *
 * @param status the status field ({@link Status} encoding, or a {@link DriverStatus})
 * @param dw0    completion dword 0 (command specific)
 * @param dw1    completion dword 1
 */
public record AdminCompletion(int status, int dw0, int dw1) {

    /** DW0 | DW1 &lt;&lt; 32. */
    public long result() {
        return (dw0 & 0xFFFFFFFFL) | ((long) dw1 << 32);
    }

    public boolean isSuccess() {
        return Status.isSuccess(status) && !DriverStatus.isDriverStatus(status);
    }

    /** Linux's errno for the status (0 on success). */
    public int errno() {
        return ErrnoMapping.errno(status);
    }

    @Override
    public String toString() {
        return "AdminCompletion[" + DriverStatus.describe(status) + " dw0=0x" + Integer.toHexString(dw0)
                + " dw1=0x" + Integer.toHexString(dw1) + "]";
    }
}
