package io.nvmebridge.bridge.abi;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.bridge.Gcc;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins every io_uring layout constant to what gcc computes from liburing-dev's Linux header. */
class IoUringAbiTest {
    private static final Map<String, Long> C = new HashMap<>();

    @BeforeAll
    static void dumpHeader(@TempDir Path dir) throws Exception {
        Path exe = Gcc.compile(Gcc.source("abi_dump.c"), dir);
        Gcc.Result r = Gcc.run(List.of(exe.toString()), 30);
        assertThat(r.exit()).isZero();
        for (String line : r.stdout().split("\n")) {
            String[] kv = line.trim().split(" ");
            C.put(kv[0], Long.parseLong(kv[1]));
        }
    }

    private static void same(String cName, long ours) {
        assertThat(C).as("header value " + cName).containsKey(cName);
        assertThat(ours).as(cName).isEqualTo(C.get(cName));
    }

    @Test
    void sqeLayoutMatchesHeader() {
        same("io_uring_sqe.SIZE", IoUringSqe.SIZE);
        same("io_uring_sqe.opcode", IoUringSqe.OPCODE);
        same("io_uring_sqe.flags", IoUringSqe.FLAGS);
        same("io_uring_sqe.ioprio", IoUringSqe.IOPRIO);
        same("io_uring_sqe.fd", IoUringSqe.FD);
        same("io_uring_sqe.off", IoUringSqe.OFF);
        same("io_uring_sqe.addr2", IoUringSqe.ADDR2);
        same("io_uring_sqe.cmd_op", IoUringSqe.CMD_OP);
        same("io_uring_sqe.__pad1", IoUringSqe.PAD1);
        same("io_uring_sqe.addr", IoUringSqe.ADDR);
        same("io_uring_sqe.len", IoUringSqe.LEN);
        same("io_uring_sqe.rw_flags", IoUringSqe.RW_FLAGS);
        same("io_uring_sqe.fsync_flags", IoUringSqe.FSYNC_FLAGS);
        same("io_uring_sqe.uring_cmd_flags", IoUringSqe.URING_CMD_FLAGS);
        same("io_uring_sqe.user_data", IoUringSqe.USER_DATA);
        same("io_uring_sqe.buf_index", IoUringSqe.BUF_INDEX);
        same("io_uring_sqe.buf_group", IoUringSqe.BUF_GROUP);
        same("io_uring_sqe.personality", IoUringSqe.PERSONALITY);
        same("io_uring_sqe.splice_fd_in", IoUringSqe.SPLICE_FD_IN);
        same("io_uring_sqe.file_index", IoUringSqe.FILE_INDEX);
        same("io_uring_sqe.addr3", IoUringSqe.ADDR3);
        same("io_uring_sqe.__pad2", IoUringSqe.PAD2);
        same("io_uring_sqe.cmd", IoUringSqe.CMD);
        assertThat(IoUringSqe.CMD + IoUringSqe.CMD_SIZE).isEqualTo(IoUringSqe.SIZE_128);
        assertThat(IoUringSqe.SIZE_128).isEqualTo(2 * C.get("io_uring_sqe.SIZE"));
    }

    @Test
    void cqeLayoutMatchesHeader() {
        same("io_uring_cqe.SIZE", IoUringCqe.SIZE);
        same("io_uring_cqe.user_data", IoUringCqe.USER_DATA);
        same("io_uring_cqe.res", IoUringCqe.RES);
        same("io_uring_cqe.flags", IoUringCqe.FLAGS);
        same("io_uring_cqe.big_cqe", IoUringCqe.BIG_CQE);
        assertThat(IoUringCqe.SIZE_32).isEqualTo(2 * C.get("io_uring_cqe.SIZE"));
    }

