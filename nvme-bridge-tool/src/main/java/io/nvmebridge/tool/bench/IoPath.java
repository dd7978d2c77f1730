package io.nvmebridge.tool.bench;

/** The forwarding paths a benchmark can take from the application to the NVMe queue. */
public enum IoPath {
    /** io_uring READ_FIXED/WRITE_FIXED on a ring; the submitting thread forwards (no SQPOLL). */
    inline("ring, submitter forwards, registered buffers"),
    /** The same SQEs, forwarded by the bridge's polling thread (IORING_SETUP_SQPOLL). */
    sqpoll("ring, bridge thread polls the SQ"),
    /** IORING_OP_URING_CMD carrying struct nvme_uring_cmd (SQE128/CQE32), forwarded inline. */
    passthru("ring, NVMe passthrough commands"),
    /** READ/WRITE on memory the device cannot address: bounce buffers and one copy per I/O. */
    copy("ring, bounce buffers"),
    /** The CompletableFuture layer over an inline ring: one future per I/O. */
    async("CompletableFuture per I/O over a ring"),
    /** The driver's queue pair directly, no ring: what the bridge adds is the difference. */
    driver("driver queue pair, no ring");

    private final String description;

    IoPath(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
