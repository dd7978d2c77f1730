package io.nvmebridge.driver;

/** Linux errno values (x86-64, asm-generic/errno-base.h and errno.h) the driver reports, positive. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int ETIME = 62;
    public static final int ENODATA = 61;
    public static final int ENOLINK = 67;
    public static final int EOVERFLOW = 75;
    public static final int EREMCHG = 78;
    public static final int EILSEQ = 84;
    public static final int EOPNOTSUPP = 95;
    public static final int ETOOMANYREFS = 109;
    public static final int ETIMEDOUT = 110;
    public static final int EREMOTEIO = 121;
    public static final int ECANCELED = 125;
    public static final int EBADE = 52;

    private Errno() {
    }

    /** The symbolic name, e.g. {@code "EIO"}, or {@code "errno N"}. */
    public static String name(int errno) {
        int e = Math.abs(errno);
        return switch (e) {
            case 0 -> "OK";
            case EPERM -> "EPERM";
            case EIO -> "EIO";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EFAULT -> "EFAULT";
            case EBUSY -> "EBUSY";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            case ENOSPC -> "ENOSPC";
            case ETIME -> "ETIME";
            case ENODATA -> "ENODATA";
            case ENOLINK -> "ENOLINK";
            case EOVERFLOW -> "EOVERFLOW";
            case EREMCHG -> "EREMCHG";
            case EILSEQ -> "EILSEQ";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            case ETOOMANYREFS -> "ETOOMANYREFS";
            case ETIMEDOUT -> "ETIMEDOUT";
            case EREMOTEIO -> "EREMOTEIO";
            case ECANCELED -> "ECANCELED";
            case EBADE -> "EBADE";
            default -> "errno " + e;
        };
    }
}
