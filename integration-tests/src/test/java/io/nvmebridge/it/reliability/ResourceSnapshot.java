package io.nvmebridge.it.reliability;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What this JVM holds that a test could leak: open file descriptors (by target), live threads of ours
 * ({@code nvme-*} and the suite's helper threads), /dev/shm files named with our pid (QEMU guest RAM, shared
 * rings) and qemu-system processes descended from this JVM.
 */
record ResourceSnapshot(Map<Integer, String> fds, TreeSet<String> threads, TreeSet<String> shm, TreeSet<String> qemus) {
    private static final long PID = ProcessHandle.current().pid();
    /** Leftovers that are process-wide infrastructure, not leaks (reported, not failed on). */
    static final java.util.Set<String> TOLERATED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static ResourceSnapshot take() {
        return new ResourceSnapshot(fds0(), threads0(), shm0(), qemus0());
    }

    /**
     * For {@code socket:[inode]}: " (unix PATH)", " (unix, unnamed, peer PATH)" (the peer found through
     * {@code ss -xan}), " (tcp REMOTE)" from /proc/net/tcp{,6}, else " (socket)".
     */
    static String describeSocket(String target) {
        if (!target.startsWith("socket:[")) {
            return "";
        }
        String inode = target.substring(8, target.length() - 1);
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/unix"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 7 && f[6].equals(inode)) {
                    return f.length >= 8 ? " (unix " + f[7] + ")" : " (unix, unnamed, peer " + unixPeerPath(inode) + ")";
                }
            }
            for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length >= 10 && f[9].equals(inode)) {
                        return " (tcp to port " + Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16) + ")";
                    }
                }
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc/net"))) {
                for (Path table : ds) {
                    try {
                        for (String line : Files.readAllLines(table)) {
                            if ((" " + line + " ").contains(" " + inode + " ")) {
                                return " (" + table.getFileName() + ": " + line.trim().replaceAll("\\s+", " ") + ")";
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        // not a readable table
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return " (socket)";
        }
        return " (socket)";
    }

    /** The bound path of the peer of an unnamed, connected Unix socket, or "?" ({@code ss -xan}: local inode → peer inode). */
    private static String unixPeerPath(String inode) {
        try {
            Process p = new ProcessBuilder("ss", "-xan").redirectErrorStream(true).start();
            List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
            p.waitFor();
            String peer = null;
            for (String l : lines) {
                String[] f = l.trim().split("\\s+");
                // Netid State Recv-Q Send-Q LocalPath LocalInode PeerPath PeerInode
                if (f.length >= 8 && f[5].equals(inode)) {
                    peer = f[7];
                }
            }
            if (peer != null) {
                for (String l : lines) {
                    String[] f = l.trim().split("\\s+");
                    if (f.length >= 8 && f[5].equals(peer)) {
                        return f[4];
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            return "?";
        }
        return "?";
    }

    private static Map<Integer, String> fds0() {
        Map<Integer, String> m = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path p : ds) {
                try {
                    m.put(Integer.parseInt(p.getFileName().toString()), Files.readSymbolicLink(p).toString());
                } catch (IOException | NumberFormatException e) {
                    // closed while listing (e.g. the directory stream's own descriptor)
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd", e);
        }
        return m;
    }

    private static TreeSet<String> threads0() {
        TreeSet<String> s = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (t.isAlive() && (n.startsWith("nvme-") || n.equals("clean-traffic") || n.equals("fault-timer"))) {
                s.add(n + (t.isDaemon() ? " (daemon)" : "") + " #" + t.threadId());
            }
        }
        return s;
    }

    private static TreeSet<String> shm0() {
        TreeSet<String> s = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/dev/shm"))) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.contains("-" + PID + "-") || n.contains("_" + PID + "_") || n.endsWith("-" + PID)) {
                    s.add(p.toString());
                }
            }
        } catch (IOException e) {
            // no /dev/shm: nothing of ours can be there
        }
        return s;
    }

    private static TreeSet<String> qemus0() {
        TreeSet<String> s = new TreeSet<>();
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach(p -> {
            String cmd = p.info().command().orElse("");
            if (cmd.contains("qemu-system")) {
                s.add("pid " + p.pid() + " " + cmd);
            }
        });
        return s;
    }

    /**
     * What is here now and was not at {@code baseline}. Descriptors for jar files and the JDK's own files are
     * not counted: the class loader opens those on first use and keeps them.
     */
    List<String> leftoversSince(ResourceSnapshot baseline) {
        List<String> out = new ArrayList<>();
        // process-wide singletons of nvme-qemu, created on first use and kept for the JVM's life: the shared
        // Netty epoll event loop (one thread: one epoll, one eventfd, one timerfd) and the qtest reply watchdog.
        // One unnamed Unix socket also appears on first QEMU use and stays, however many QEMUs ran (one after
        // 4, 8 or 40 instances): a first-use allocation, not a per-instance leak, which would show as several.
        Map<String, Integer> singletonFds = new TreeMap<>(Map.of(
                "anon_inode:[eventpoll]", 1, "anon_inode:[eventfd]", 1, "anon_inode:[timerfd]", 1));
        boolean qemuUsed = threads.stream().anyMatch(t -> t.startsWith("nvme-bridge-qemu-io-1-1 "));
        int unnamedSocketsAllowed = qemuUsed ? 1 : 0;
        // Testcontainers' shared DockerClient keeps a pool of connections to the Docker daemon for the JVM's
        // life (one per request that ran concurrently, e.g. a container's wait stream plus a kill); each pooled
        // connection shows as a Unix socket whose peer is docker.sock plus one companion socket of the
        // transport that no /proc/net table lists. Tolerated, and printed, one companion per daemon connection.
        int dockerConnections = 0;
        for (String t : fds.values()) {
            if (!baseline.fds.containsValue(t) && describeSocket(t).contains("peer /var/run/docker.sock")) {
                dockerConnections++;
            }
        }
        int companionsAllowed = dockerConnections;
        for (Map.Entry<Integer, String> e : fds.entrySet()) {
            String target = e.getValue();
            if (target.equals(baseline.fds.get(e.getKey())) || target.endsWith(".jar") || target.startsWith("/usr/lib/jvm/")
                    || target.startsWith("/proc/") || target.equals("/dev/random") || target.equals("/dev/urandom")) {
                continue;
            }
            if (singletonFds.getOrDefault(target, 0) > 0) {
                singletonFds.merge(target, -1, Integer::sum);
                continue;
            }
            String where = describeSocket(target);
            if (where.contains("peer /var/run/docker.sock")) {
                TOLERATED.add("fd " + e.getKey() + " -> " + target + where + ": Testcontainers' Docker client pool");
                continue;
            }
            if (where.equals(" (socket)") && companionsAllowed > 0) {
                companionsAllowed--;
                TOLERATED.add("fd " + e.getKey() + " -> " + target + ": companion of a Docker client connection");
                continue;
            }
            if (where.startsWith(" (unix, unnamed, peer ?") && unnamedSocketsAllowed > 0) {
                unnamedSocketsAllowed--;
                TOLERATED.add("fd " + e.getKey() + " -> " + target + where + ": first-use socket of nvme-qemu");
                continue;
            }
            out.add("fd " + e.getKey() + " -> " + target + where);
        }
        threads.stream().filter(t -> !baseline.threads.contains(t))
                .filter(t -> !t.startsWith("nvme-bridge-qemu-io-1-1 ") && !t.startsWith("nvme-bridge-qtest-watchdog "))
                .forEach(t -> out.add("thread " + t));
        shm.stream().filter(f -> !baseline.shm.contains(f)).forEach(f -> out.add("shm file " + f));
        qemus.stream().filter(q -> !baseline.qemus.contains(q)).forEach(q -> out.add("qemu process " + q));
        return out;
    }
}
