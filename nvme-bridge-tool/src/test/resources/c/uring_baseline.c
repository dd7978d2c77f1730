/*
 * The liburing twin of nvme-bridge's FFM kernel baseline (KernelUringBaseline, KernelIoUring), kept only
 * so that a test can cross-check the two: the main job needs no compiler and no liburing. Built by the
 * test with gcc and liburing-dev's headers.
 *
 *   uring_baseline nop       DEPTH SECONDS
 *   uring_baseline read      DEPTH SECONDS FILE BS [direct]
 *   uring_baseline nop-batch BATCH SECONDS
 *   uring_baseline params    ENTRIES               io_uring_params as liburing's setup leaves them
 *   uring_baseline read-sum  FILE BS COUNT         COUNT random reads (the baseline's xorshift offsets),
 *                                                  8 in flight; FNV-1a over the blocks in offset order
 *
 * Prints one line starting with ios=: ios=N seconds=S cpu_ns=C errors=E p50=.. p90=.. p99=.. p999=.. max=..
 * (latencies in ns; nop-batch prints none; params and read-sum print their own fields after ios=).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_SAMPLES (4u << 20)

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static uint64_t cpu_ns(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (uint64_t)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000000000ull
         + (uint64_t)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1000ull;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/*
 * nop-batch: BATCH NOPs prepared, submitted with one io_uring_submit_and_wait for all of them, all reaped,
 * repeated, nothing else in flight: the shape of ring-bench's batches, so the ratios compare like with
 * like. The clock is read once per 64 batches so that reading it does not weigh on batch 1.
 */
