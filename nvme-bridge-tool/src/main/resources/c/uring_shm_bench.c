/*
 * ring-bench's client of an nvme-bridge shared-memory ring file (nvme-bridge serve): 4 KiB random reads
 * of namespace NSID in batches of BATCH, for WARMUP seconds unmeasured (the server's JIT), then SECONDS
 * measured. liburing's own structures and io_uring_prep_read on the mapped SQEs; no kernel io_uring.
 * In this mode an SQE's addr is a byte offset into the file's data area. Built on first use with gcc and
 * liburing-dev's headers.
 *
 *   uring_shm_bench RING_FILE NSID BLOCKS BATCH WARMUP SECONDS
 *
 * BLOCKS: the namespace's size in 4 KiB blocks (offsets are drawn from it). Prints one line
 * ios=N seconds=S cpu_ns=C errors=0 (cpu_ns: this process only). A CQE whose res is not 4096 ends the
 * run with a message on stderr and exit status 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 4096
#define STATE_SERVING 1
/*
 * Polling rounds (each a pause instruction) per sched_yield while waiting: the server's thread may need this
 * very core, but a yield is a system call, too slow to make on every round when each has a core of its own.
 */
#define SPINS_PER_YIELD 64
/* no CQE for this long while the ring still says "serving": give up rather than hang */
#define STALL_NS (10ull * 1000000000ull)

/* The ring file header (little-endian, version 1), as in ring-bridge's SharedRingFile. */
struct ring_file_header {
    char magic[8];
    uint32_t version;
    uint32_t header_size;
    uint64_t sq_ring_off;
    uint64_t cq_ring_off;
    uint64_t sqes_off;
    uint64_t data_off;
    uint64_t data_size;
    uint32_t state;
    uint32_t reserved;
    struct io_uring_params p;
};

struct shm_ring {
    struct ring_file_header *h;
    unsigned *sq_head, *sq_tail, *sq_mask, *sq_flags, *sq_array;
    struct io_uring_sqe *sqes;
    unsigned sq_local_tail;
    unsigned *cq_head, *cq_tail, *cq_mask;
    struct io_uring_cqe *cqes;
};

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

static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int ring_open(struct shm_ring *r, const char *path) {
    int fd = open(path, O_RDWR);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        fprintf(stderr, "uring_shm_bench: %s: %s\n", path, strerror(errno));
        return -1;
    }
    uint8_t *base = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (base == MAP_FAILED) {
        fprintf(stderr, "uring_shm_bench: mmap %s: %s\n", path, strerror(errno));
        return -1;
    }
    r->h = (struct ring_file_header *)base;
    if (memcmp(r->h->magic, "NVMEBRG1", 8) != 0 || r->h->version != 1) {
        fprintf(stderr, "uring_shm_bench: %s: not a version 1 ring file\n", path);
        return -1;
    }
    if (io_uring_smp_load_acquire(&r->h->state) != STATE_SERVING) {
        fprintf(stderr, "uring_shm_bench: %s: not being served (state %u)\n", path, r->h->state);
        return -1;
    }
    struct io_uring_params *p = &r->h->p;
    uint8_t *sq = base + r->h->sq_ring_off, *cq = base + r->h->cq_ring_off;
    r->sq_head = (unsigned *)(sq + p->sq_off.head);
    r->sq_tail = (unsigned *)(sq + p->sq_off.tail);
    r->sq_mask = (unsigned *)(sq + p->sq_off.ring_mask);
    r->sq_flags = (unsigned *)(sq + p->sq_off.flags);
    r->sq_array = p->sq_off.array ? (unsigned *)(sq + p->sq_off.array) : NULL;
    r->sqes = (struct io_uring_sqe *)(base + r->h->sqes_off);
    r->sq_local_tail = *r->sq_tail;
    r->cq_head = (unsigned *)(cq + p->cq_off.head);
    r->cq_tail = (unsigned *)(cq + p->cq_off.tail);
    r->cq_mask = (unsigned *)(cq + p->cq_off.ring_mask);
    r->cqes = (struct io_uring_cqe *)(cq + p->cq_off.cqes);
    return 0;
}

/* The server left "serving" (stopped, or gave up on a corrupt ring): nothing more will complete. */
static void fail_unless_serving(struct shm_ring *r) {
    unsigned state = io_uring_smp_load_acquire(&r->h->state);
    if (state != STATE_SERVING) {
        fprintf(stderr, "uring_shm_bench: the server left the ring (state %u)\n", state);
        exit(1);
    }
}

