package io.nvmebridge.qemu.guest;

/**
 * One depth of the Linux guest baseline: 4 KiB random reads with io_uring + O_DIRECT on the guest's
 * /dev/nvme0n1 (Linux's own nvme driver on QEMU's controller).
 *
 * @param depth    requests kept in flight
 * @param ios      reads completed
 * @param elapsedNanos how long the depth ran, in the guest's clock
 * @param iops     reads per second
 * @param p50Nanos median latency (submission to completion, in the guest)
 * @param p99Nanos 99th percentile latency
 */
public record GuestResult(int depth, long ios, long elapsedNanos, double iops, long p50Nanos, long p99Nanos) {
}
