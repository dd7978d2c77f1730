package io.nvmebridge.qemu.qtest;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * qtest over a blocking JDK {@link SocketChannel}: the calling thread writes each command and reads replies
 * itself — one system call per posted write, no thread hand-off. Blocking calls are bounded by
 * {@link ReplyWatchdog}, which closes the channel when a reply is overdue, and by {@link #fail}, which the
 * launcher calls when QEMU exits; either wakes a blocked read at once.
 */
final class SocketChannelQtestClient extends PipelinedQtestClient implements ReplyWatchdog.Watched {
    private final SocketChannel channel;
    private final Path path;
    /** Reply bytes; lines are parsed in place from the backing array. */
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    /** Wraps the command array of the caller; reset per send. */
    private ByteBuffer out;
    private byte[] outArray;
    /** System.nanoTime() by which the current blocking call must return, or 0 when none blocks. */
    private volatile long deadline;

    private SocketChannelQtestClient(SocketChannel channel, Path path, long replyTimeoutNanos) {
        super(replyTimeoutNanos);
        this.channel = channel;
        this.path = path;
        in.flip(); // empty, in read mode
    }

    static SocketChannelQtestClient connect(Path path, Duration replyTimeout) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            ch.close();
            throw new IOException("qtest connect to " + path + " failed: " + e.getMessage(), e);
        }
        SocketChannelQtestClient c = new SocketChannelQtestClient(ch, path, replyTimeout.toNanos());
        ReplyWatchdog.INSTANCE.watch(c);
        return c;
    }

    @Override
    protected void send(byte[] buf, int length) {
        if (outArray != buf) {
            outArray = buf;
            out = ByteBuffer.wrap(buf);
        }
        out.limit(length).position(0);
        deadline = System.nanoTime() + replyTimeoutNanos;
        try {
            while (out.hasRemaining()) {
                channel.write(out);
            }
        } catch (IOException e) {
            throw failed(reasonFor("sending '" + lastCommand() + "'", e), e);
        } finally {
            deadline = 0;
        }
    }

    @Override
    protected void awaitReplies(long target) {
        while (received() < target) {
            if (!parseOneLine()) {
                readMore();
            }
        }
    }

    /** Parses one complete line from {@code in}, if there is one. */
    private boolean parseOneLine() {
        byte[] a = in.array();
        int start = in.position();
        int end = in.limit();
        for (int i = start; i < end; i++) {
            if (a[i] == '\n') {
                in.position(i + 1);
                try {
                    onReply(a, start, i);
                } catch (QtestException e) {
                    throw failed(e.getMessage() + " (from " + path + ")", e);
                }
                return true;
            }
        }
        return false;
    }

    private void readMore() {
        checkFailure();
        in.compact(); // now in write mode
        if (!in.hasRemaining()) {
            in.flip();
            throw failed("qtest reply line longer than " + in.capacity() + " bytes from " + path, null);
        }
        deadline = System.nanoTime() + replyTimeoutNanos;
        int n;
        try {
            n = channel.read(in);
        } catch (IOException e) {
            in.flip();
            throw failed(reasonFor("waiting for the reply to '" + lastCommand() + "'", e), e);
        } finally {
            deadline = 0;
        }
        in.flip();
        if (n < 0) {
            throw failed("qtest connection closed by QEMU while waiting for the reply to '" + lastCommand() + "'", null);
        }
    }

    private String reasonFor(String what, IOException e) {
        String f = failure();
        return f != null ? f : "qtest I/O error " + what + " on " + path + ": " + e;
    }

    @Override
    public long deadline() {
        return deadline;
    }

    @Override
    public void overdue() {
        fail("no qtest reply from QEMU within " + replyTimeoutNanos / 1_000_000 + " ms to '" + lastCommand() + "'");
    }

    @Override
    protected void closeChannel() {
        ReplyWatchdog.INSTANCE.unwatch(this);
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort; the failure reason is already recorded
        }
    }

    @Override
    public QtestTransport transport() {
        return QtestTransport.SOCKET_CHANNEL;
    }
}
