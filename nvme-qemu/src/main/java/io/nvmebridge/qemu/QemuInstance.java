package io.nvmebridge.qemu;

import io.nvmebridge.qemu.qmp.QmpClient;
import io.nvmebridge.qemu.qtest.QtestClient;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One running QEMU and everything it holds on the host: the process, its run directory (sockets, stderr,
 * generated firmware), the guest RAM file and its mapping in this JVM, and the qtest and QMP connections.
 * {@link #close()} releases all of it, always; so does the JVM's shutdown hook for instances never closed.
 *
 * <p>When QEMU exits on its own (crash, SIGKILL), the exit is seen at once through {@link QemuProcess#onExit()}:
 * the qtest connection is failed with a message naming the exit status and the stderr tail, so a blocked
 * call returns with that message instead of hanging, and death listeners run.
 */
public final class QemuInstance implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(QemuInstance.class.getName());

    private final QemuConfig config;
    private final Path runDirectory;
    private final Path ramFile;
    private final Path stderrFile;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CopyOnWriteArrayList<Consumer<String>> deathListeners = new CopyOnWriteArrayList<>();
    private Arena arena;
    private MemorySegment ram;
    private QemuProcess process;
    private volatile QtestClient qtest;
    private volatile QmpClient qmp;
    private volatile String deathReason;

    QemuInstance(QemuConfig config, Path runDirectory, Path ramFile) {
        this.config = config;
        this.runDirectory = runDirectory;
        this.ramFile = ramFile;
        this.stderrFile = runDirectory.resolve("qemu.stderr");
    }

    /** Creates the RAM file at its full size and maps it shared into this JVM. */
    void mapRam() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(ramFile.toFile(), "rw")) {
            f.setLength(config.ramBytes());
            arena = Arena.ofShared();
            ram = f.getChannel().map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, config.ramBytes(), arena);
        }
    }

    void started(QemuProcess p) {
        this.process = p;
        p.onExit().whenComplete((status, error) -> processExited());
    }

    void connected(QtestClient qtest, QmpClient qmp) {
        this.qtest = qtest;
        this.qmp = qmp;
        qtest.explainFailuresWith(this::explain);
        if (!process.isAlive()) {
            processExited(); // exited before the clients were installed: fail them now
        }
    }

    private void processExited() {
        boolean first;
        synchronized (this) {
            first = deathReason == null;
            if (first) {
                deathReason = closed.get()
                        ? process.describe() + " was shut down by close()"
                        : process.describe() + " exited with status " + exitStatus(process) + stderrSuffix();
            }
        }
        QtestClient t = qtest;
        if (t != null) {
            t.fail(deathReason);
        }
        if (first) {
            if (!closed.get()) {
                LOG.log(Level.WARNING, deathReason);
            }
            for (Consumer<String> l : deathListeners) {
                l.accept(deathReason);
            }
        }
    }

    /**
     * A socket failure usually means QEMU died: wait a moment for the exit to be reaped and name it, so the
     * caller reads "exited with status 137; QEMU stderr: ..." rather than "connection reset".
     */
    private String explain(String socketFailure) {
        QemuProcess p = process;
        if (deathReason == null && p != null && !closed.get()) {
            try {
                p.onExit().get(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // still running: the socket failure is the whole story
            }
            if (!p.isAlive() && deathReason == null) {
                processExited();
            }
        }
        String d = deathReason;
        return d != null && !d.equals(socketFailure) ? d + " (" + socketFailure + ")" : socketFailure;
    }

    public QemuConfig config() {
        return config;
    }

    /** Guest RAM as mapped into this JVM; byte offset = guest physical address. */
    public MemorySegment ram() {
        return ram;
    }

    public QtestClient qtest() {
        return qtest;
    }

    /** The QMP control connection: stop, cont, query-status, quit, events. */
    public QmpClient qmp() {
        return qmp;
    }

    public long pid() {
        return process.pid();
    }

    public Path runDirectory() {
        return runDirectory;
    }

    public Path ramFile() {
        return ramFile;
    }

    /** True while the process runs and the qtest connection works. */
    public boolean isAlive() {
        QtestClient t = qtest;
        return !closed.get() && process != null && process.isAlive() && t != null && t.isOpen();
    }

    /** Why QEMU is gone, or null while it runs. */
    public String deathReason() {
        return deathReason;
    }

    /** Registers {@code listener}, called once with the reason when QEMU exits. */
    public void onDeath(Consumer<String> listener) {
        deathListeners.add(listener);
    }

    /** The QEMU version from the QMP greeting, or "?" before it was read. */
    public String qemuVersion() {
        QmpClient q = qmp;
        return q != null && q.greeting() != null ? q.greeting().version() : "?";
    }

    /** The last lines of QEMU's stderr (at most 2 KiB), or "" when empty. */
    public String stderrTail() {
        try {
            if (!Files.exists(stderrFile)) {
                return "";
            }
            byte[] all = Files.readAllBytes(stderrFile);
            int from = Math.max(0, all.length - 2048);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    String stderrSuffix() {
        String tail = stderrTail();
        return tail.isEmpty() ? " (stderr empty)" : "; QEMU stderr: " + tail;
    }

    Path stderrFile() {
        return stderrFile;
    }

    /**
     * Quits QEMU (QMP quit, then SIGTERM, then SIGKILL), closes the connections, unmaps and deletes the RAM
     * file and deletes the run directory. Idempotent; never throws.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            stopProcess();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "stopping QEMU failed", e);
        }
        QtestClient t = qtest;
        if (t != null) {
            t.close();
        }
        QmpClient q = qmp;
        if (q != null) {
            q.close();
        }
        if (arena != null) {
            try {
                arena.close();
            } catch (IllegalStateException e) {
                LOG.log(Level.WARNING, "guest RAM still in use by another thread; left mapped: " + e.getMessage());
            }
        }
        deleteQuietly(ramFile);
        deleteTree(runDirectory);
        QemuReaper.unregister(this);
    }

    private void stopProcess() {
        QemuProcess p = process;
        if (p == null) {
            return;
        }
        QmpClient q = qmp;
        if (p.isAlive() && q != null && q.isOpen()) {
            q.quit(java.time.Duration.ofSeconds(1));
        }
        if (waitFor(p, 2000)) {
            return;
        }
        p.terminate();
        if (waitFor(p, 5000)) {
            return;
        }
        p.kill();
        if (!waitFor(p, 5000)) {
            LOG.log(Level.ERROR, p.describe() + " did not die after being killed");
        }
    }

    /**
     * Kills QEMU at once without closing anything here (SIGKILL, or docker kill in a container): a crash
     * as the driver sees it. {@link #close()} is still needed afterwards.
     */
    public void kill() {
        QemuProcess p = process;
        if (p != null) {
            p.kill();
        }
    }

    /** The process (or container) QEMU runs as. */
    public QemuProcess process() {
        return process;
    }

    /** The exit status, or -1 when it is not known (the exit future failed). */
    static int exitStatus(QemuProcess p) {
        try {
            return p.onExit().getNow(-1);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static boolean waitFor(QemuProcess p, long millis) {
        try {
            p.onExit().get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !p.isAlive();
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete " + p + ": " + e.getMessage());
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(QemuInstance::deleteQuietly);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return (process != null ? process.describe() : "QEMU (not started)") + " in " + runDirectory;
    }
}
