package io.nvmebridge.bridge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CQEs reaped by a test, in order. Shared with the integration tests through ring-bridge's test jar (their
 * suite's @Timeout ends a wait that never ends).
 */
public final class Collected implements CqeHandler {
    public record Cqe(long userData, int res, int flags, long big0) {
    }

    public final List<Cqe> all = new ArrayList<>();

    @Override
    public void accept(long userData, int res, int flags, long big0) {
        all.add(new Cqe(userData, res, flags, big0));
    }

    /** Waits for and reaps exactly {@code n} more CQEs. */
    public static Collected reap(Ring ring, int n) {
        Collected c = new Collected();
        while (c.all.size() < n) {
            ring.waitCqes(1);
            ring.forEachCqe(c, n - c.all.size());
        }
        return c;
    }

    public Map<Long, Integer> byUserData() {
        Map<Long, Integer> m = new LinkedHashMap<>();
        for (Cqe c : all) {
            if (m.put(c.userData(), c.res()) != null) {
                throw new AssertionError("two CQEs for user_data " + c.userData() + ": " + all);
            }
        }
        return m;
    }

    public int res(long userData) {
        Integer r = byUserData().get(userData);
        if (r == null) {
            throw new AssertionError("no CQE for user_data " + userData + " in " + all);
        }
        return r;
    }
}
