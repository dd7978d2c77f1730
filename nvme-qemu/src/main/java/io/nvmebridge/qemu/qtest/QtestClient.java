package io.nvmebridge.qemu.qtest;

/**
 * QEMU's qtest protocol (docs/devel/qtest.rst): one text command per line, one reply line per command, in
 * order ("OK", "OK 0x...", or "FAIL ..."), plus asynchronous "IRQ raise|lower N" lines, which are ignored.
 *
 * <p>Writes are <em>posted</em>: they are sent without waiting for their "OK", and the replies are counted
 * and checked later. Every read first consumes the replies of all earlier writes, so a read returns only
 * after those writes took effect (QEMU handles one connection's commands in order) — PCI ordering.
 *
 * <p>Implementations are thread-safe (one command at a time). When the connection fails — the socket closed,
 * QEMU died, a reply did not arrive in time, or QEMU rejected a command — every blocked and later call throws
 * a {@link QtestException} naming the cause; none hangs.
 */
public interface QtestClient extends AutoCloseable {

    /** 32-bit read of guest physical address {@code address} (MMIO or RAM). */
    int readl(long address);

    /** 64-bit read of guest physical address {@code address}. */
    long readq(long address);

    /** Posted 32-bit write. */
    void writel(long address, int value);

    /** Posted 64-bit write. */
    void writeq(long address, long value);

    /** Posted 32-bit I/O port write (PCI configuration address register 0xCF8, data 0xCFC). */
    void outl(int port, int value);

    /** 32-bit I/O port read. */
    int inl(int port);

    /** Waits until QEMU acknowledged every posted command; throws if any was rejected. */
    void sync();

    /** Commands sent whose reply has not been read yet. */
    long outstanding();

    /** False once the connection failed or was closed. */
    boolean isOpen();

    /**
     * Fails the connection with {@code reason} (e.g. "QEMU exited with status 137"): blocked and later calls
     * throw a {@link QtestException} carrying it. Idempotent; the first reason wins.
     */
    void fail(String reason);

    /**
     * Installs a function that turns a connection failure (e.g. "connection reset") into the message callers
     * see — the launcher uses it to name QEMU's exit status and stderr when the socket broke because QEMU
     * died. It runs on the calling thread, may wait briefly, and must not throw.
     */
    void explainFailuresWith(java.util.function.UnaryOperator<String> explainer);

    /** Which transport this is, for logs and benchmark output. */
    QtestTransport transport();

    @Override
    void close();
}
