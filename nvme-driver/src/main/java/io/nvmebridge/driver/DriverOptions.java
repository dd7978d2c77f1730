package io.nvmebridge.driver;

import java.time.Duration;

/**
 * Driver settings. Immutable; start from {@link #defaults()} and change with the {@code with*} methods.
 *
 * @param adminQueueEntries   admin SQ/CQ entries (2..4096)
 * @param ioQueues            I/O queue pairs to request with Set Features / Number of Queues
 * @param shadowDoorbells     use Doorbell Buffer Config (shadow doorbells + EventIdx) when OACS bit 8 says so
 * @param interrupts          ask the device for completion interrupts when it offers them (else pure polling)
 * @param commandTimeout      per I/O command timeout; then Abort, then controller reset
 * @param adminTimeout        default timeout of admin commands the driver issues itself
 * @param initTimeout         cap on the whole bring-up (each register wait is additionally bounded by CAP.TO)
 * @param healthCheckInterval how often a polling queue with commands outstanding reads CSTS (CFS, device gone)
 *                            and checks command deadlines
 * @param asyncEventRequests  AERs to keep outstanding once {@link AdminQueue#asyncEvents} is called (capped by AERL+1)
 */
public record DriverOptions(int adminQueueEntries, int ioQueues, boolean shadowDoorbells, boolean interrupts,
                            Duration commandTimeout, Duration adminTimeout, Duration initTimeout,
                            Duration healthCheckInterval, int asyncEventRequests) {

    public DriverOptions {
        if (adminQueueEntries < 2 || adminQueueEntries > 4096) {
            throw new IllegalArgumentException("adminQueueEntries must be 2..4096: " + adminQueueEntries);
        }
        if (ioQueues < 1 || ioQueues > 65535) {
            throw new IllegalArgumentException("ioQueues must be 1..65535: " + ioQueues);
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero() || adminTimeout.isNegative() || adminTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    public static DriverOptions defaults() {
        return new DriverOptions(32, 16, true, true, Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofMillis(100), 4);
    }

    public DriverOptions withAdminQueueEntries(int v) {
        return new DriverOptions(v, ioQueues, shadowDoorbells, interrupts, commandTimeout, adminTimeout, initTimeout, healthCheckInterval, asyncEventRequests);
    }

    public DriverOptions withIoQueues(int v) {
        return new DriverOptions(adminQueueEntries, v, shadowDoorbells, interrupts, commandTimeout, adminTimeout, initTimeout, healthCheckInterval, asyncEventRequests);
    }

    public DriverOptions withShadowDoorbells(boolean v) {
        return new DriverOptions(adminQueueEntries, ioQueues, v, interrupts, commandTimeout, adminTimeout, initTimeout, healthCheckInterval, asyncEventRequests);
    }

    public DriverOptions withInterrupts(boolean v) {
        return new DriverOptions(adminQueueEntries, ioQueues, shadowDoorbells, v, commandTimeout, adminTimeout, initTimeout, healthCheckInterval, asyncEventRequests);
    }

    public DriverOptions withCommandTimeout(Duration v) {
        return new DriverOptions(adminQueueEntries, ioQueues, shadowDoorbells, interrupts, v, adminTimeout, initTimeout, healthCheckInterval, asyncEventRequests);
    }

    public DriverOptions withAdminTimeout(Duration v) {
        return new DriverOptions(adminQueueEntries, ioQueues, shadowDoorbells, interrupts, commandTimeout, v, initTimeout, healthCheckInterval, asyncEventRequests);
    }

    public DriverOptions withInitTimeout(Duration v) {
        return new DriverOptions(adminQueueEntries, ioQueues, shadowDoorbells, interrupts, commandTimeout, adminTimeout, v, healthCheckInterval, asyncEventRequests);
    }

    public DriverOptions withHealthCheckInterval(Duration v) {
        return new DriverOptions(adminQueueEntries, ioQueues, shadowDoorbells, interrupts, commandTimeout, adminTimeout, initTimeout, v, asyncEventRequests);
    }

    public DriverOptions withAsyncEventRequests(int v) {
        return new DriverOptions(adminQueueEntries, ioQueues, shadowDoorbells, interrupts, commandTimeout, adminTimeout, initTimeout, healthCheckInterval, v);
    }
}
