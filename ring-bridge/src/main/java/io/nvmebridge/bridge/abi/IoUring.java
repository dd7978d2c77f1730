package io.nvmebridge.bridge.abi;

/** io_uring constants as Linux's {@code <linux/io_uring.h>} defines them. */
public final class IoUring {
    // Opcodes (enum io_uring_op).
    public static final int OP_NOP = 0;
    public static final int OP_READV = 1;
    public static final int OP_WRITEV = 2;
    public static final int OP_FSYNC = 3;
    public static final int OP_READ_FIXED = 4;
    public static final int OP_WRITE_FIXED = 5;
    public static final int OP_READ = 22;
    public static final int OP_WRITE = 23;
    public static final int OP_URING_CMD = 46;

    // SQE flags (IOSQE_*).
    public static final int IOSQE_FIXED_FILE = 1;
    public static final int IOSQE_IO_DRAIN = 1 << 1;
    public static final int IOSQE_IO_LINK = 1 << 2;
    public static final int IOSQE_IO_HARDLINK = 1 << 3;
    public static final int IOSQE_ASYNC = 1 << 4;
    public static final int IOSQE_BUFFER_SELECT = 1 << 5;
    public static final int IOSQE_CQE_SKIP_SUCCESS = 1 << 6;

    // Setup flags (IORING_SETUP_*).
    public static final int SETUP_IOPOLL = 1;
    public static final int SETUP_SQPOLL = 1 << 1;
    public static final int SETUP_SQ_AFF = 1 << 2;
    public static final int SETUP_CQSIZE = 1 << 3;
    public static final int SETUP_SINGLE_ISSUER = 1 << 12;
    public static final int SETUP_SQE128 = 1 << 10;
    public static final int SETUP_CQE32 = 1 << 11;
    /** No SQ index array: SQE i is at ring position i (newer kernels; absent from liburing 2.3's header). */
    public static final int SETUP_NO_SQARRAY = 1 << 16;

    // SQ ring flags (IORING_SQ_*).
    public static final int SQ_NEED_WAKEUP = 1;
    public static final int SQ_CQ_OVERFLOW = 1 << 1;
    public static final int SQ_TASKRUN = 1 << 2;

    /**
     * CQ ring flag of this project (not Linux's): a client sleeping on the CQ tail futex sets it; the
     * server wakes the futex after publishing CQEs when it is set. Linux's own CQ flag is bit 0
     * (IORING_CQ_EVENTFD_DISABLED); bit 31 is unused there.
     */
    public static final int CQ_WAITER = 1 << 31;

    // Operation flags.
    public static final int FSYNC_DATASYNC = 1;
    public static final int URING_CMD_FIXED = 1;

    // Features (IORING_FEAT_*) this bridge offers.
    public static final int FEAT_SINGLE_MMAP = 1;
    public static final int FEAT_NODROP = 1 << 1;
    public static final int FEAT_SUBMIT_STABLE = 1 << 2;
    public static final int FEAT_CQE_SKIP = 1 << 11;

    private IoUring() {
    }
}
