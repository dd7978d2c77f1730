package io.nvmebridge.qemu.qtest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** The two ways this project carries qtest over its Unix domain socket. */
public enum QtestTransport {
    /**
     * A blocking JDK {@link java.nio.channels.SocketChannel}: the calling thread writes and reads the socket
     * itself, with no thread hand-off. The default: the faster one for doorbells (see QtestTransportBenchmark).
     */
    SOCKET_CHANNEL,
    /** Netty's epoll domain socket channel: writes hop to the event loop, replies come back through it. */
    NETTY;

    public static final QtestTransport DEFAULT = SOCKET_CHANNEL;

    /** Connects a client of this transport to the qtest socket at {@code path}. */
    public QtestClient connect(Path path, Duration connectTimeout, Duration replyTimeout) throws IOException {
        return switch (this) {
            case SOCKET_CHANNEL -> SocketChannelQtestClient.connect(path, replyTimeout);
            case NETTY -> NettyQtestClient.connect(path, connectTimeout, replyTimeout);
        };
    }
}
