/**
 * An NVMe 1.4 controller emulated in the JVM: the default device under the nvme-bridge driver.
 *
 * <h2>Shape</h2>
 * <ul>
 *   <li>{@link io.nvmebridge.emulator.EmulatedNvmeFunction} — the PCI function a driver opens: BAR0, config
 *       space, host memory ({@link io.nvmebridge.spec.device.FlatMemory} at bus address 0x1_0000_0000, or any
 *       {@link io.nvmebridge.spec.device.DmaMemory}, e.g. a {@link io.nvmebridge.spec.device.WindowedMemory}).</li>
 *   <li>{@link io.nvmebridge.emulator.EmulatedController} — BAR0 accesses under one lock, routed to
 *       {@code RegisterFile} (CC.EN/CC.SHN edges, CSTS, AQA/ASQ/ACQ) or {@code QueueProcessor} (doorbells, queue
 *       processing, completion posting with phase tags and release ordering); THREADED mode's thread is
 *       {@code PollingWorker}.</li>
 *   <li>{@code AdminHandler} / {@code IoHandler} — opcode-indexed support tables and one handler per command,
 *       each returning a 16-bit status; validation order and statuses follow QEMU 7.2's {@code hw/nvme/ctrl.c}.</li>
 *   <li>{@code PrpTransfer} over {@code HostDma} — PRP1/PRP2/PRP lists (chained) into a reused scatter list;
 *       all DMA goes through {@link io.nvmebridge.spec.device.HostMemory#resolve}, or bounds arithmetic over the
 *       host memory's fixed {@link io.nvmebridge.spec.device.HostMemory#windows() windows}; a miss is
 *       DATA_TRANSFER_ERROR.</li>
 *   <li>{@code Namespace} — RAM (off-heap), FILE (memory-mapped sparse file, Flush forces it) or NULL.</li>
 *   <li>{@link io.nvmebridge.emulator.FaultPlan} / {@link io.nvmebridge.emulator.FaultRule} — seeded deterministic
 *       fault injection; {@link io.nvmebridge.emulator.TraceSink} — one line per command.</li>
 * </ul>
 *
 * <h2>Modes</h2>
 * INLINE: a doorbell write runs the new commands on the writer's thread before returning (deterministic; with
 * shadow doorbells or delayed-completion faults call {@link io.nvmebridge.emulator.EmulatedNvmeFunction#poll()}
 * or ring any doorbell). THREADED: a worker thread polls doorbells and shadow doorbells and raises the CQ's
 * interrupt vector through the registered {@link io.nvmebridge.spec.device.InterruptHandler}.
 *
 * <h2>Known differences from QEMU 7.2</h2>
 * Checked scenario by scenario against QEMU's own controller by integration-tests' differential suite; its
 * {@code KnownDifferences} is the one list (with reasons), summarised in {@code docs/emulator-vs-qemu.md}. In
 * short: NVM command set only (CAP.CSS); no namespace management, Format NVM, virtualization, Copy, Verify or
 * SGLs (OACS 0x100, ONCS without Copy, SGLS 0, so PSDT != 0 on I/O is INVALID_FIELD); one data-only LBA format
 * per size and NSFEAT 0 (Error Recovery DULBE = 1 is INVALID_FIELD); Arbitration, Interrupt Coalescing and Write
 * Atomicity Normal are settable (QEMU: FEATURE_NOT_CHANGEABLE); Get Features SEL 4-7 is INVALID_FIELD; the
 * Error Information log is a real 16-entry ring (QEMU returns zeroed entries); Volatile Write Cache default 1;
 * SMART Available Spare 100 %; Firmware Slot log FRS1 = FR; DMA outside host memory is DATA_TRANSFER_ERROR
 * (QEMU 7.2 ignores it); no CMB/PMR. Create I/O CQ accepts vectors other than 0 only with an interrupt handler
 * registered (the emulator's MSI-X enable), then any vector below maxIoQueuePairs + 1 (QEMU: below msix_qsize).
 */
package io.nvmebridge.emulator;
