/*
 * A C client of an nvme-bridge shared-memory ring file, using liburing's own structures and
 * io_uring_prep_* helpers on the mapped file (no kernel io_uring involved).
 *
 *   gcc -O2 -o client client.c          (liburing.h's helpers are inline; -luring not needed)
 *   ./client /dev/shm/ring 1            (ring file, namespace id = the SQE's fd)
 *
 * In this mode an SQE's addr is a byte offset into the file's data area.
 */
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <linux/futex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* The ring file header (little-endian, version 1). */
struct ring_file_header {
	char magic[8];               /* "NVMEBRG1" */
	uint32_t version;            /* 1 */
	uint32_t header_size;
	uint64_t sq_ring_off;        /* file offsets of the regions */
	uint64_t cq_ring_off;
	uint64_t sqes_off;
	uint64_t data_off;
	uint64_t data_size;
	uint32_t state;              /* 0 starting, 1 serving, 2 stopped, 3 failed */
	uint32_t reserved;
	struct io_uring_params p;    /* sq_off / cq_off relative to the ring regions */
};

#define CQ_WAITER (1U << 31)     /* set in the CQ ring flags by a client sleeping on the CQ tail */

struct client_ring {
	struct ring_file_header *h;
	uint8_t *data;
	/* SQ */
	unsigned *sq_head, *sq_tail, *sq_mask, *sq_flags, *sq_array;
	struct io_uring_sqe *sqes;
	unsigned sq_local_tail;
	/* CQ */
	unsigned *cq_head, *cq_tail, *cq_mask, *cq_flags;
	struct io_uring_cqe *cqes;
};

static long futex(unsigned *addr, int op, unsigned val, const struct timespec *ts)
{
	/* shared futexes: the words live in a file mapped by another process */
	return syscall(SYS_futex, addr, op, val, ts, NULL, 0);
}

static int ring_open(struct client_ring *r, const char *path)
{
	int fd = open(path, O_RDWR);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		perror(path);
		return -1;
	}
	uint8_t *base = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (base == MAP_FAILED) {
		perror("mmap");
		return -1;
	}
	r->h = (struct ring_file_header *)base;
	if (memcmp(r->h->magic, "NVMEBRG1", 8) != 0 || r->h->version != 1) {
		fprintf(stderr, "%s: not a version 1 ring file\n", path);
		return -1;
	}
	for (int i = 0; io_uring_smp_load_acquire(&r->h->state) != 1; i++) {
		if (i > 1000) {
			fprintf(stderr, "server not serving\n");
			return -1;
		}
		usleep(10000);
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
	r->cq_flags = (unsigned *)(cq + p->cq_off.flags);
	r->cqes = (struct io_uring_cqe *)(cq + p->cq_off.cqes);
	r->data = base + r->h->data_off;
	return 0;
}

static struct io_uring_sqe *get_sqe(struct client_ring *r)
{
	unsigned head = io_uring_smp_load_acquire(r->sq_head);
	if (r->sq_local_tail - head > *r->sq_mask)
		return NULL;
	unsigned idx = r->sq_local_tail & *r->sq_mask;
	if (r->sq_array)
		r->sq_array[idx] = idx;
	r->sq_local_tail++;
	return &r->sqes[idx];
}

static void submit(struct client_ring *r)
{
	/* publish the SQEs, then (full barrier) look whether the server sleeps */
	io_uring_smp_store_release(r->sq_tail, r->sq_local_tail);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(r->sq_flags, __ATOMIC_RELAXED) & IORING_SQ_NEED_WAKEUP)
		futex(r->sq_tail, FUTEX_WAKE, 1, NULL);
}

/* Waits for one CQE and returns it (the caller calls cqe_seen). */
static struct io_uring_cqe *wait_cqe(struct client_ring *r)
{
	struct timespec slice = {0, 10 * 1000 * 1000};
	for (int i = 0; i < 2000; i++) {
		unsigned head = *r->cq_head;
		unsigned tail = io_uring_smp_load_acquire(r->cq_tail);
		if (head != tail)
			return &r->cqes[head & *r->cq_mask];
		if (i < 100)
			continue;
		if (io_uring_smp_load_acquire(&r->h->state) == 2) {
			fprintf(stderr, "server stopped\n");
			exit(4);
		}
		/* announce, re-check, sleep on the CQ tail; the server wakes us after publishing */
		__atomic_fetch_or(r->cq_flags, CQ_WAITER, __ATOMIC_SEQ_CST);
		if (io_uring_smp_load_acquire(r->cq_tail) != head)
			continue;
		futex(r->cq_tail, FUTEX_WAIT, tail, &slice);
	}
	fprintf(stderr, "timed out waiting for a CQE\n");
	exit(3);
}

