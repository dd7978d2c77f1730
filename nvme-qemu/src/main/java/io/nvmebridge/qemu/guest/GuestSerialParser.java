package io.nvmebridge.qemu.guest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the lines /init and nvme_randread print on the guest's serial console (qemu-images/linux-guest):
 * <pre>
 * NVB-GUEST-START kernel=6.1.0-56-amd64 cpus=2
 * NVB-GUEST-RESULT depth=1 ios=26175 ns=3000083690 iops=8725 p50=39950 p99=1673810
 * NVB-GUEST-ERROR what: why
 * NVB-GUEST-DONE status=0
 * </pre>
 * and, in the nvme-cli mode, documents (nvme-cli's JSON output) between markers:
 * <pre>
 * NVB-GUEST-BEGIN id-ctrl
 * {
 *   "vid":6966,
 *   ...
 * }
 * NVB-GUEST-END id-ctrl status=0
 * </pre>
 * Everything else (kernel messages) is ignored outside a document. The console is untrusted text: a malformed
 * result line or marker is a {@link GuestBaselineException} naming the line, never another exception.
 */
public final class GuestSerialParser {
    static final String RESULT = "NVB-GUEST-RESULT ";
    static final String ERROR = "NVB-GUEST-ERROR ";
    static final String DONE = "NVB-GUEST-DONE ";
    static final String BEGIN = "NVB-GUEST-BEGIN ";
    static final String END = "NVB-GUEST-END ";
    /** Bound on one document, so a guest that never ends one cannot fill the heap. */
    static final int MAX_DOCUMENT_CHARS = 1 << 20;

    private final List<GuestResult> results = new ArrayList<>();
    private final Map<String, String> documents = new LinkedHashMap<>();
    private final Map<String, Integer> documentStatus = new LinkedHashMap<>();
    private String error;
    private Integer doneStatus;
    private String openDocument;
    private StringBuilder document;

    /** Feeds one console line (with or without the trailing CR the serial port adds). */
    public void line(String raw) {
        if (openDocument != null) {
            documentLine(raw);
            return;
        }
        String line = raw.strip();
        int at = line.indexOf("NVB-GUEST-");
        if (at < 0) {
            return;
        }
        line = line.substring(at); // kernel messages may share the line's start
        if (line.startsWith(BEGIN)) {
            String name = line.substring(BEGIN.length()).strip();
            if (name.isEmpty() || name.contains(" ") || documents.containsKey(name)) {
                throw new GuestBaselineException("bad or repeated document marker from the guest: " + line);
            }
            openDocument = name;
            document = new StringBuilder();
        } else if (line.startsWith(RESULT)) {
            results.add(result(line));
        } else if (line.startsWith(ERROR)) {
            error = error == null ? line.substring(ERROR.length()) : error;
        } else if (line.startsWith(DONE)) {
            doneStatus = (int) number(fields(line.substring(DONE.length()), line), "status", line);
        }
    }

    public List<GuestResult> results() {
        return List.copyOf(results);
    }

    /** The documents the guest ended, by name, in the order it printed them (their text without CRs). */
    public Map<String, String> documents() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(documents));
    }

    /** The exit status the guest gave for a document ({@code NVB-GUEST-END name status=N}), or -1. */
    public int documentStatus(String name) {
        return documentStatus.getOrDefault(name, -1);
    }

    private void documentLine(String raw) {
        String line = raw.stripTrailing();
        int at = line.indexOf(END);
        if (at >= 0) {
            String marker = line.substring(at);
            String[] parts = marker.substring(END.length()).strip().split("\\s+", 2);
            if (!parts[0].equals(openDocument)) {
                throw new GuestBaselineException("document " + openDocument + " ended by the guest as: " + marker);
            }
            int status = (int) number(fields(parts.length > 1 ? parts[1] : "", marker), "status", marker);
            document.append(line, 0, at); // nvme-cli's last line may lack its newline
            documents.put(openDocument, document.toString().strip());
            documentStatus.put(openDocument, status);
            openDocument = null;
            document = null;
            return;
        }
        if (line.contains(ERROR) || line.contains(DONE)) {
            // the guest gave up inside a document: the document stays missing, the line counts as usual
            openDocument = null;
            document = null;
            line(raw);
            return;
        }
        if (document.length() + line.length() > MAX_DOCUMENT_CHARS) {
            throw new GuestBaselineException("document " + openDocument + " from the guest exceeds "
                    + MAX_DOCUMENT_CHARS + " characters");
        }
        document.append(line).append('\n');
    }

    /** The first error the guest reported, or null. */
    public String error() {
        return error;
    }

    /** True once the guest said it is done (it powers off next). */
    public boolean done() {
        return doneStatus != null;
    }

    public int doneStatus() {
        return doneStatus == null ? -1 : doneStatus;
    }

    private static GuestResult result(String line) {
        Map<String, String> f = fields(line.substring(RESULT.length()), line);
        long depth = number(f, "depth", line);
        long ios = number(f, "ios", line);
        long ns = number(f, "ns", line);
        long p50 = number(f, "p50", line);
        long p99 = number(f, "p99", line);
        if (depth < 1 || depth > 65535 || ns <= 0) {
            throw new GuestBaselineException("implausible result line from the guest: " + line);
        }
        return new GuestResult((int) depth, ios, ns, ios * 1e9 / ns, p50, p99);
    }

    private static Map<String, String> fields(String text, String line) {
        Map<String, String> m = new HashMap<>();
        for (String part : text.trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new GuestBaselineException("malformed line from the guest: " + line);
            }
            m.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return m;
    }

    private static long number(Map<String, String> f, String key, String line) {
        String v = f.get(key);
        if (v == null) {
            throw new GuestBaselineException("no " + key + "= in the guest's line: " + line);
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new GuestBaselineException("negative " + key + " in the guest's line: " + line);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new GuestBaselineException("bad " + key + "=" + v + " in the guest's line: " + line);
        }
    }
}
