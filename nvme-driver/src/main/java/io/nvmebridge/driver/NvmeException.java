package io.nvmebridge.driver;

/**
 * A driver operation failed: one line naming the step and the register values or status involved.
 * {@link #status()} is the NVMe (or {@link DriverStatus}) status when a command failed, else -1.
 */
public class NvmeException extends RuntimeException {
    private final int status;

    public NvmeException(String message) {
        this(message, -1);
    }

    public NvmeException(String message, int status) {
        super(message);
        this.status = status;
    }

    public NvmeException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
    }

    /** The completion status, or -1 when the failure was not a command status. */
    public int status() {
        return status;
    }

    /** The errno for {@link #status()} ({@link Errno#EIO} when there is no status). */
    public int errno() {
        return status < 0 ? Errno.EIO : ErrnoMapping.errno(status);
    }
}
