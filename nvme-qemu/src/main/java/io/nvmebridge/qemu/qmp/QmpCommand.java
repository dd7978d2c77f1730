package io.nvmebridge.qemu.qmp;

import io.nvmebridge.qemu.json.JsonValue.JsonObject;
import io.nvmebridge.qemu.json.JsonWriter;

/** A command sent to QEMU: {@code {"execute": NAME, "arguments": {...}, "id": N}}, encoded as one line. */
public record QmpCommand(String name, JsonObject arguments, long id) {

    public QmpCommand {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("QMP command name is empty");
        }
        if (arguments == null) {
            arguments = JsonObject.EMPTY;
        }
    }

    /** The JSON object for this command, arguments left out when there are none. */
    public JsonObject toJson() {
        JsonObject.Builder b = JsonObject.builder().put("execute", name);
        if (!arguments.members().isEmpty()) {
            b.put("arguments", arguments);
        }
        return b.put("id", id).build();
    }

    /** The command line as QEMU reads it: compact ASCII JSON and a newline. */
    public String encode() {
        return JsonWriter.write(toJson()) + "\n";
    }
}
