package io.nvmebridge.it.bridge;

import io.nvmebridge.bridge.CqeHandler;
import io.nvmebridge.bridge.Ring;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CQEs reaped by a test, in order (as in ring-bridge's own tests). */
final class Collected implements CqeHandler {
    record Cqe(long userData, int res, int flags, long big0) {
    }

    final List<Cqe> all = new ArrayList<>();

    @Override
    public void accept(long userData, int res, int flags, long big0) {
        all.add(new Cqe(userData, res, flags, big0));
    }

    /** Waits for and reaps exactly {@code n} more CQEs (the suite's @Timeout ends a wait that never ends). */
    static Collected reap(Ring ring, int n) {
        Collected c = new Collected();
        while (c.all.size() < n) {
            ring.waitCqes(1);
            ring.forEachCqe(c, n - c.all.size());
        }
        return c;
    }

    Map<Long, Integer> byUserData() {
        Map<Long, Integer> m = new LinkedHashMap<>();
        for (Cqe c : all) {
            if (m.put(c.userData(), c.res()) != null) {
                throw new AssertionError("two CQEs for user_data " + c.userData() + ": " + all);
            }
        }
        return m;
    }

    int res(long userData) {
        Integer r = byUserData().get(userData);
        if (r == null) {
            throw new AssertionError("no CQE for user_data " + userData + " in " + all);
        }
        return r;
    }
}
