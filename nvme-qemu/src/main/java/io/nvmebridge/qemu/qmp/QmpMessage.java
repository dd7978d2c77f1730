package io.nvmebridge.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One message QEMU sends on a QMP socket (QEMU's docs/interop/qmp-spec): the greeting, a command's success
 * or error response, or an asynchronous event. One immutable record per message type; a command's return
 * value and an event's data are free-form, so they stay Jackson trees.
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
    record Return(JsonNode value, OptionalLong id) implements QmpMessage {
        public Return {
            value = value.deepCopy(); // Jackson trees are mutable: the message does not share nodes with its caller
        }
    }

    /** {@code {"error": {"class": C, "desc": D}, "id": N}}: a command failed. */
    record Error(String errorClass, String description, OptionalLong id) implements QmpMessage {
    }

    /** {@code {"event": NAME, "data": {...}, "timestamp": {"seconds": S, "microseconds": U}}} */
    record Event(String name, ObjectNode data, long seconds, long microseconds) implements QmpMessage {
        public Event {
            data = data.deepCopy();
        }

        /** The string member {@code name} of the data, or empty when it is absent or not a string. */
        public Optional<String> string(String member) {
            JsonNode v = data.get(member);
            return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
        }
    }

    /**
     * Classifies a parsed JSON document; anything that is not one of the four shapes is a protocol error.
     *
     * @throws QmpProtocolException naming what is wrong with the message
     */
    static QmpMessage of(JsonNode json) throws QmpProtocolException {
        if (!json.isObject()) {
            throw new QmpProtocolException("QMP message is not a JSON object");
        }
        if (json.has("QMP")) {
            JsonNode qmp = object(json, "QMP", "greeting: QMP is not an object");
            JsonNode version = object(qmp, "version", "greeting without version");
            JsonNode qemu = object(version, "qemu", "greeting without version.qemu");
            JsonNode capabilities = qmp.get("capabilities");
            if (capabilities == null || !capabilities.isArray()) {
                throw new QmpProtocolException("greeting without a capabilities array");
            }
            List<String> caps = new ArrayList<>();
            for (JsonNode c : capabilities) {
                if (!c.isTextual()) {
                    throw new QmpProtocolException("greeting: capability is not a string");
                }
                caps.add(c.textValue());
            }
            JsonNode packageName = version.get("package");
            return new Greeting(versionPart(qemu, "major"), versionPart(qemu, "minor"), versionPart(qemu, "micro"),
                    packageName != null && packageName.isTextual() ? packageName.textValue() : "", caps);
        }
        OptionalLong id = json.has("id")
                ? OptionalLong.of(integer(json.get("id")).orElseThrow(() -> new QmpProtocolException("id is not an integer")))
                : OptionalLong.empty();
        if (json.has("return")) {
            return new Return(json.get("return"), id);
        }
        if (json.has("error")) {
            JsonNode err = object(json, "error", "error is not an object");
            JsonNode errorClass = err.get("class");
            if (errorClass == null || !errorClass.isTextual()) {
                throw new QmpProtocolException("error without class");
            }
            JsonNode desc = err.get("desc");
            return new Error(errorClass.textValue(), desc != null && desc.isTextual() ? desc.textValue() : "", id);
        }
        if (json.has("event")) {
            JsonNode name = json.get("event");
            if (!name.isTextual()) {
                throw new QmpProtocolException("event name is not a string");
            }
            ObjectNode data = json.has("data")
                    ? (ObjectNode) object(json, "data", "event data is not an object")
                    : JsonNodeFactory.instance.objectNode();
            JsonNode ts = json.get("timestamp");
            long seconds = ts != null ? integer(ts.get("seconds")).orElse(-1L) : -1L;
            long micros = ts != null ? integer(ts.get("microseconds")).orElse(-1L) : -1L;
            return new Event(name.textValue(), data, seconds, micros);
        }
        throw new QmpProtocolException("QMP message is neither greeting, return, error nor event");
    }

    private static JsonNode object(JsonNode parent, String name, String whenNot) throws QmpProtocolException {
        JsonNode v = parent.get(name);
        if (v == null || !v.isObject()) {
            throw new QmpProtocolException(whenNot);
        }
        return v;
    }

    /** An integer literal that fits a long (QMP ids and timestamps); empty for anything else. */
    private static Optional<Long> integer(JsonNode v) {
        return v != null && v.isIntegralNumber() && v.canConvertToLong() ? Optional.of(v.longValue()) : Optional.empty();
    }

    private static int versionPart(JsonNode qemu, String name) throws QmpProtocolException {
        long v = integer(qemu.get(name)).orElseThrow(() -> new QmpProtocolException("greeting without version.qemu." + name));
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new QmpProtocolException("greeting: version.qemu." + name + " out of range");
        }
        return (int) v;
    }
}
