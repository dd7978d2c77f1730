package io.nvmebridge.qemu.qtest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.nvmebridge.qemu.DomainSocketEventLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * qtest over Netty's epoll domain socket channel: the caller's writes are handed to the event loop
 * (writeAndFlush with the void promise), replies are framed by a LineBasedFrameDecoder and counted on the
 * event loop, and a caller waiting for replies parks until the loop unparks it or its deadline passes.
 */
final class NettyQtestClient extends PipelinedQtestClient {
    private final Channel channel;
    private final Path path;
    /** The thread parked in awaitReplies, or null. */
    private volatile Thread waiter;

    private NettyQtestClient(Path path, Duration connectTimeout, long replyTimeoutNanos) throws IOException {
        super(replyTimeoutNanos);
        this.path = path;
        this.channel = DomainSocketEventLoop.connect(path, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new LineBasedFrameDecoder(QtestCodec.MAX_REPLY, true, true), new ReplyHandler());
            }
        }, connectTimeout);
    }

    static NettyQtestClient connect(Path path, Duration connectTimeout, Duration replyTimeout) throws IOException {
        return new NettyQtestClient(path, connectTimeout, replyTimeout.toNanos());
    }

    @Override
    protected void send(byte[] buf, int length) {
        ByteBuf b = channel.alloc().directBuffer(length);
        b.writeBytes(buf, 0, length);
        channel.writeAndFlush(b, channel.voidPromise());
    }

    @Override
    protected void awaitReplies(long target) {
        if (received() >= target) {
            return;
        }
        long deadline = System.nanoTime() + replyTimeoutNanos;
        waiter = Thread.currentThread();
        try {
            while (received() < target) {
                checkFailure();
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw failed("no qtest reply from QEMU within " + replyTimeoutNanos / 1_000_000 + " ms to '"
                            + lastCommand() + "'", null);
                }
                LockSupport.parkNanos(this, remaining);
            }
        } finally {
            waiter = null;
        }
    }

    @Override
    protected void wakeWaiters() {
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    @Override
    protected void closeChannel() {
        channel.close();
    }

    @Override
    public QtestTransport transport() {
        return QtestTransport.NETTY;
    }

    /** Runs on the event loop: counts each reply line and wakes the waiting caller. */
    private final class ReplyHandler extends ChannelInboundHandlerAdapter {
        /** Event-loop-only copy of the current line. */
        private final byte[] line = new byte[QtestCodec.MAX_REPLY];

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            try {
                int n = b.readableBytes();
                b.readBytes(line, 0, n);
                onReply(line, 0, n);
            } catch (QtestException e) {
                fail(e.getMessage() + " (from " + path + ")");
            } finally {
                b.release();
            }
            wakeWaiters();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail("qtest connection closed by QEMU (" + path + ")");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                fail("qtest reply line longer than " + QtestCodec.MAX_REPLY + " bytes from " + path);
            } else {
                fail("qtest I/O error on " + path + ": " + cause);
            }
        }
    }
}
