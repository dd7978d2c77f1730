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

    static ResourceSnapshot take() {
        return new ResourceSnapshot(fds0(), threads0(), shm0(), qemus0());
    }

    /** For {@code socket:[inode]}, the Unix socket's path from /proc/net/unix, if it has one. */
    private static String unixSocketPath(String target) {
        if (!target.startsWith("socket:[")) {
            return "";
        }
        String inode = target.substring(8, target.length() - 1);
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/unix"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 7 && f[6].equals(inode)) {
                    return f.length >= 8 ? " (unix " + f[7] + ")" : " (unix, unnamed)";
                }
            }
        } catch (IOException e) {
            return "";
        }
        return " (not a unix socket)";
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
            String where = unixSocketPath(target);
            if (where.equals(" (unix, unnamed)") && unnamedSocketsAllowed > 0) {
                unnamedSocketsAllowed--;
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
