package io.nvmebridge.qemu;

/** Helpers for QEMU's option syntax. */
final class QemuArgs {
    private QemuArgs() {
    }

    /** Escapes a value inside a comma-separated option list (QEMU doubles commas). */
    static String escape(String value) {
        return value.replace(",", ",,");
    }
}
