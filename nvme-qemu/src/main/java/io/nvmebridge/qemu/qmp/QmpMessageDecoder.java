package io.nvmebridge.qemu.qmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.nvmebridge.qemu.json.JsonLimits;
import io.nvmebridge.qemu.json.MalformedJsonException;
import io.nvmebridge.qemu.json.StrictJsonReader;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Turns one line (framed by a LineBasedFrameDecoder in front: QEMU writes each QMP message as compact JSON
 * ended by CR LF, and JSON strings cannot hold a raw newline) into a {@link QmpMessage}. A bad line becomes
 * a {@link DecoderException} with a one-line message naming the problem; the next line is decoded afresh,
 * so nothing carries over.
 */
public final class QmpMessageDecoder extends MessageToMessageDecoder<ByteBuf> {
    private final StrictJsonReader reader;

    public QmpMessageDecoder(JsonLimits limits) {
        super(ByteBuf.class);
        this.reader = new StrictJsonReader(limits);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf line, List<Object> out) {
        if (!line.isReadable()) {
            return; // an empty line between messages
        }
        try {
            // the reader checks the size against the limit before it decodes or copies anything
            out.add(decode(line.nioBuffer(), reader));
        } catch (MalformedJsonException | QmpProtocolException e) {
            throw new DecoderException("bad QMP message: " + e.getMessage());
        }
    }

    /** Decodes one message from UTF-8 bytes; exposed for tests. */
    public static QmpMessage decode(ByteBuffer utf8, JsonLimits limits) throws MalformedJsonException, QmpProtocolException {
        return decode(utf8, new StrictJsonReader(limits));
    }

    private static QmpMessage decode(ByteBuffer utf8, StrictJsonReader reader) throws MalformedJsonException, QmpProtocolException {
        return QmpMessage.of(reader.read(utf8));
    }
}
