package io.nvmebridge.qemu.qmp;

/** The answer to query-status: the run state (running, paused, shutdown, ...) and whether vCPUs run. */
public record QmpStatus(String status, boolean running) {
}
