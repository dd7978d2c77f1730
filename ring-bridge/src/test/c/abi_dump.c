/* Prints sizeof/offsetof of every io_uring ABI field and constant the bridge defines, as "NAME VALUE"
 * lines, compiled against liburing-dev's headers by IoUringAbiTest. */
#include <stdio.h>
#include <stddef.h>
#include <liburing.h>
#include <linux/io_uring.h>
#include <linux/nvme_ioctl.h>

#define P(name, v) printf("%s %lld\n", name, (long long)(v))
#define OFF(t, f) P(#t "." #f, offsetof(struct t, f))
#define SZ(t) P(#t ".SIZE", sizeof(struct t))

int main(void) {
    SZ(io_uring_sqe);
    OFF(io_uring_sqe, opcode); OFF(io_uring_sqe, flags); OFF(io_uring_sqe, ioprio); OFF(io_uring_sqe, fd);
    OFF(io_uring_sqe, off); OFF(io_uring_sqe, addr2); OFF(io_uring_sqe, cmd_op); OFF(io_uring_sqe, __pad1);
    OFF(io_uring_sqe, addr); OFF(io_uring_sqe, len); OFF(io_uring_sqe, rw_flags);
    OFF(io_uring_sqe, fsync_flags); OFF(io_uring_sqe, uring_cmd_flags); OFF(io_uring_sqe, user_data);
    OFF(io_uring_sqe, buf_index); OFF(io_uring_sqe, buf_group); OFF(io_uring_sqe, personality);
    OFF(io_uring_sqe, splice_fd_in); OFF(io_uring_sqe, file_index); OFF(io_uring_sqe, addr3);
    OFF(io_uring_sqe, __pad2); OFF(io_uring_sqe, cmd);
    SZ(io_uring_cqe);
    OFF(io_uring_cqe, user_data); OFF(io_uring_cqe, res); OFF(io_uring_cqe, flags); OFF(io_uring_cqe, big_cqe);
    SZ(io_sqring_offsets);
    OFF(io_sqring_offsets, head); OFF(io_sqring_offsets, tail); OFF(io_sqring_offsets, ring_mask);
    OFF(io_sqring_offsets, ring_entries); OFF(io_sqring_offsets, flags); OFF(io_sqring_offsets, dropped);
    OFF(io_sqring_offsets, array); OFF(io_sqring_offsets, resv1); OFF(io_sqring_offsets, resv2);
    SZ(io_cqring_offsets);
    OFF(io_cqring_offsets, head); OFF(io_cqring_offsets, tail); OFF(io_cqring_offsets, ring_mask);
    OFF(io_cqring_offsets, ring_entries); OFF(io_cqring_offsets, overflow); OFF(io_cqring_offsets, cqes);
    OFF(io_cqring_offsets, flags); OFF(io_cqring_offsets, resv1); OFF(io_cqring_offsets, resv2);
    SZ(io_uring_params);
    OFF(io_uring_params, sq_entries); OFF(io_uring_params, cq_entries); OFF(io_uring_params, flags);
    OFF(io_uring_params, sq_thread_cpu); OFF(io_uring_params, sq_thread_idle); OFF(io_uring_params, features);
    OFF(io_uring_params, wq_fd); OFF(io_uring_params, resv); OFF(io_uring_params, sq_off);
    OFF(io_uring_params, cq_off);
    SZ(nvme_uring_cmd);
    OFF(nvme_uring_cmd, opcode); OFF(nvme_uring_cmd, flags); OFF(nvme_uring_cmd, rsvd1); OFF(nvme_uring_cmd, nsid);
    OFF(nvme_uring_cmd, cdw2); OFF(nvme_uring_cmd, cdw3); OFF(nvme_uring_cmd, metadata); OFF(nvme_uring_cmd, addr);
    OFF(nvme_uring_cmd, metadata_len); OFF(nvme_uring_cmd, data_len); OFF(nvme_uring_cmd, cdw10);
    OFF(nvme_uring_cmd, cdw11); OFF(nvme_uring_cmd, cdw12); OFF(nvme_uring_cmd, cdw13); OFF(nvme_uring_cmd, cdw14);
    OFF(nvme_uring_cmd, cdw15); OFF(nvme_uring_cmd, timeout_ms); OFF(nvme_uring_cmd, rsvd2);
    P("NVME_URING_CMD_IO", (unsigned int)NVME_URING_CMD_IO);
    P("NVME_URING_CMD_IO_VEC", (unsigned int)NVME_URING_CMD_IO_VEC);
    P("NVME_URING_CMD_ADMIN", (unsigned int)NVME_URING_CMD_ADMIN);
    P("IORING_OP_NOP", IORING_OP_NOP); P("IORING_OP_READV", IORING_OP_READV); P("IORING_OP_WRITEV", IORING_OP_WRITEV);
    P("IORING_OP_FSYNC", IORING_OP_FSYNC); P("IORING_OP_READ_FIXED", IORING_OP_READ_FIXED);
    P("IORING_OP_WRITE_FIXED", IORING_OP_WRITE_FIXED); P("IORING_OP_READ", IORING_OP_READ);
    P("IORING_OP_WRITE", IORING_OP_WRITE); P("IORING_OP_URING_CMD", IORING_OP_URING_CMD);
    P("IOSQE_FIXED_FILE", IOSQE_FIXED_FILE); P("IOSQE_IO_DRAIN", IOSQE_IO_DRAIN); P("IOSQE_IO_LINK", IOSQE_IO_LINK);
    P("IOSQE_IO_HARDLINK", IOSQE_IO_HARDLINK); P("IOSQE_ASYNC", IOSQE_ASYNC);
    P("IOSQE_BUFFER_SELECT", IOSQE_BUFFER_SELECT); P("IOSQE_CQE_SKIP_SUCCESS", IOSQE_CQE_SKIP_SUCCESS);
    P("IORING_SETUP_IOPOLL", IORING_SETUP_IOPOLL); P("IORING_SETUP_SQPOLL", IORING_SETUP_SQPOLL);
    P("IORING_SETUP_SQ_AFF", IORING_SETUP_SQ_AFF); P("IORING_SETUP_CQSIZE", IORING_SETUP_CQSIZE);
    P("IORING_SETUP_SQE128", IORING_SETUP_SQE128); P("IORING_SETUP_CQE32", IORING_SETUP_CQE32);
    P("IORING_SETUP_SINGLE_ISSUER", IORING_SETUP_SINGLE_ISSUER);
#ifdef IORING_SETUP_NO_SQARRAY
    P("IORING_SETUP_NO_SQARRAY", IORING_SETUP_NO_SQARRAY);
#endif
    P("IORING_SQ_NEED_WAKEUP", IORING_SQ_NEED_WAKEUP); P("IORING_SQ_CQ_OVERFLOW", IORING_SQ_CQ_OVERFLOW);
    P("IORING_SQ_TASKRUN", IORING_SQ_TASKRUN);
    P("IORING_FSYNC_DATASYNC", IORING_FSYNC_DATASYNC); P("IORING_URING_CMD_FIXED", IORING_URING_CMD_FIXED);
    P("IORING_FEAT_SINGLE_MMAP", IORING_FEAT_SINGLE_MMAP); P("IORING_FEAT_NODROP", IORING_FEAT_NODROP);
    P("IORING_FEAT_SUBMIT_STABLE", IORING_FEAT_SUBMIT_STABLE); P("IORING_FEAT_CQE_SKIP", IORING_FEAT_CQE_SKIP);
    return 0;
}
