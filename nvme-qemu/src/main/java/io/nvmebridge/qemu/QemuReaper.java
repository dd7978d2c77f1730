package io.nvmebridge.qemu;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers every QEMU this JVM started and, from a shutdown hook, tears down the ones still running —
 * so that neither a QEMU process nor a RAM file in /dev/shm outlives the JVM (short of SIGKILL).
 */
final class QemuReaper {
    private static final Set<QemuInstance> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(QemuReaper::reapAll, "nvme-bridge-qemu-reaper"));
    }

    private QemuReaper() {
    }

    static void register(QemuInstance instance) {
        LIVE.add(instance);
    }

    static void unregister(QemuInstance instance) {
        LIVE.remove(instance);
    }

    private static void reapAll() {
        for (QemuInstance i : LIVE.toArray(QemuInstance[]::new)) {
            i.close();
        }
    }
}
