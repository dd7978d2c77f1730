/*
 * Linux guest baseline: 4 KiB random reads with io_uring and O_DIRECT on a block device, keeping DEPTH
 * requests in flight for SECONDS, once per depth given. Built static (gcc -static ... -luring) and run as
 * part of the guest's /init under QEMU.
 *
 *   nvme_randread DEVICE SECONDS DEPTH [DEPTH...]
 *
 * Prints one machine-readable line per depth on stdout (the serial console):
 *   NVB-GUEST-RESULT depth=D ios=N ns=ELAPSED iops=I p50=NS p99=NS
 * and on a failure
 *   NVB-GUEST-ERROR <what failed>: <strerror>
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/fs.h>

#define BLOCK 4096u
#define MAX_DEPTH 256u
#define MAX_SAMPLES (1u << 20)

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void) { /* xorshift64: cheap and good enough to scatter offsets */
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t samples[MAX_SAMPLES];

static int fail(const char *what, int err) {
    printf("NVB-GUEST-ERROR %s: %s\n", what, strerror(err));
    fflush(stdout);
    return 1;
}

static int run_depth(int fd, uint64_t blocks, unsigned depth, double seconds, char *buffers) {
    struct io_uring ring;
    int r = io_uring_queue_init(depth, &ring, 0);
    if (r < 0) {
        return fail("io_uring_queue_init", -r);
    }
    uint64_t started[MAX_DEPTH];
    uint64_t ios = 0;
    size_t nsamples = 0;
    uint64_t t0 = now_ns();
    uint64_t end = t0 + (uint64_t)(seconds * 1e9);
    unsigned inflight = 0;
    int stop = 0;
    for (unsigned slot = 0; slot < depth; slot++) {
        struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
        io_uring_prep_read(sqe, fd, buffers + (size_t)slot * BLOCK, BLOCK, (next_rand() % blocks) * BLOCK);
        io_uring_sqe_set_data64(sqe, slot);
        started[slot] = now_ns();
        inflight++;
    }
    io_uring_submit(&ring);
    while (inflight > 0) {
        struct io_uring_cqe *cqe;
        r = io_uring_wait_cqe(&ring, &cqe);
        if (r < 0) {
            return fail("io_uring_wait_cqe", -r);
        }
        uint64_t now = now_ns();
        unsigned slot = (unsigned)io_uring_cqe_get_data64(cqe);
        if (cqe->res != (int)BLOCK) {
            return fail("read", cqe->res < 0 ? -cqe->res : EIO);
        }
        io_uring_cqe_seen(&ring, cqe);
        inflight--;
        ios++;
        if (nsamples < MAX_SAMPLES) {
            samples[nsamples++] = now - started[slot];
        }
        stop = stop || now >= end;
        if (!stop) {
            struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
            io_uring_prep_read(sqe, fd, buffers + (size_t)slot * BLOCK, BLOCK, (next_rand() % blocks) * BLOCK);
            io_uring_sqe_set_data64(sqe, slot);
            started[slot] = now_ns();
            inflight++;
            io_uring_submit(&ring);
        }
    }
    uint64_t elapsed = now_ns() - t0;
    io_uring_queue_exit(&ring);
    qsort(samples, nsamples, sizeof samples[0], cmp_u64);
    uint64_t p50 = nsamples ? samples[nsamples / 2] : 0;
    uint64_t p99 = nsamples ? samples[(size_t)(nsamples * 0.99)] : 0;
    printf("NVB-GUEST-RESULT depth=%u ios=%llu ns=%llu iops=%.0f p50=%llu p99=%llu\n", depth,
           (unsigned long long)ios, (unsigned long long)elapsed, ios * 1e9 / (double)elapsed,
           (unsigned long long)p50, (unsigned long long)p99);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: nvme_randread DEVICE SECONDS DEPTH [DEPTH...]\n");
        return 2;
    }
    double seconds = atof(argv[2]);
    int fd = open(argv[1], O_RDONLY | O_DIRECT);
    if (fd < 0) {
        return fail(argv[1], errno);
    }
    uint64_t bytes = 0;
    if (ioctl(fd, BLKGETSIZE64, &bytes) != 0) {
        return fail("BLKGETSIZE64", errno);
    }
    uint64_t blocks = bytes / BLOCK;
    if (blocks == 0 || seconds <= 0) {
        return fail("device size or seconds", EINVAL);
    }
    char *buffers;
    if (posix_memalign((void **)&buffers, BLOCK, (size_t)MAX_DEPTH * BLOCK) != 0) {
        return fail("posix_memalign", ENOMEM);
    }
    printf("NVB-GUEST-DEVICE %s bytes=%llu\n", argv[1], (unsigned long long)bytes);
    for (int i = 3; i < argc; i++) {
        unsigned depth = (unsigned)atoi(argv[i]);
        if (depth < 1 || depth > MAX_DEPTH) {
            return fail("depth", EINVAL);
        }
        if (run_depth(fd, blocks, depth, seconds, buffers) != 0) {
            return 1;
        }
    }
    close(fd);
    return 0;
}
