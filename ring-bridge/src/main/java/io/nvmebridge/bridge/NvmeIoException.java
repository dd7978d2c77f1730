package io.nvmebridge.bridge;

import java.io.IOException;

/** A request completed with {@code -errno} (or, for passthrough, an NVMe status). */
public final class NvmeIoException extends IOException {
    private final int res;

    public NvmeIoException(String what, int res) {
        super(what + " failed: " + (res < 0 ? "errno " + -res : "NVMe status 0x" + Integer.toHexString(res)));
        this.res = res;
    }

    /** The CQE's res. */
    public int res() {
        return res;
    }
}
