package io.nvmebridge.qemu.qmp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nvmebridge.qemu.json.AsciiJson;

/**
 * A command sent to QEMU: {@code {"execute": NAME, "arguments": {...}, "id": N}}, encoded as one line;
 * {@code arguments} is left out when there are none.
 */
@JsonPropertyOrder({"execute", "arguments", "id"})
public record QmpCommand(@JsonProperty("execute") String name,
                         @JsonProperty("arguments") @JsonInclude(JsonInclude.Include.NON_EMPTY) ObjectNode arguments,
                         @JsonProperty("id") long id) {

    public QmpCommand {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("QMP command name is empty");
        }
        arguments = arguments == null ? null : arguments.deepCopy();
    }

    /**
     * A command whose arguments are anything Jackson writes as a JSON object: a record (components in order),
     * a Map, an ObjectNode; null for none.
     *
     * @throws IllegalArgumentException when the arguments are not a JSON object
     */
    public static QmpCommand of(String name, Object arguments, long id) {
        if (arguments == null) {
            return new QmpCommand(name, null, id);
        }
        JsonNode tree = AsciiJson.toTree(arguments);
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalArgumentException("QMP " + name + ": arguments must be a JSON object, not " + tree.getNodeType());
        }
        return new QmpCommand(name, object, id);
    }

    /** The command line as QEMU reads it: compact ASCII JSON and a newline. */
    public String encode() {
        return AsciiJson.write(this) + "\n";
    }
}