/* The next free SQE; the server consumes whole batches, so a full SQ only waits for it to catch up. */
static struct io_uring_sqe *next_sqe(struct shm_ring *r) {
    for (unsigned spins = 1; r->sq_local_tail - io_uring_smp_load_acquire(r->sq_head) > *r->sq_mask; spins++) {
        if (spins % SPINS_PER_YIELD)
            __builtin_ia32_pause();
        else
            sched_yield();
    }
    unsigned idx = r->sq_local_tail & *r->sq_mask;
    if (r->sq_array)
        r->sq_array[idx] = idx;
    r->sq_local_tail++;
    return &r->sqes[idx];
}

static void submit(struct shm_ring *r) {
    /* publish the SQEs, then (full barrier) look whether the server's thread went to sleep */
    io_uring_smp_store_release(r->sq_tail, r->sq_local_tail);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (__atomic_load_n(r->sq_flags, __ATOMIC_RELAXED) & IORING_SQ_NEED_WAKEUP)
        syscall(SYS_futex, r->sq_tail, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* Polls the CQ tail until n CQEs arrived, checks each, and hands their slots back. */
static void reap(struct shm_ring *r, unsigned n) {
    unsigned head = *r->cq_head, got = 0, spins = 0;
    uint64_t stall_from = 0;
    while (got < n) {
        unsigned tail = io_uring_smp_load_acquire(r->cq_tail);
        if (tail == head) {
            if (++spins % SPINS_PER_YIELD) {
                __builtin_ia32_pause();
                continue;
            }
            sched_yield();
            if ((spins & 65535) == 0) {
                fail_unless_serving(r);
                uint64_t t = now_ns();
                if (stall_from == 0) {
                    stall_from = t;
                } else if (t - stall_from > STALL_NS) {
                    fprintf(stderr, "uring_shm_bench: no CQE for %llu s\n", STALL_NS / 1000000000ull);
                    exit(1);
                }
            }
            continue;
        }
        spins = 0;
        stall_from = 0;
        for (; head != tail && got < n; head++, got++) {
            struct io_uring_cqe *cqe = &r->cqes[head & *r->cq_mask];
            if (cqe->res != BLOCK) {
                fprintf(stderr, "uring_shm_bench: read %llu completed with res %d, not %d\n",
                        (unsigned long long)cqe->user_data, cqe->res, BLOCK);
                exit(1);
            }
        }
        io_uring_smp_store_release(r->cq_head, head);
    }
}

/* Batches of reads until the clock passes end_ns (read once per 64 batches); returns the reads done. */
static uint64_t run_until(struct shm_ring *r, unsigned nsid, uint64_t blocks, unsigned batch, uint64_t end_ns) {
    uint64_t ios = 0;
    do {
        for (int k = 0; k < 64; k++) {
            for (unsigned i = 0; i < batch; i++) {
                struct io_uring_sqe *sqe = next_sqe(r);
                io_uring_prep_read(sqe, (int)nsid, (void *)(uintptr_t)((uint64_t)i * BLOCK), BLOCK,
                                   (next_rand() % blocks) * BLOCK);
                sqe->user_data = i;
            }
            submit(r);
            reap(r, batch);
            ios += batch;
        }
    } while (now_ns() < end_ns);
    return ios;
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: uring_shm_bench RING_FILE NSID BLOCKS BATCH WARMUP SECONDS\n");
        return 2;
    }
    unsigned nsid = (unsigned)strtoul(argv[2], NULL, 10);
    uint64_t blocks = strtoull(argv[3], NULL, 10);
    int batch = atoi(argv[4]);
    double warmup = atof(argv[5]), seconds = atof(argv[6]);
    if (nsid == 0 || blocks == 0 || batch < 1 || warmup < 0 || seconds <= 0) {
        fprintf(stderr, "uring_shm_bench: bad arguments\n");
        return 2;
    }
    struct shm_ring r;
    if (ring_open(&r, argv[1]))
        return 1;
    if ((unsigned)batch > r.h->p.sq_entries || (uint64_t)batch * BLOCK > r.h->data_size) {
        fprintf(stderr, "uring_shm_bench: batch %d does not fit the ring (%u SQEs, %llu data bytes)\n", batch,
                r.h->p.sq_entries, (unsigned long long)r.h->data_size);
        return 2;
    }
    uint64_t w0 = now_ns();
    run_until(&r, nsid, blocks, (unsigned)batch, w0 + (uint64_t)(warmup * 1e9));
    uint64_t t0 = now_ns(), c0 = cpu_ns();
    uint64_t ios = run_until(&r, nsid, blocks, (unsigned)batch, t0 + (uint64_t)(seconds * 1e9));
    uint64_t t1 = now_ns(), c1 = cpu_ns();
    printf("ios=%llu seconds=%.6f cpu_ns=%llu errors=0\n", (unsigned long long)ios, (double)(t1 - t0) / 1e9,
           (unsigned long long)(c1 - c0));
    return 0;
}
