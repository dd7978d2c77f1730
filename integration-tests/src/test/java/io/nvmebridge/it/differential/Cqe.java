package io.nvmebridge.it.differential;

import io.nvmebridge.spec.Status;

/** One completion queue entry as read back (status without the phase tag). */
record Cqe(int dw0, int dw1, int sqhd, int sqid, int cid, int status) {
    boolean ok() {
        return Status.isSuccess(status);
    }

    /** What two devices must agree on: status (SCT/SC/DNR/M) and DW0. */
    String summary() {
        return Status.describe(status) + " dw0=0x" + Integer.toHexString(dw0);
    }
}