static void cqe_seen(struct client_ring *r)
{
	io_uring_smp_store_release(r->cq_head, *r->cq_head + 1);
}

static int run(struct client_ring *r, struct io_uring_sqe *sqe, uint64_t user_data, int expect)
{
	sqe->user_data = user_data;
	submit(r);
	struct io_uring_cqe *cqe = wait_cqe(r);
	int res = cqe->res;
	uint64_t ud = cqe->user_data;
	cqe_seen(r);
	if (ud != user_data || res != expect) {
		fprintf(stderr, "user_data %llu: res %d (want %d), user_data back %llu\n",
			(unsigned long long)user_data, res, expect, (unsigned long long)ud);
		return 1;
	}
	printf("ok %llu res=%d\n", (unsigned long long)user_data, res);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s RING_FILE NSID\n", argv[0]);
		return 2;
	}
	struct client_ring r;
	if (ring_open(&r, argv[1]))
		return 2;
	int nsid = atoi(argv[2]);
	int fails = 0;

	/* write 8 KiB from data offset 0 to namespace byte 0 */
	for (int i = 0; i < 8192; i++)
		r.data[i] = (uint8_t)(i * 7 + 3);
	struct io_uring_sqe *sqe = get_sqe(&r);
	io_uring_prep_write(sqe, nsid, (void *)(uintptr_t)0, 8192, 0);
	fails += run(&r, sqe, 1, 8192);

	/* read it back to data offset 8192 */
	memset(r.data + 8192, 0, 8192);
	sqe = get_sqe(&r);
	io_uring_prep_read(sqe, nsid, (void *)(uintptr_t)8192, 8192, 0);
	fails += run(&r, sqe, 2, 8192);
	if (memcmp(r.data, r.data + 8192, 8192) != 0) {
		fprintf(stderr, "read data differs from written data\n");
		fails++;
	}

	/* readv into two 4 KiB pieces; the iovec array lives in the data area, bases are data offsets */
	struct iovec *iov = (struct iovec *)(r.data + 16384);
	iov[0].iov_base = (void *)(uintptr_t)20480;
	iov[0].iov_len = 4096;
	iov[1].iov_base = (void *)(uintptr_t)24576;
	iov[1].iov_len = 4096;
	memset(r.data + 20480, 0, 8192);
	sqe = get_sqe(&r);
	io_uring_prep_readv(sqe, nsid, (const struct iovec *)(uintptr_t)16384, 2, 0);
	fails += run(&r, sqe, 3, 8192);
	if (memcmp(r.data, r.data + 20480, 8192) != 0) {
		fprintf(stderr, "readv data differs\n");
		fails++;
	}

	/* fsync (NVMe Flush) and a NOP */
	sqe = get_sqe(&r);
	io_uring_prep_fsync(sqe, nsid, IORING_FSYNC_DATASYNC);
	fails += run(&r, sqe, 4, 0);
	sqe = get_sqe(&r);
	io_uring_prep_nop(sqe);
	fails += run(&r, sqe, 5, 0);

	/* a buffer reaching past the data area: -EFAULT, the device never touches it */
	sqe = get_sqe(&r);
	io_uring_prep_read(sqe, nsid, (void *)(uintptr_t)(r.h->data_size - 4096), 8192, 0);
	fails += run(&r, sqe, 6, -EFAULT);

	/* an unknown namespace: -EBADF */
	sqe = get_sqe(&r);
	io_uring_prep_read(sqe, nsid + 1000, (void *)(uintptr_t)0, 4096, 0);
	fails += run(&r, sqe, 7, -EBADF);

	printf(fails ? "FAILED %d\n" : "ALL OK\n", fails);
	return fails ? 1 : 0;
}
