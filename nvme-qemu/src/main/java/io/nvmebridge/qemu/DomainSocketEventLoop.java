package io.nvmebridge.qemu;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The one Netty event loop (epoll) that carries every QMP and Netty-qtest connection of this JVM. Its thread
 * is a daemon, so it never keeps the JVM alive; QMP traffic is tiny and one thread is plenty.
 */
public final class DomainSocketEventLoop {
    private static volatile EventLoopGroup group;

    private DomainSocketEventLoop() {
    }

    static EventLoopGroup group() {
        EventLoopGroup g = group;
        if (g == null) {
            synchronized (DomainSocketEventLoop.class) {
                g = group;
                if (g == null) {
                    g = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("nvme-bridge-qemu-io", true),
                            EpollIoHandler.newFactory());
                    group = g;
                }
            }
        }
        return g;
    }

    /**
     * Connects to the Unix domain socket at {@code path} with the given pipeline.
     *
     * @throws IOException naming the socket when the connection fails or does not complete in time
     */
    public static Channel connect(Path path, ChannelInitializer<Channel> initializer, Duration timeout) throws IOException {
        Bootstrap b = new Bootstrap()
                .group(group())
                .channel(EpollDomainSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(initializer);
        ChannelFuture f = b.connect(new DomainSocketAddress(path.toFile()));
        try {
            if (!f.await(timeout.toMillis())) {
                f.cancel(false);
                throw new IOException("connect to " + path + " timed out after " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(false);
            throw new IOException("interrupted while connecting to " + path, e);
        }
        if (!f.isSuccess()) {
            throw new IOException("connect to " + path + " failed: " + f.cause(), f.cause());
        }
        return f.channel();
    }
}
