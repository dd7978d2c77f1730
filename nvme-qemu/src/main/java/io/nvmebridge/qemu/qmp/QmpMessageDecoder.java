package io.nvmebridge.qemu.qmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.nvmebridge.qemu.json.JsonLimits;
import io.nvmebridge.qemu.json.JsonParseException;
import io.nvmebridge.qemu.json.JsonParser;
import java.util.List;

/**
 * Turns one line (framed by a LineBasedFrameDecoder in front: QEMU writes each QMP message as compact JSON
 * ended by CR LF, and JSON strings cannot hold a raw newline) into a {@link QmpMessage}. A bad line becomes
 * a {@link DecoderException} naming the problem; the next line is decoded afresh, so nothing carries over.
 */
public final class QmpMessageDecoder extends MessageToMessageDecoder<ByteBuf> {
    private final JsonLimits limits;

    public QmpMessageDecoder(JsonLimits limits) {
        super(ByteBuf.class);
        this.limits = limits;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf line, List<Object> out) {
        if (!line.isReadable()) {
            return; // an empty line between messages
        }
        try {
            out.add(decode(line.nioBuffer(), limits));
        } catch (JsonParseException | QmpProtocolException e) {
            throw new DecoderException("bad QMP message: " + e.getMessage());
        }
    }

    /** Decodes one message from UTF-8 bytes; exposed for tests. */
    public static QmpMessage decode(java.nio.ByteBuffer utf8, JsonLimits limits) throws JsonParseException, QmpProtocolException {
        return QmpMessage.of(JsonParser.parse(utf8, limits));
    }
}
