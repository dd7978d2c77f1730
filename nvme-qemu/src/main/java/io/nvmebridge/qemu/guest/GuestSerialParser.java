package io.nvmebridge.qemu.guest;

import java.util.ArrayList;
import java.util.HashMap;
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
 * Everything else (kernel messages) is ignored. The console is untrusted text: a malformed result line is
 * a {@link GuestBaselineException} naming the line, never another exception.
 */
public final class GuestSerialParser {
    static final String RESULT = "NVB-GUEST-RESULT ";
    static final String ERROR = "NVB-GUEST-ERROR ";
    static final String DONE = "NVB-GUEST-DONE ";

    private final List<GuestResult> results = new ArrayList<>();
    private String error;
    private Integer doneStatus;

    /** Feeds one console line (with or without the trailing CR the serial port adds). */
    public void line(String raw) {
        String line = raw.strip();
        int at = line.indexOf("NVB-GUEST-");
        if (at < 0) {
            return;
        }
        line = line.substring(at); // kernel messages may share the line's start
        if (line.startsWith(RESULT)) {
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
