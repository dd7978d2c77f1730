package io.nvmebridge.driver;

/** Receives Asynchronous Event Request completions (DW0 decoded with {@link io.nvmebridge.spec.admin.AsyncEvent}). */
@FunctionalInterface
public interface AsyncEventListener {
    /** Called on the thread that polled the admin queue; must not block. */
    void event(int type, int info, int logPage, int dw0);
}
