package io.nvmebridge.bridge.nativeio;

/** A native call failed: names the call and the errno it set. */
public final class NativeCallException extends RuntimeException {
    private final int errno;

    public NativeCallException(String call, int errno) {
        super(call + " failed: errno " + errno + " (" + Errnos.name(errno) + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
