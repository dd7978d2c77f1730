package io.nvmebridge.qemu.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.nvmebridge.qemu.json.JsonLimits;
import io.nvmebridge.qemu.json.MalformedJsonException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class QmpMessageTest {
    private static QmpMessage decode(String s) throws Exception {
        return QmpMessageDecoder.decode(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)), JsonLimits.QMP);
    }

    @Test
    void shouldDecodeQemuSevenTwoGreeting() throws Exception {
        QmpMessage m = decode("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}, "
                + "\"package\": \"Debian 1:7.2+dfsg-7+deb12u18+b3\"}, \"capabilities\": [\"oob\"]}}");
        assertThat(m).isEqualTo(new QmpMessage.Greeting(7, 2, 22, "Debian 1:7.2+dfsg-7+deb12u18+b3", java.util.List.of("oob")));
        assertThat(((QmpMessage.Greeting) m).version()).isEqualTo("7.2.22");
    }

    @Test
    void shouldDecodeReturnErrorAndEvent() throws Exception {
        assertThat(decode("{\"return\": {}, \"id\": 3}")).isEqualTo(new QmpMessage.Return(JsonNodeFactory.instance.objectNode(), OptionalLong.of(3)));
        assertThat(decode("{\"id\": 4, \"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command x has not been found\"}}"))
                .isEqualTo(new QmpMessage.Error("CommandNotFound", "The command x has not been found", OptionalLong.of(4)));
        QmpMessage.Event e = (QmpMessage.Event) decode("{\"timestamp\": {\"seconds\": 1795828877, \"microseconds\": 896055}, "
                + "\"event\": \"SHUTDOWN\", \"data\": {\"guest\": false, \"reason\": \"host-qmp-quit\"}}");
        assertThat(e.name()).isEqualTo("SHUTDOWN");
        assertThat(e.string("reason")).contains("host-qmp-quit");
        assertThat(e.seconds()).isEqualTo(1795828877L);
        assertThat(e.microseconds()).isEqualTo(896055L);
    }

    @Test
    void shouldRejectJsonThatIsNoQmpMessage() {
        assertThatThrownBy(() -> decode("[1]")).isInstanceOf(QmpProtocolException.class);
        assertThatThrownBy(() -> decode("{\"hello\": 1}")).isInstanceOf(QmpProtocolException.class);
        assertThatThrownBy(() -> decode("{\"return\": 1, \"id\": \"x\"}")).isInstanceOf(QmpProtocolException.class);
        assertThatThrownBy(() -> decode("{\"error\": {\"desc\": \"no class\"}}")).isInstanceOf(QmpProtocolException.class);
        assertThatThrownBy(() -> decode("{\"event\": 5}")).isInstanceOf(QmpProtocolException.class);
        assertThatThrownBy(() -> decode("{\"QMP\": {\"version\": {}}}")).isInstanceOf(QmpProtocolException.class);
    }

    @Test
    void shouldEncodeCommandsAsOneAsciiLine() {
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("path", "/machine");
        arguments.put("property", "ü");
        QmpCommand c = QmpCommand.of("qom-get", arguments, 9);
        assertThat(c.encode()).isEqualTo("{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/machine\",\"property\":\"\\u00fc\"},\"id\":9}\n");
        assertThat(QmpCommand.of("stop", null, 1).encode()).isEqualTo("{\"execute\":\"stop\",\"id\":1}\n");
        // a record's components become the arguments, in order; an empty Map counts as none
        assertThat(QmpCommand.of("qom-get", new QomGet("/machine/peripheral/nvme0", "serial"), 2).encode())
                .isEqualTo("{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/machine/peripheral/nvme0\",\"property\":\"serial\"},\"id\":2}\n");
        assertThat(QmpCommand.of("cont", Map.of(), 3).encode()).isEqualTo("{\"execute\":\"cont\",\"id\":3}\n");
    }

    /** qom-get's arguments as a record. */
    record QomGet(String path, String property) {
    }

    @Test
    void shouldRefuseArgumentsThatAreNoJsonObject() {
        assertThatThrownBy(() -> QmpCommand.of("stop", "now", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a JSON object");
    }

    @Test
    void shouldAnswerMalformedJsonWithAOneLineError() {
        assertThatThrownBy(() -> decode("{\"return\": [}")).isInstanceOf(MalformedJsonException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains("at offset"));
        assertThatThrownBy(() -> decode("{\"return\": 1, \"return\": 2}")).isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("Duplicate");
    }

    @Test
    void shouldRefuseALineAboveTheSizeLimitBeforeDecodingIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new LineBasedFrameDecoder(1024), new QmpMessageDecoder(new JsonLimits(64, 8, 64, 16, 16)));
        String big = "{\"return\": \"" + "x".repeat(100) + "\", \"id\": 1}\r\n";
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.copiedBuffer(big, StandardCharsets.UTF_8)))
                .isInstanceOf(DecoderException.class).hasMessage("bad QMP message: document of 123 bytes exceeds the limit of 64");
        ch.writeInbound(Unpooled.copiedBuffer("{\"return\": {}, \"id\": 2}\r\n", StandardCharsets.UTF_8));
        assertThat((Object) ch.readInbound()).isEqualTo(new QmpMessage.Return(JsonNodeFactory.instance.objectNode(), OptionalLong.of(2)));
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldDropABadLineAndDecodeTheNextInThePipeline() {
        EmbeddedChannel ch = new EmbeddedChannel(new LineBasedFrameDecoder(1024), new QmpMessageDecoder(JsonLimits.QMP));
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.copiedBuffer("{\"return\": [}\r\n", StandardCharsets.UTF_8)))
                .isInstanceOf(DecoderException.class).hasMessageContaining("bad QMP message")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        ch.writeInbound(Unpooled.copiedBuffer("{\"return\": \"ok\", \"id\": 1}\r\n", StandardCharsets.UTF_8));
        assertThat((Object) ch.readInbound()).isEqualTo(new QmpMessage.Return(TextNode.valueOf("ok"), OptionalLong.of(1)));
        ch.finishAndReleaseAll();
    }
}
