package io.nvmebridge.bridge;

/** The Linux errno values the bridge itself puts in CQEs (negated there). */
public final class BridgeErrno {
    public static final int EBADF = 9;
    public static final int ENOMEM = 12;
    public static final int EFAULT = 14;
    public static final int EINVAL = 22;
    public static final int EIO = 5;
    public static final int ECANCELED = 125;

    private BridgeErrno() {
    }
}
