package io.nvmebridge.it.yardstick;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The allow-list of the nvme-cli yardstick: every way the tool's JSON may differ from nvme-cli 2.3's on the same
 * QEMU controller, each with its reason and a check of its own (an allowed field is still compared, just not
 * byte for byte). docs/nvme-cli-yardstick.md lists them with the values one run found.
 */
enum NvmeCliDifference {

    GUEST_READS("smart-log", "data_units_read|host_read_commands", Kind.GUEST_IO,
            "QEMU counts the namespace's reads since QEMU started. In the guest, Linux read the namespace while "
                    + "booting, before nvme-cli ran (the partition-table scan of nvme0n1; SeaBIOS may probe it too), "
                    + "so nvme-cli sees those reads; the driver read nothing before smart-log. Checked: ours <= nvme-cli's "
                    + "(nvme-cli 2.3 prints these 128-bit counters as strings).") {
        @Override
        boolean accepts(String path, JsonNode theirs, Map<String, JsonNode> ours) {
            Optional<BigInteger> t = integer(theirs);
            Optional<BigInteger> o = integer(ours.get(path));
            return t.isPresent() && o.isPresent() && o.get().signum() >= 0 && o.get().compareTo(t.get()) <= 0;
        }
    },

    U128_AS_STRING("id-ctrl|id-ns|smart-log",
            "tnvmcap|unvmcap|megcap|maxdna|nvmcap|data_units_written|host_write_commands|controller_busy_time"
                    + "|power_cycles|power_on_hours|unsafe_shutdowns|media_errors|num_err_log_entries",
            Kind.FORM,
            "nvme-cli 2.3 prints 128-bit fields as decimal strings (json-c has no 128-bit integers); ours prints JSON "
                    + "numbers. Checked: the same integer.") {
        @Override
        boolean accepts(String path, JsonNode theirs, Map<String, JsonNode> ours) {
            Optional<BigInteger> t = integer(theirs);
            return t.isPresent() && t.equals(integer(ours.get(path)));
        }
    },

    SPACE_PADDED("id-ctrl", "sn|mn|fr", Kind.FORM,
            "nvme-cli 2.3 prints the Identify string as stored, padded with spaces to its width (20, 40, 8 bytes); "
                    + "ours strips the padding. Checked: equal once nvme-cli's trailing spaces are stripped.") {
        @Override
        boolean accepts(String path, JsonNode theirs, Map<String, JsonNode> ours) {
            JsonNode o = ours.get(path);
            return theirs.isTextual() && o != null && o.isTextual()
                    && theirs.asText().stripTrailing().equals(o.asText()) && !o.asText().isEmpty();
        }
    },

    IEEE_AS_INTEGER("id-ctrl", "ieee", Kind.FORM,
            "nvme-cli 2.3 prints the IEEE OUI as one integer (bytes 73-75, little-endian); ours prints the same "
                    + "number as six hex digits. Checked: the same number.") {
        @Override
        boolean accepts(String path, JsonNode theirs, Map<String, JsonNode> ours) {
            JsonNode o = ours.get(path);
            return theirs.isIntegralNumber() && o != null && o.isTextual() && o.asText().matches("[0-9a-f]{6}")
                    && Long.parseLong(o.asText(), 16) == theirs.asLong();
        }
    },

    FGUID_AS_UUID("id-ctrl", "fguid", Kind.FORM,
            "nvme-cli 2.3 formats the FRU GUID as a UUID (8-4-4-4-12 with dashes); ours prints its 16 bytes as 32 hex "
                    + "digits. Checked: the same digits.") {
        @Override
        boolean accepts(String path, JsonNode theirs, Map<String, JsonNode> ours) {
            JsonNode o = ours.get(path);
            return theirs.isTextual() && o != null && o.isTextual()
                    && theirs.asText().replace("-", "").equalsIgnoreCase(o.asText()) && o.asText().length() == 32;
        }
    },

    PSD_FLAGS("id-ctrl", "psds\\[\\d+]\\.flags", Kind.DERIVED,
            "nvme-cli 2.3 prints byte 3 of each power state descriptor raw, as flags; ours decodes its two bits as "
                    + "max_power_scale (bit 0) and non-operational_state (bit 1) and has no flags. Checked: flags == "
                    + "max_power_scale | non-operational_state << 1.") {
        @Override
        boolean accepts(String path, JsonNode theirs, Map<String, JsonNode> ours) {
            String psd = path.substring(0, path.lastIndexOf('.'));
            JsonNode mps = ours.get(psd + ".max_power_scale");
            JsonNode nops = ours.get(psd + ".non-operational_state");
            return theirs.isIntegralNumber() && mps != null && nops != null && mps.isIntegralNumber()
                    && nops.isIntegralNumber() && mps.asInt() <= 1 && nops.asInt() <= 1
                    && theirs.asInt() == (mps.asInt() | nops.asInt() << 1);
        }

        @Override
        boolean oursOnly(String document, String path) {
            return document.equals("id-ctrl") && path.matches("psds\\[\\d+]\\.(max_power_scale|non-operational_state)");
        }
    };

    /** Why a field may differ. */
    enum Kind {
        /** The same value in another JSON form: compared after normalising. */
        FORM,
        /** nvme-cli 2.3 prints a raw field ours decodes: compared through ours' decoded parts. */
        DERIVED,
        /** The controller's value moved with I/O the guest's kernel did before nvme-cli ran. */
        GUEST_IO
    }

    private final Pattern documents;
    private final Pattern paths;
    private final Kind kind;
    private final String reason;

    NvmeCliDifference(String documents, String paths, Kind kind, String reason) {
        this.documents = Pattern.compile(documents);
        this.paths = Pattern.compile(paths);
        this.kind = kind;
        this.reason = reason;
    }

    Kind kind() {
        return kind;
    }

    String reason() {
        return reason;
    }

    /** True if this allowance covers {@code path} (a field nvme-cli printed) of {@code document}. */
    boolean covers(String document, String path) {
        return documents.matcher(document).matches() && paths.matcher(path).matches();
    }

    /** The allowance's own check of nvme-cli's value against ours ({@code ours}: every field of ours, flattened). */
    abstract boolean accepts(String path, JsonNode theirs, Map<String, JsonNode> ours);

    /** True if ours may print {@code path}, which nvme-cli 2.3 does not print, because of this difference. */
    boolean oursOnly(String document, String path) {
        return false;
    }

    /** The first allowance covering the field, if any. */
    static Optional<NvmeCliDifference> of(String document, String path) {
        for (NvmeCliDifference d : values()) {
            if (d.covers(document, path)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** A JSON integer, or a string of decimal digits (nvme-cli's 128-bit form). */
    static Optional<BigInteger> integer(JsonNode n) {
        if (n == null) {
            return Optional.empty();
        }
        if (n.isIntegralNumber()) {
            return Optional.of(n.bigIntegerValue());
        }
        if (n.isTextual() && n.asText().matches("\\d{1,40}")) {
            return Optional.of(new BigInteger(n.asText()));
        }
        return Optional.empty();
    }
}
