package io.nvmebridge.qemu.qtest;

import static io.nvmebridge.qemu.qtest.QtestCodec.INL;
import static io.nvmebridge.qemu.qtest.QtestCodec.OUTL;
import static io.nvmebridge.qemu.qtest.QtestCodec.READL;
import static io.nvmebridge.qemu.qtest.QtestCodec.READQ;
import static io.nvmebridge.qemu.qtest.QtestCodec.WRITEL;
import static io.nvmebridge.qemu.qtest.QtestCodec.WRITEQ;

/**
 * The transport-independent half of a qtest client: command encoding, posted-write accounting and reply
 * checking. Subclasses move bytes: {@link #send} puts one command on the wire, {@link #awaitReplies} returns
 * once {@link #onReply} has seen the given number of replies.
 *
 * <p>Reply accounting: {@code sent} counts commands (caller side, under this object's lock), {@code received}
 * counts reply lines (written only by the reading thread; volatile, so its increment publishes
 * {@code lastValue} written just before it). A read waits for {@code received == sent}: then the last reply
 * is its own.
 */
abstract class PipelinedQtestClient implements QtestClient {
    /**
     * Most replies left unread. QEMU writes each reply synchronously on its main loop: if nobody read them,
     * its socket buffer would fill and the main loop block, so posting stops to drain at this bound.
     */
    static final int MAX_OUTSTANDING = 512;

    private final byte[] command = new byte[QtestCodec.MAX_COMMAND];
    private int commandLength;
    /** Commands sent (guarded by this). */
    private long sent;
    /** Replies read; written by the reading thread only. */
    private volatile long received;
    /** Value of the latest "OK 0x..." reply; published by the volatile write of {@code received} after it. */
    private long lastValue;
    /** Why the connection is unusable, or null while it works; the first reason wins. */
    private volatile String failure;
    private final Object failureLock = new Object();
    /** The first "FAIL" reply not yet reported to a caller. */
    private volatile String rejection;
    protected final long replyTimeoutNanos;
    private volatile java.util.function.UnaryOperator<String> explainer = java.util.function.UnaryOperator.identity();

    PipelinedQtestClient(long replyTimeoutNanos) {
        this.replyTimeoutNanos = replyTimeoutNanos;
    }

    /** Puts {@code buf[0, length)} on the wire; throws {@link QtestException} (via {@link #failed}) on failure. */
    protected abstract void send(byte[] buf, int length);

    /** Returns once {@code received >= target}; throws {@link QtestException} on failure or timeout. */
    protected abstract void awaitReplies(long target);

    /** Closes the underlying channel (wakes a blocked reader); must not block for long. */
    protected abstract void closeChannel();

    @Override
    public synchronized int readl(long address) {
        return (int) roundTrip(QtestCodec.encode(command, READL, address));
    }

    @Override
    public synchronized long readq(long address) {
        return roundTrip(QtestCodec.encode(command, READQ, address));
    }

    @Override
    public synchronized void writel(long address, int value) {
        post(QtestCodec.encode(command, WRITEL, address, value & 0xFFFF_FFFFL));
    }

    @Override
    public synchronized void writeq(long address, long value) {
        post(QtestCodec.encode(command, WRITEQ, address, value));
    }

    @Override
    public synchronized void outl(int port, int value) {
        post(QtestCodec.encode(command, OUTL, port & 0xFFFF, value & 0xFFFF_FFFFL));
    }

    @Override
    public synchronized int inl(int port) {
        return (int) roundTrip(QtestCodec.encode(command, INL, port & 0xFFFF));
    }

    @Override
    public synchronized void sync() {
        checkFailure();
        awaitReplies(sent);
        checkRejection();
    }

    @Override
    public long outstanding() {
        return sent - received;
    }

    @Override
    public boolean isOpen() {
        return failure == null;
    }

    @Override
    public void explainFailuresWith(java.util.function.UnaryOperator<String> explainer) {
        this.explainer = explainer;
    }

    /** The failure as callers should read it. */
    private String explained(String reason) {
        try {
            return explainer.apply(reason);
        } catch (RuntimeException e) {
            return reason;
        }
    }

    @Override
    public void fail(String reason) {
        if (failure == null) {
            synchronized (failureLock) {
                if (failure == null) {
                    failure = reason;
                }
            }
        }
        closeChannel();
        wakeWaiters();
    }

    /** Subclasses that park waiting threads unpark them here. */
    protected void wakeWaiters() {
    }

    @Override
    public void close() {
        fail("qtest connection closed by this client");
    }

    private long roundTrip(int length) {
        checkFailure();
        commandLength = length;
        send(command, length);
        sent++;
        awaitReplies(sent);
        checkRejection();
        return lastValue;
    }

    private void post(int length) {
        checkFailure();
        if (sent - received >= MAX_OUTSTANDING) {
            awaitReplies(sent - MAX_OUTSTANDING / 2);
        }
        commandLength = length;
        send(command, length);
        sent++;
    }

    /** Reader side: accounts one reply line {@code buf[from, to)} (newline excluded). */
    protected final void onReply(byte[] buf, int from, int to) {
        switch (QtestCodec.classify(buf, from, to)) {
            case QtestCodec.REPLY_IRQ -> {
                return; // only sent with irq_intercept, which this client never asks for
            }
            case QtestCodec.REPLY_OK -> lastValue = QtestCodec.value(buf, from, to);
            default -> {
                if (rejection == null) {
                    rejection = "QEMU rejected qtest command #" + (received + 1) + ": " + QtestCodec.text(buf, from, to);
                }
            }
        }
        received = received + 1; // single writer; the volatile store publishes lastValue
    }

    protected final long received() {
        return received;
    }

    /** The failure reason, or null. */
    protected final String failure() {
        return failure;
    }

    /** The command being sent or waited for, as text (for timeout messages). */
    protected final String lastCommand() {
        return QtestCodec.text(command, 0, Math.max(0, commandLength - 1));
    }

    /** Fails the connection with {@code reason} and returns the exception the caller throws. */
    protected final QtestException failed(String reason, Throwable cause) {
        fail(reason);
        return new QtestException(explained(failure), cause);
    }

    protected final void checkFailure() {
        String f = failure;
        if (f != null) {
            throw new QtestException(explained(f));
        }
    }

    private void checkRejection() {
        String r = rejection;
        if (r != null) {
            rejection = null;
            throw new QtestException(r);
        }
    }
}
