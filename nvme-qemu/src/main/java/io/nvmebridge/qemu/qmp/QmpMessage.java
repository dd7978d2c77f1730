package io.nvmebridge.qemu.qmp;

import io.nvmebridge.qemu.json.JsonValue;
import io.nvmebridge.qemu.json.JsonValue.JsonArray;
import io.nvmebridge.qemu.json.JsonValue.JsonObject;
import io.nvmebridge.qemu.json.JsonValue.JsonString;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * One message QEMU sends on a QMP socket (QEMU's docs/interop/qmp-spec): the greeting, a command's success
 * or error response, or an asynchronous event. One immutable record per message type.
 */
public sealed interface QmpMessage {

    /** {@code {"QMP": {"version": {"qemu": {...}, "package": ...}, "capabilities": [...]}}} */
    record Greeting(int major, int minor, int micro, String packageName, List<String> capabilities) implements QmpMessage {
        public Greeting {
            capabilities = List.copyOf(capabilities);
        }

        public String version() {
            return major + "." + minor + "." + micro;
        }
    }

    /** {@code {"return": VALUE, "id": N}}: a command succeeded. */
    record Return(JsonValue value, OptionalLong id) implements QmpMessage {
    }

    /** {@code {"error": {"class": C, "desc": D}, "id": N}}: a command failed. */
    record Error(String errorClass, String description, OptionalLong id) implements QmpMessage {
    }

    /** {@code {"event": NAME, "data": {...}, "timestamp": {"seconds": S, "microseconds": U}}} */
    record Event(String name, JsonObject data, long seconds, long microseconds) implements QmpMessage {
    }

    /**
     * Classifies a parsed JSON document; anything that is not one of the four shapes is a protocol error.
     *
     * @throws QmpProtocolException naming what is wrong with the message
     */
    static QmpMessage of(JsonValue json) throws QmpProtocolException {
        if (!(json instanceof JsonObject o)) {
            throw new QmpProtocolException("QMP message is not a JSON object");
        }
        if (o.members().containsKey("QMP")) {
            JsonObject qmp = o.object("QMP").orElseThrow(() -> new QmpProtocolException("greeting: QMP is not an object"));
            JsonObject version = qmp.object("version").orElseThrow(() -> new QmpProtocolException("greeting without version"));
            JsonObject qemu = version.object("qemu").orElseThrow(() -> new QmpProtocolException("greeting without version.qemu"));
            List<String> caps = new ArrayList<>();
            if (qmp.get("capabilities").orElse(null) instanceof JsonArray(List<JsonValue> elements)) {
                for (JsonValue e : elements) {
                    if (e instanceof JsonString(String s)) {
                        caps.add(s);
                    } else {
                        throw new QmpProtocolException("greeting: capability is not a string");
                    }
                }
            } else {
                throw new QmpProtocolException("greeting without a capabilities array");
            }
            return new Greeting(versionPart(qemu, "major"), versionPart(qemu, "minor"), versionPart(qemu, "micro"),
                    version.string("package").orElse(""), caps);
        }
        OptionalLong id = o.members().containsKey("id")
                ? OptionalLong.of(o.integer("id").orElseThrow(() -> new QmpProtocolException("id is not an integer")))
                : OptionalLong.empty();
        if (o.members().containsKey("return")) {
            return new Return(o.members().get("return"), id);
        }
        if (o.members().containsKey("error")) {
            JsonObject err = o.object("error").orElseThrow(() -> new QmpProtocolException("error is not an object"));
            return new Error(err.string("class").orElseThrow(() -> new QmpProtocolException("error without class")),
                    err.string("desc").orElse(""), id);
        }
        if (o.members().containsKey("event")) {
            String name = o.string("event").orElseThrow(() -> new QmpProtocolException("event name is not a string"));
            JsonObject data = o.members().containsKey("data")
                    ? o.object("data").orElseThrow(() -> new QmpProtocolException("event data is not an object"))
                    : JsonObject.EMPTY;
            JsonObject ts = o.object("timestamp").orElse(JsonObject.EMPTY);
            return new Event(name, data, ts.integer("seconds").orElse(-1L), ts.integer("microseconds").orElse(-1L));
        }
        throw new QmpProtocolException("QMP message is neither greeting, return, error nor event");
    }

    private static int versionPart(JsonObject qemu, String name) throws QmpProtocolException {
        long v = qemu.integer(name).orElseThrow(() -> new QmpProtocolException("greeting without version.qemu." + name));
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new QmpProtocolException("greeting: version.qemu." + name + " out of range");
        }
        return (int) v;
    }
}
