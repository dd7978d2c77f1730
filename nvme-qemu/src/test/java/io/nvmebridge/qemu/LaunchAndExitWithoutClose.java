package io.nvmebridge.qemu;

/**
 * Run in a child JVM by {@link ShutdownHookTest}: starts QEMU, prints its pid and RAM file, and exits
 * without closing anything — the shutdown hook must clean up.
 */
public final class LaunchAndExitWithoutClose {
    private LaunchAndExitWithoutClose() {
    }

    public static void main(String[] args) {
        QemuNvmeFunction f = QemuNvmeFunction.launch(QemuConfig.builder().build());
        System.out.println(f.qemu().pid() + " " + f.qemu().ramFile() + " " + f.qemu().runDirectory());
        System.out.flush();
        System.exit(0);
    }
}
