package io.nvmebridge.it.yardstick;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The allow-list of the nvme-cli yardstick: every way the tool's JSON may differ from nvme-cli 2.3's on the same
 * QEMU controller, each with its reason and a check of its own (an allowed field is still compared, just not
 * for equality). The tool prints nvme-cli 2.3's JSON forms, so what remains is a value the guest's kernel moved.
 * docs/nvme-cli-yardstick.md lists them with the values one run found.
 */
enum NvmeCliDifference {

    GUEST_READS("smart-log", "data_units_read|host_read_commands",
            "QEMU counts the namespace's reads since QEMU started. In the guest, Linux read the namespace while "
                    + "booting, before nvme-cli ran (the partition-table scan of nvme0n1; SeaBIOS may probe it too), "
                    + "so nvme-cli sees those reads; the driver read nothing before smart-log. Checked: both are "
                    + "128-bit counters in nvme-cli 2.3's form (a decimal string), ours <= nvme-cli's.") {
        @Override
        boolean accepts(String path, JsonNode theirs, Map<String, JsonNode> ours) {
            Optional<BigInteger> t = decimalString(theirs);
            Optional<BigInteger> o = decimalString(ours.get(path));
            return t.isPresent() && o.isPresent() && o.get().compareTo(t.get()) <= 0;
        }
    };

    private final Pattern documents;
    private final Pattern paths;
    private final String reason;

    NvmeCliDifference(String documents, String paths, String reason) {
        this.documents = Pattern.compile(documents);
        this.paths = Pattern.compile(paths);
        this.reason = reason;
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

    /** The first allowance covering the field, if any. */
    static Optional<NvmeCliDifference> of(String document, String path) {
        for (NvmeCliDifference d : values()) {
            if (d.covers(document, path)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** A string of decimal digits (nvme-cli 2.3's form of a 128-bit field); a JSON number is not one. */
    static Optional<BigInteger> decimalString(JsonNode n) {
        if (n != null && n.isTextual() && n.asText().matches("\\d{1,40}")) {
            return Optional.of(new BigInteger(n.asText()));
        }
        return Optional.empty();
    }
}