static int nop_batches(unsigned batch, double seconds) {
    struct io_uring ring;
    int ret = io_uring_queue_init(batch < 8 ? 8 : batch, &ring, 0);
    if (ret < 0) {
        fprintf(stderr, "uring_baseline: io_uring_queue_init: %s\n", strerror(-ret));
        return 1;
    }
    uint64_t ios = 0, errors = 0;
    uint64_t t0 = now_ns(), c0 = cpu_ns(), t1;
    uint64_t end = t0 + (uint64_t)(seconds * 1e9);
    do {
        for (int k = 0; k < 64; k++) {
            for (unsigned i = 0; i < batch; i++) io_uring_prep_nop(io_uring_get_sqe(&ring));
            ret = io_uring_submit_and_wait(&ring, batch);
            if (ret < 0 && ret != -EINTR) {
                fprintf(stderr, "uring_baseline: submit: %s\n", strerror(-ret));
                return 1;
            }
            unsigned got = 0;
            while (got < batch) {
                struct io_uring_cqe *cqe;
                unsigned head, n = 0;
                io_uring_for_each_cqe(&ring, head, cqe) {
                    if (cqe->res < 0) errors++;
                    n++;
                }
                io_uring_cq_advance(&ring, n);
                got += n;
                if (got < batch && (ret = io_uring_wait_cqe(&ring, &cqe)) < 0 && ret != -EINTR) {
                    fprintf(stderr, "uring_baseline: wait: %s\n", strerror(-ret));
                    return 1;
                }
            }
            ios += got;
        }
        t1 = now_ns();
    } while (t1 < end);
    uint64_t c1 = cpu_ns();
    printf("ios=%llu seconds=%.6f cpu_ns=%llu errors=%llu\n", (unsigned long long)ios, (double)(t1 - t0) / 1e9,
           (unsigned long long)(c1 - c0), (unsigned long long)errors);
    io_uring_queue_exit(&ring);
    return errors ? 1 : 0;
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* params: what io_uring_queue_init_params returns for ENTRIES (flags 0) */
static int print_params(unsigned entries) {
    struct io_uring ring;
    struct io_uring_params p;
    memset(&p, 0, sizeof(p));
    int ret = io_uring_queue_init_params(entries, &ring, &p);
    if (ret < 0) {
        fprintf(stderr, "uring_baseline: io_uring_queue_init_params: %s\n", strerror(-ret));
        return 1;
    }
    printf("ios=0 sq_entries=%u cq_entries=%u features=%u sq_head=%u sq_tail=%u sq_ring_mask=%u "
           "sq_ring_entries=%u sq_flags=%u sq_dropped=%u sq_array=%u cq_head=%u cq_tail=%u cq_ring_mask=%u "
           "cq_ring_entries=%u cq_overflow=%u cq_cqes=%u cq_flags=%u\n",
           p.sq_entries, p.cq_entries, p.features, p.sq_off.head, p.sq_off.tail, p.sq_off.ring_mask,
           p.sq_off.ring_entries, p.sq_off.flags, p.sq_off.dropped, p.sq_off.array, p.cq_off.head, p.cq_off.tail,
           p.cq_off.ring_mask, p.cq_off.ring_entries, p.cq_off.overflow, p.cq_off.cqes, p.cq_off.flags);
    io_uring_queue_exit(&ring);
    return 0;
}

/* read-sum: COUNT reads at the baseline's random offsets, 8 in flight, hashed in the order drawn
   (each group of 8 lands in slots 0..7 whatever order it completes in) */
static int read_sum(const char *path, size_t bs, unsigned count) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "uring_baseline: open %s: %s\n", path, strerror(errno));
        return 1;
    }
    struct stat st;
    fstat(fd, &st);
    uint64_t blocks = (uint64_t)st.st_size / bs;
    char *buf = NULL;
    if (blocks == 0 || posix_memalign((void **)&buf, 4096, bs * 8) != 0) return 1;
    struct io_uring ring;
    if (io_uring_queue_init(8, &ring, 0) < 0) return 1;
    uint64_t hash = 14695981039346656037ull, errors = 0;
    for (unsigned done = 0; done < count;) {
        unsigned n = count - done < 8 ? count - done : 8;
        for (unsigned i = 0; i < n; i++) {
            uint64_t off = (next_rand() % blocks) * bs;
            struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
            io_uring_prep_read(sqe, fd, buf + i * bs, (unsigned)bs, off);
            io_uring_sqe_set_data64(sqe, i);
        }
        io_uring_submit_and_wait(&ring, n);
        for (unsigned got = 0; got < n;) {
            struct io_uring_cqe *cqe;
            if (io_uring_wait_cqe(&ring, &cqe) < 0) return 1;
            if ((size_t)cqe->res != bs) errors++;
            io_uring_cqe_seen(&ring, cqe);
            got++;
        }
        for (size_t i = 0; i < (size_t)n * bs; i++) {
            hash = (hash ^ (unsigned char)buf[i]) * 1099511628211ull;
        }
        done += n;
    }
    printf("ios=%u errors=%llu fnv1a=%llu\n", count, (unsigned long long)errors, (unsigned long long)hash);
    io_uring_queue_exit(&ring);
    return errors ? 1 : 0;
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "params") == 0) {
        return print_params((unsigned)atoi(argv[2]));
    }
    if (argc >= 5 && strcmp(argv[1], "read-sum") == 0) {
        return read_sum(argv[2], (size_t)atol(argv[3]), (unsigned)atoi(argv[4]));
    }
    if (argc < 4) {
        fprintf(stderr, "usage: uring_baseline nop|read|nop-batch DEPTH SECONDS [FILE BS [direct]]\n");
        return 2;
    }
    if (strcmp(argv[1], "nop-batch") == 0) {
        int batch = atoi(argv[2]);
        double secs = atof(argv[3]);
        if (batch < 1 || batch > 4096 || secs <= 0) {
            fprintf(stderr, "uring_baseline: bad arguments\n");
            return 2;
        }
        return nop_batches((unsigned)batch, secs);
    }
    int is_read = strcmp(argv[1], "read") == 0;
    unsigned depth = (unsigned)atoi(argv[2]);
    double seconds = atof(argv[3]);
    if (depth < 1 || depth > 4096 || seconds <= 0 || (is_read && argc < 6)) {
        fprintf(stderr, "uring_baseline: bad arguments\n");
        return 2;
    }
    int fd = -1;
    size_t bs = 4096;
    uint64_t blocks = 0;
    char *buffers = NULL;
    if (is_read) {
        int direct = argc > 6 && strcmp(argv[6], "direct") == 0;
        fd = open(argv[4], O_RDONLY | (direct ? O_DIRECT : 0));
        if (fd < 0) {
            fprintf(stderr, "uring_baseline: open %s: %s\n", argv[4], strerror(errno));
            return 1;
        }
        bs = (size_t)atol(argv[5]);
        struct stat st;
        fstat(fd, &st);
        blocks = (uint64_t)st.st_size / bs;
        if (blocks == 0) {
            fprintf(stderr, "uring_baseline: %s is smaller than one block\n", argv[4]);
            return 1;
        }
        if (posix_memalign((void **)&buffers, 4096, bs * depth) != 0) {
            return 1;
        }
    }
    struct io_uring ring;
    int ret = io_uring_queue_init(depth < 8 ? 8 : depth * 2, &ring, 0);
    if (ret < 0) {
        fprintf(stderr, "uring_baseline: io_uring_queue_init: %s\n", strerror(-ret));
        return 1;
    }
    uint64_t *samples = malloc(sizeof(uint64_t) * MAX_SAMPLES);
    uint64_t *start = calloc(depth, sizeof(uint64_t));
    unsigned *free_slots = malloc(sizeof(unsigned) * depth);
    unsigned free_top = depth;
    for (unsigned i = 0; i < depth; i++) free_slots[i] = depth - 1 - i;
    uint64_t ios = 0, nsamples = 0, errors = 0, maxlat = 0;
    uint64_t t0 = now_ns(), c0 = cpu_ns();
    uint64_t end = t0 + (uint64_t)(seconds * 1e9);
    unsigned inflight = 0;
    int stopping = 0;
    while (!stopping || inflight > 0) {
        uint64_t t = now_ns();
        if (t >= end) stopping = 1;
        if (stopping && inflight == 0) break;
        if (!stopping) {
            while (free_top > 0) {
                struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
                if (!sqe) break;
                unsigned slot = free_slots[--free_top];
                if (is_read) {
                    uint64_t off = (next_rand() % blocks) * bs;
                    io_uring_prep_read(sqe, fd, buffers + (size_t)slot * bs, (unsigned)bs, off);
                } else {
                    io_uring_prep_nop(sqe);
                }
                io_uring_sqe_set_data64(sqe, slot);
                start[slot] = t;
                inflight++;
            }
        }
        ret = io_uring_submit_and_wait(&ring, 1);
        if (ret < 0 && ret != -EINTR) {
            fprintf(stderr, "uring_baseline: submit: %s\n", strerror(-ret));
            return 1;
        }
        struct io_uring_cqe *cqe;
        unsigned head, n = 0;
        uint64_t done = now_ns();
        io_uring_for_each_cqe(&ring, head, cqe) {
            unsigned slot = (unsigned)cqe->user_data;
            if (cqe->res < 0 || (is_read && (size_t)cqe->res != bs)) errors++;
            uint64_t lat = done - start[slot];
            if (!stopping || done < end) {
                ios++;
                if (nsamples < MAX_SAMPLES) samples[nsamples++] = lat;
                if (lat > maxlat) maxlat = lat;
            }
            free_slots[free_top++] = slot;
            n++;
        }
        io_uring_cq_advance(&ring, n);
        inflight -= n;
    }
    uint64_t t1 = now_ns(), c1 = cpu_ns();
    qsort(samples, nsamples, sizeof(uint64_t), cmp_u64);
#define PCT(p) (nsamples ? samples[(uint64_t)((p) / 100.0 * (nsamples - 1))] : 0)
    printf("ios=%llu seconds=%.6f cpu_ns=%llu errors=%llu p50=%llu p90=%llu p99=%llu p999=%llu max=%llu\n",
           (unsigned long long)ios, (double)(end < t1 ? end - t0 : t1 - t0) / 1e9, (unsigned long long)(c1 - c0),
           (unsigned long long)errors, (unsigned long long)PCT(50), (unsigned long long)PCT(90),
           (unsigned long long)PCT(99), (unsigned long long)PCT(99.9), (unsigned long long)maxlat);
    io_uring_queue_exit(&ring);
    return errors ? 1 : 0;
}
