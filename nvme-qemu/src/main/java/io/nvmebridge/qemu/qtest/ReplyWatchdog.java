package io.nvmebridge.qemu.qtest;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One daemon thread that bounds blocking socket calls: every 50 ms it fails each watched client whose
 * current call passed its deadline, which closes the channel and so wakes the blocked thread with an
 * exception. The clients set a deadline around each blocking system call (a volatile store), so the I/O
 * path itself allocates nothing and needs no timer per call.
 */
final class ReplyWatchdog implements Runnable {
    static final ReplyWatchdog INSTANCE = new ReplyWatchdog();
    private static final long PERIOD_MS = 50;

    interface Watched {
        /** System.nanoTime() deadline of the current blocking call, 0 when none. */
        long deadline();

        /** Called (from the watchdog thread) when the deadline passed. */
        void overdue();
    }

    private final CopyOnWriteArrayList<Watched> watched = new CopyOnWriteArrayList<>();

    private ReplyWatchdog() {
        Thread t = new Thread(this, "nvme-bridge-qtest-watchdog");
        t.setDaemon(true);
        t.start();
    }

    void watch(Watched w) {
        watched.add(w);
    }

    void unwatch(Watched w) {
        watched.remove(w);
    }

    @Override
    public void run() {
        while (true) {
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            // by index: an iterator would be an allocation every 50 ms for the life of the JVM
            for (int i = 0; i < watched.size(); i++) {
                Watched w;
                try {
                    w = watched.get(i);
                } catch (IndexOutOfBoundsException gone) {
                    break; // unwatched since size() was read; the next round sees the new list
                }
                long d = w.deadline();
                if (d != 0 && now - d > 0) {
                    w.overdue();
                }
            }
        }
    }
}
