/*
 * Kernel io_uring NOP rate, the yardstick for the bridge's benchmark: NOPs submitted and reaped in
 * batches of BATCH through liburing, for SECONDS seconds.
 *
 *   gcc -O2 -o uring_nop_bench uring_nop_bench.c -luring
 *   ./uring_nop_bench BATCH SECONDS      prints "nop batch=B ops=N seconds=S ops_per_sec=R"
 *
 * Exit status 3 when io_uring_setup fails (e.g. a sandbox forbids io_uring), with the errno printed.
 */
#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int batch = argc > 1 ? atoi(argv[1]) : 32;
	double seconds = argc > 2 ? atof(argv[2]) : 2.0;
	struct io_uring ring;
	int r = io_uring_queue_init(64, &ring, 0);
	if (r < 0) {
		printf("io_uring_setup failed: %s (errno %d)\n", strerror(-r), -r);
		return 3;
	}
	long ops = 0;
	double start = now(), end = start + seconds;
	while (1) {
		for (int i = 0; i < 256; i++) {
			for (int b = 0; b < batch; b++)
				io_uring_prep_nop(io_uring_get_sqe(&ring));
			io_uring_submit_and_wait(&ring, batch);
			struct io_uring_cqe *cqe;
			unsigned head, seen = 0;
			io_uring_for_each_cqe(&ring, head, cqe) {
				seen++;
			}
			io_uring_cq_advance(&ring, seen);
			ops += seen;
		}
		if (now() >= end)
			break;
	}
	double el = now() - start;
	printf("nop batch=%d ops=%ld seconds=%.3f ops_per_sec=%.0f\n", batch, ops, el, ops / el);
	io_uring_queue_exit(&ring);
	return 0;
}