    @Test
    void ringOffsetStructsMatchHeader() {
        same("io_sqring_offsets.SIZE", IoSqringOffsets.SIZE);
        same("io_sqring_offsets.head", IoSqringOffsets.HEAD);
        same("io_sqring_offsets.tail", IoSqringOffsets.TAIL);
        same("io_sqring_offsets.ring_mask", IoSqringOffsets.RING_MASK);
        same("io_sqring_offsets.ring_entries", IoSqringOffsets.RING_ENTRIES);
        same("io_sqring_offsets.flags", IoSqringOffsets.FLAGS);
        same("io_sqring_offsets.dropped", IoSqringOffsets.DROPPED);
        same("io_sqring_offsets.array", IoSqringOffsets.ARRAY);
        same("io_sqring_offsets.resv1", IoSqringOffsets.RESV1);
        same("io_sqring_offsets.resv2", IoSqringOffsets.USER_ADDR);
        same("io_cqring_offsets.SIZE", IoCqringOffsets.SIZE);
        same("io_cqring_offsets.head", IoCqringOffsets.HEAD);
        same("io_cqring_offsets.tail", IoCqringOffsets.TAIL);
        same("io_cqring_offsets.ring_mask", IoCqringOffsets.RING_MASK);
        same("io_cqring_offsets.ring_entries", IoCqringOffsets.RING_ENTRIES);
        same("io_cqring_offsets.overflow", IoCqringOffsets.OVERFLOW);
        same("io_cqring_offsets.cqes", IoCqringOffsets.CQES);
        same("io_cqring_offsets.flags", IoCqringOffsets.FLAGS);
        same("io_cqring_offsets.resv1", IoCqringOffsets.RESV1);
        same("io_cqring_offsets.resv2", IoCqringOffsets.USER_ADDR);
    }

    @Test
    void paramsLayoutMatchesHeader() {
        same("io_uring_params.SIZE", IoUringParams.SIZE);
        same("io_uring_params.sq_entries", IoUringParams.SQ_ENTRIES);
        same("io_uring_params.cq_entries", IoUringParams.CQ_ENTRIES);
        same("io_uring_params.flags", IoUringParams.FLAGS);
        same("io_uring_params.sq_thread_cpu", IoUringParams.SQ_THREAD_CPU);
        same("io_uring_params.sq_thread_idle", IoUringParams.SQ_THREAD_IDLE);
        same("io_uring_params.features", IoUringParams.FEATURES);
        same("io_uring_params.wq_fd", IoUringParams.WQ_FD);
        same("io_uring_params.resv", IoUringParams.RESV);
        same("io_uring_params.sq_off", IoUringParams.SQ_OFF);
        same("io_uring_params.cq_off", IoUringParams.CQ_OFF);
    }

    @Test
    void nvmeUringCmdMatchesHeader() {
        same("nvme_uring_cmd.SIZE", NvmeUringCmd.SIZE);
        same("nvme_uring_cmd.opcode", NvmeUringCmd.OPCODE);
        same("nvme_uring_cmd.flags", NvmeUringCmd.FLAGS);
        same("nvme_uring_cmd.rsvd1", NvmeUringCmd.RSVD1);
        same("nvme_uring_cmd.nsid", NvmeUringCmd.NSID);
        same("nvme_uring_cmd.cdw2", NvmeUringCmd.CDW2);
        same("nvme_uring_cmd.cdw3", NvmeUringCmd.CDW3);
        same("nvme_uring_cmd.metadata", NvmeUringCmd.METADATA);
        same("nvme_uring_cmd.addr", NvmeUringCmd.ADDR);
        same("nvme_uring_cmd.metadata_len", NvmeUringCmd.METADATA_LEN);
        same("nvme_uring_cmd.data_len", NvmeUringCmd.DATA_LEN);
        same("nvme_uring_cmd.cdw10", NvmeUringCmd.CDW10);
        same("nvme_uring_cmd.cdw11", NvmeUringCmd.CDW11);
        same("nvme_uring_cmd.cdw12", NvmeUringCmd.CDW12);
        same("nvme_uring_cmd.cdw13", NvmeUringCmd.CDW13);
        same("nvme_uring_cmd.cdw14", NvmeUringCmd.CDW14);
        same("nvme_uring_cmd.cdw15", NvmeUringCmd.CDW15);
        same("nvme_uring_cmd.timeout_ms", NvmeUringCmd.TIMEOUT_MS);
        same("nvme_uring_cmd.rsvd2", NvmeUringCmd.RSVD2);
        same("NVME_URING_CMD_IO", Integer.toUnsignedLong(NvmeUringCmd.NVME_URING_CMD_IO));
        same("NVME_URING_CMD_IO_VEC", Integer.toUnsignedLong(NvmeUringCmd.NVME_URING_CMD_IO_VEC));
        same("NVME_URING_CMD_ADMIN", Integer.toUnsignedLong(NvmeUringCmd.NVME_URING_CMD_ADMIN));
        assertThat(IoUringSqe.CMD + NvmeUringCmd.SIZE).isLessThanOrEqualTo(IoUringSqe.SIZE_128);
    }

