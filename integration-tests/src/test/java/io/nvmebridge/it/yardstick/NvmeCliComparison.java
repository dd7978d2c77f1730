package io.nvmebridge.it.yardstick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares one nvme-cli JSON document with the tool's on the same controller: every field nvme-cli prints (a leaf,
 * named by its path: {@code psds[0].max_power}) must be in ours with an equal value (numbers by value, strings
 * exactly), unless a {@link NvmeCliDifference} covers it and its own check accepts ours; every field of ours must
 * be one nvme-cli prints.
 */
final class NvmeCliComparison {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What happened to one field. */
    enum Outcome {
        /** Equal. */
        SAME,
        /** Different, accepted by an allowance. */
        ALLOWED,
        /** Different (or an allowance's check refused ours): a failure. */
        DIFFERENT,
        /** nvme-cli prints it, ours lacks it: a failure. */
        MISSING,
        /** Ours prints it, nvme-cli does not: a failure. */
        EXTRA
    }

    /** One field: its document and path, both values as printed ("" when absent), and what happened. */
    record Field(String document, String path, String nvmeCli, String ours, Outcome outcome,
                 NvmeCliDifference allowance) {
        boolean failed() {
            return outcome == Outcome.DIFFERENT || outcome == Outcome.MISSING || outcome == Outcome.EXTRA;
        }

        @Override
        public String toString() {
            return document + " " + path + ": nvme-cli " + (nvmeCli.isEmpty() ? "(absent)" : nvmeCli) + ", ours "
                    + (ours.isEmpty() ? "(absent)" : ours) + " -> " + outcome + (allowance == null ? "" : " (" + allowance + ")");
        }
    }

    private NvmeCliComparison() {
    }

    static List<Field> compare(String document, String nvmeCliJson, String oursJson) {
        Map<String, JsonNode> theirs = flatten(parse(document + " from nvme-cli", nvmeCliJson));
        Map<String, JsonNode> ours = flatten(parse(document + " from nvme-bridge", oursJson));
        List<Field> fields = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : theirs.entrySet()) {
            String path = e.getKey();
            JsonNode t = e.getValue();
            JsonNode o = ours.get(path);
            Optional<NvmeCliDifference> allowance = NvmeCliDifference.of(document, path);
            Outcome outcome;
            if (o != null && same(t, o)) {
                outcome = Outcome.SAME;
            } else if (allowance.isPresent() && allowance.get().accepts(path, t, ours)) {
                outcome = Outcome.ALLOWED;
            } else {
                outcome = o == null && allowance.isEmpty() ? Outcome.MISSING : Outcome.DIFFERENT;
            }
            fields.add(new Field(document, path, text(t), text(o), outcome,
                    outcome == Outcome.SAME ? null : allowance.orElse(null)));
        }
        for (Map.Entry<String, JsonNode> e : ours.entrySet()) {
            String path = e.getKey();
            if (theirs.containsKey(path)) {
                continue;
            }
            fields.add(new Field(document, path, "", text(e.getValue()), Outcome.EXTRA, null));
        }
        return fields;
    }

    /** Equal values: numbers by value (an int and a long of the same value are equal), everything else exactly. */
    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText())) == 0;
        }
        return a.equals(b);
    }

    /** Every leaf of a document by path: {@code key}, {@code key.sub}, {@code key[0].sub}. */
    static Map<String, JsonNode> flatten(JsonNode root) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        flatten("", root, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, JsonNode> out) {
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                flatten(prefix + "[" + i + "]", n.get(i), out);
            }
        } else {
            out.put(prefix, n);
        }
    }

    private static JsonNode parse(String what, String json) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException(what + " is not a JSON object: " + json);
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON (" + e.getOriginalMessage() + "):\n" + json, e);
        }
    }

    private static String text(JsonNode n) {
        return n == null ? "" : n.toString();
    }
}
