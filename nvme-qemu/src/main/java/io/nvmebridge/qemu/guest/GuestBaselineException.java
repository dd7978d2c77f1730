package io.nvmebridge.qemu.guest;

/** The Linux guest baseline could not be built, booted or measured; the message says which and why. */
public final class GuestBaselineException extends RuntimeException {
    public GuestBaselineException(String message) {
        super(message);
    }

    public GuestBaselineException(String message, Throwable cause) {
        super(message, cause);
    }
}