    @Test
    void constantsMatchHeader() {
        same("IORING_OP_NOP", IoUring.OP_NOP);
        same("IORING_OP_READV", IoUring.OP_READV);
        same("IORING_OP_WRITEV", IoUring.OP_WRITEV);
        same("IORING_OP_FSYNC", IoUring.OP_FSYNC);
        same("IORING_OP_READ_FIXED", IoUring.OP_READ_FIXED);
        same("IORING_OP_WRITE_FIXED", IoUring.OP_WRITE_FIXED);
        same("IORING_OP_READ", IoUring.OP_READ);
        same("IORING_OP_WRITE", IoUring.OP_WRITE);
        same("IORING_OP_URING_CMD", IoUring.OP_URING_CMD);
        same("IOSQE_FIXED_FILE", IoUring.IOSQE_FIXED_FILE);
        same("IOSQE_IO_DRAIN", IoUring.IOSQE_IO_DRAIN);
        same("IOSQE_IO_LINK", IoUring.IOSQE_IO_LINK);
        same("IOSQE_IO_HARDLINK", IoUring.IOSQE_IO_HARDLINK);
        same("IOSQE_ASYNC", IoUring.IOSQE_ASYNC);
        same("IOSQE_BUFFER_SELECT", IoUring.IOSQE_BUFFER_SELECT);
        same("IOSQE_CQE_SKIP_SUCCESS", IoUring.IOSQE_CQE_SKIP_SUCCESS);
        same("IORING_SETUP_IOPOLL", IoUring.SETUP_IOPOLL);
        same("IORING_SETUP_SQPOLL", IoUring.SETUP_SQPOLL);
        same("IORING_SETUP_SQ_AFF", IoUring.SETUP_SQ_AFF);
        same("IORING_SETUP_CQSIZE", IoUring.SETUP_CQSIZE);
        same("IORING_SETUP_SQE128", IoUring.SETUP_SQE128);
        same("IORING_SETUP_CQE32", IoUring.SETUP_CQE32);
        same("IORING_SETUP_SINGLE_ISSUER", IoUring.SETUP_SINGLE_ISSUER);
        if (C.containsKey("IORING_SETUP_NO_SQARRAY")) {
            same("IORING_SETUP_NO_SQARRAY", IoUring.SETUP_NO_SQARRAY);
        } else {
            // liburing 2.3's header predates it (Linux 6.6); the value is the kernel's 1U << 16.
            assertThat(IoUring.SETUP_NO_SQARRAY).isEqualTo(1 << 16);
        }
        same("IORING_SQ_NEED_WAKEUP", IoUring.SQ_NEED_WAKEUP);
        same("IORING_SQ_CQ_OVERFLOW", IoUring.SQ_CQ_OVERFLOW);
        same("IORING_SQ_TASKRUN", IoUring.SQ_TASKRUN);
        same("IORING_FSYNC_DATASYNC", IoUring.FSYNC_DATASYNC);
        same("IORING_URING_CMD_FIXED", IoUring.URING_CMD_FIXED);
        same("IORING_FEAT_SINGLE_MMAP", IoUring.FEAT_SINGLE_MMAP);
        same("IORING_FEAT_NODROP", IoUring.FEAT_NODROP);
        same("IORING_FEAT_SUBMIT_STABLE", IoUring.FEAT_SUBMIT_STABLE);
        same("IORING_FEAT_CQE_SKIP", IoUring.FEAT_CQE_SKIP);
    }
}
