/**
 * A userspace NVMe driver over an {@link io.nvmebridge.spec.device.NvmeFunction} (BAR0, DMA memory, optional
 * interrupts) — the in-JVM emulator, QEMU's controller over qtest, or anything else that implements it.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link io.nvmebridge.driver.NvmeController}: {@code open(fn, options)} runs the polled bring-up
 *       ({@link io.nvmebridge.driver.ControllerInit}, states in {@link io.nvmebridge.driver.InitState}), then gives
 *       identify data, namespaces, the admin queue, I/O queue pairs, reset and shutdown.</li>
 *   <li>{@link io.nvmebridge.driver.AdminQueue}: thread-safe (one lock), blocking {@code execute} and async
 *       {@code submit}; raw commands are {@link io.nvmebridge.driver.AdminCommand}s (admin-passthru).</li>
 *   <li>{@link io.nvmebridge.driver.IoQueuePair}: one owner thread, no locks, no allocation per I/O; CID = tracker
 *       index; one SQ doorbell per flushed batch, one CQ doorbell per reaped batch, shadow doorbells with EventIdx;
 *       PRP lists in per-tracker preallocated slots (also for a scatter list of ranges: {@code submit} of an {@code IoCommand} with ranges,
 *       {@link io.nvmebridge.driver.ScatterPrpBuilder}); requests above MDTS split and completed as one. Its
 *       per-command state is a {@link io.nvmebridge.driver.CommandTrackers} (one preallocated object per
 *       command), its rings and doorbells a {@link io.nvmebridge.driver.NvmeSqRing} and a
 *       {@link io.nvmebridge.driver.NvmeCqRing},
 *       its timeout checks and re-creation after a reset a {@link io.nvmebridge.driver.QueueRecovery}.</li>
 *   <li>Statuses: NVMe's 15-bit status field ({@link io.nvmebridge.spec.Status}) or a driver-made
 *       {@link io.nvmebridge.driver.DriverStatus} (timeout, reset, device gone, invalid request);
 *       {@link io.nvmebridge.driver.ErrnoMapping} turns either into Linux's errno.</li>
 * </ul>
 *
 * <h2>Errors and recovery</h2>
 * A command past {@link io.nvmebridge.driver.DriverOptions#commandTimeout()} gets an Abort; still outstanding one
 * more timeout later it completes with {@code DriverStatus.TIMED_OUT} (ETIMEDOUT) and the controller is reset.
 * CSTS.CFS resets the controller. A reset re-creates the queue pairs in place and submits the I/O that was
 * in flight again, as Linux requeues it (up to {@code IoQueuePair.MAX_RESET_RETRIES} resets per command);
 * passthrough commands, and commands past that limit, complete with {@code ABORTED_BY_RESET} (ECANCELED). A vanished device (not alive, registers all ones)
 * completes everything with {@code DEVICE_GONE} (ENODEV). Driver-made completions are delivered by
 * {@code poll()} like device ones, so handlers always run on the owner thread.
 *
 * <h2>Threading limits</h2>
 * A controller reset touches every queue pair; other owner threads must not be inside their pair's
 * submit/poll while it runs (the thread whose poll triggers recovery is fine).
 */
package io.nvmebridge.driver;
