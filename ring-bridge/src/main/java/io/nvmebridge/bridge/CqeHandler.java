package io.nvmebridge.bridge;

/** Receives CQEs from {@link Ring#forEachCqe}; a long-lived object, so reaping allocates nothing. */
@FunctionalInterface
public interface CqeHandler {
    /**
     * @param userData the SQE's user_data
     * @param res      bytes transferred or 0 on success, -errno on failure (passthrough: NVMe status &gt; 0)
     * @param flags    IORING_CQE_F_* (always 0 here)
     * @param big0     CQE32's big_cqe[0] (passthrough: the NVMe command's 64-bit result), else 0
     */
    void accept(long userData, int res, int flags, long big0);
}
