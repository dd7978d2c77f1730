package io.nvmebridge.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.nvmebridge.qemu.DomainSocketEventLoop;
import io.nvmebridge.qemu.json.JsonLimits;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A QMP client over Netty's epoll Unix domain socket channel: reads the greeting, negotiates capabilities,
 * then runs commands (each with an id, answered by id) and hands asynchronous events to listeners.
 *
 * <p>Event listeners run on the Netty event loop thread: they must not block. Every pending command fails
 * with a {@link QmpException} as soon as the connection closes, and after {@code commandTimeout} at most.
 */
public final class QmpClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(QmpClient.class.getName());
    /** Longest QMP line accepted; replies this client asks for are a few hundred bytes. */
    private static final int MAX_LINE = 1 << 20;

    private record Pending(String command, CompletableFuture<JsonNode> result) {
    }

    private final Channel channel;
    private final Duration commandTimeout;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<QmpMessage.Event>> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<QmpMessage.Greeting> greeting = new CompletableFuture<>();
    private volatile String closeReason;

    private QmpClient(Path socket, Duration connectTimeout, Duration commandTimeout) throws IOException {
        this.commandTimeout = commandTimeout;
        this.channel = DomainSocketEventLoop.connect(socket, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE, true, false),
                        new QmpMessageDecoder(JsonLimits.QMP),
                        new Handler());
            }
        }, connectTimeout);
    }

    /**
     * Connects, waits for the greeting and enters command mode (qmp_capabilities).
     *
     * @throws IOException when the socket cannot be reached or the handshake fails
     */
    public static QmpClient connect(Path socket, Duration connectTimeout, Duration commandTimeout) throws IOException {
        QmpClient c = new QmpClient(socket, connectTimeout, commandTimeout);
        try {
            c.greeting.get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
            c.execute("qmp_capabilities", null);
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new IOException("interrupted during the QMP handshake on " + socket, e);
        } catch (ExecutionException | TimeoutException | QmpException e) {
            c.close();
            throw new IOException("QMP handshake on " + socket + " failed: " + messageOf(e), e);
        }
    }

    /** The greeting QEMU sent (its version). */
    public QmpMessage.Greeting greeting() {
        return greeting.getNow(null);
    }

    /**
     * Sends a command; the future completes with its return value or a {@link QmpException}.
     *
     * @param arguments null for none, or anything Jackson writes as a JSON object: a record, a Map, an ObjectNode
     */
    public CompletableFuture<JsonNode> executeAsync(String command, Object arguments) {
        long id = nextId.getAndIncrement();
        QmpCommand encoded = QmpCommand.of(command, arguments, id);
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        String reason = closeReason;
        if (reason != null) {
            result.completeExceptionally(new QmpException("QMP " + command + ": " + reason));
            return result;
        }
        pending.put(id, new Pending(command, result));
        result.whenComplete((v, t) -> pending.remove(id));
        channel.writeAndFlush(ByteBufUtil.writeAscii(channel.alloc(), encoded.encode()))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        result.completeExceptionally(new QmpException("QMP " + command + ": send failed: " + f.cause(), f.cause()));
                    }
                });
        if (closeReason != null) {
            // closed between the check and the put: the close sweep may have missed this one
            result.completeExceptionally(new QmpException("QMP " + command + ": " + closeReason));
        }
        return result;
    }

    /** Runs a command and waits for its return value (at most the command timeout); arguments as {@link #executeAsync}. */
    public JsonNode execute(String command, Object arguments) {
        CompletableFuture<JsonNode> f = executeAsync(command, arguments);
        try {
            return f.get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException("interrupted waiting for QMP " + command, e);
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new QmpException("QMP " + command + ": no reply within " + commandTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof QmpException q) {
                throw q;
            }
            throw new QmpException("QMP " + command + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Pauses the guest's vCPUs (devices keep answering MMIO over qtest). */
    public void stop() {
        execute("stop", null);
    }

    /** Resumes the vCPUs. */
    public void cont() {
        execute("cont", null);
    }

    public QmpStatus queryStatus() {
        JsonNode v = execute("query-status", null);
        if (v.path("status").isTextual() && v.path("running").isBoolean()) {
            return new QmpStatus(v.get("status").textValue(), v.get("running").booleanValue());
        }
        throw new QmpException("query-status returned an unexpected value: " + v);
    }

    /**
     * Asks QEMU to exit. QEMU may close the socket before its reply arrives; that counts as success. Returns
     * false when QEMU did not confirm within {@code timeout}.
     */
    public boolean quit(Duration timeout) {
        CompletableFuture<JsonNode> f = executeAsync("quit", null);
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return !channel.isOpen();
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Adds a listener for asynchronous events; it runs on the event loop and must not block. */
    public void addEventListener(Consumer<QmpMessage.Event> listener) {
        listeners.add(listener);
    }

    public void removeEventListener(Consumer<QmpMessage.Event> listener) {
        listeners.remove(listener);
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Completes when the connection has closed. */
    public CompletableFuture<Void> closeFuture() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        channel.closeFuture().addListener(x -> f.complete(null));
        return f;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(1000);
        failAll("QMP connection closed by this client");
    }

    private void failAll(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        greeting.completeExceptionally(new QmpException(reason));
        for (Pending p : pending.values()) {
            p.result().completeExceptionally(new QmpException("QMP " + p.command() + ": " + closeReason));
        }
    }

    private static String messageOf(Throwable t) {
        Throwable c = t instanceof ExecutionException && t.getCause() != null ? t.getCause() : t;
        return c.getMessage() != null ? c.getMessage() : c.toString();
    }

    /** Runs on the event loop: routes each decoded message. */
    private final class Handler extends SimpleChannelInboundHandler<QmpMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, QmpMessage msg) {
            switch (msg) {
                case QmpMessage.Greeting g -> greeting.complete(g);
                case QmpMessage.Return r -> complete(r.id().orElse(-1), r.value(), null);
                case QmpMessage.Error e -> complete(e.id().orElse(-1), null, e);
                case QmpMessage.Event ev -> {
                    for (Consumer<QmpMessage.Event> l : listeners) {
                        try {
                            l.accept(ev);
                        } catch (RuntimeException ex) {
                            LOG.log(Level.WARNING, "QMP event listener failed on " + ev.name(), ex);
                        }
                    }
                }
            }
        }

        private void complete(long id, JsonNode value, QmpMessage.Error error) {
            Pending p = pending.get(id);
            if (p == null) {
                LOG.log(Level.WARNING, "QMP reply for unknown command id {0}", id);
                return;
            }
            if (error != null) {
                p.result().completeExceptionally(new QmpErrorResponse(p.command(), error.errorClass(), error.description()));
            } else {
                p.result().complete(value);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failAll("QMP connection closed (QEMU exited?)");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof java.io.IOException) {
                // the socket broke (QEMU exited): channelInactive follows and fails what is pending
                LOG.log(Level.DEBUG, "QMP socket error: " + cause.getMessage());
                return;
            }
            // a bad line is dropped (framing resynchronises at the next newline); the connection stays up
            LOG.log(Level.WARNING, "QMP: " + cause.getMessage());
        }
    }
}
