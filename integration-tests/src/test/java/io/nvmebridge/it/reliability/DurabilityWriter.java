package io.nvmebridge.it.reliability;

import io.nvmebridge.bridge.ForwardingPath;
import io.nvmebridge.bridge.NvmeBridge;
import io.nvmebridge.driver.DriverOptions;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorConfig;
import io.nvmebridge.emulator.NamespaceConfig;
import io.nvmebridge.qemu.QemuConfig;
import io.nvmebridge.qemu.QemuNamespace;
import io.nvmebridge.qemu.QemuNvmeFunction;
import io.nvmebridge.spec.device.NvmeFunction;

import java.nio.file.Path;

/**
 * The child process of {@link DurabilityTest}: opens a file-backed namespace (emulator FILE backing, or QEMU with
 * a raw image), writes {@code flushed} patterned blocks through a bridge ring, issues IORING_OP_FSYNC (NVMe
 * Flush), prints {@code FLUSHED <blocks> <qemu pid or 0>} once the FSYNC completed, then keeps writing more
 * (unflushed) blocks until it is killed.
 *
 * <p>Usage: {@code DurabilityWriter emulator|qemu <image> <blocks> <flushed> <workdir>}
 */
public final class DurabilityWriter {
    private DurabilityWriter() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        Path image = Path.of(args[1]);
        long blocks = Long.parseLong(args[2]);
        int flushed = Integer.parseInt(args[3]);
        Path work = Path.of(args[4]);
        NvmeFunction fn;
        long qemuPid = 0;
        if (kind.equals("emulator")) {
            fn = EmulatedNvmeFunction.open(EmulatorConfig.builder()
                    .namespace(NamespaceConfig.file(1, blocks, 4096, image)).build(), 32L << 20);
        } else {
            QemuNvmeFunction q = QemuNvmeFunction.launch(QemuConfig.builder().ramMiB(64)
                    .runDirectoryParent(work).ramDirectory(work)
                    .namespace(QemuNamespace.raw(1, image, 4096)).build());
            qemuPid = q.qemu().pid();
            fn = q;
        }
        NvmeController ctrl = NvmeController.open(fn, DriverOptions.defaults());
        NvmeBridge bridge = NvmeBridge.of(ctrl, true);
        RingClient ring = new RingClient(bridge, ForwardingPath.INLINE, false, 32, "durability");
        int slot = 0;
        for (int b = 0; b < flushed; b++) {
            BlockPattern.fill(ring.buf, ring.slotOffset(slot), 1, b, 1);
            ring.write(1, 4096, b, slot, b);
            slot++;
            if (slot == ring.slots() || b == flushed - 1) {
                ring.submit();
                drain(ring);
                slot = 0;
            }
        }
        ring.fsync(1, -1);
        ring.submit();
        drain(ring);
        System.out.println("FLUSHED " + flushed + " " + qemuPid);
        System.out.flush();
        // keep the device busy with unflushed writes until SIGKILL
        for (long v = 2; ; v++) {
            for (int i = 0; i < ring.slots(); i++) {
                long b = flushed + (v * 31 + i) % (blocks - flushed);
                BlockPattern.fill(ring.buf, ring.slotOffset(i), 1, b, v);
                ring.write(1, 4096, b, i, b);
            }
            ring.submit();
            drain(ring);
        }
    }

    private static void drain(RingClient ring) {
        while (ring.ledger.outstanding() > 0) {
            ring.reap((ud, res, flags, big0) -> {
                if (res != 0) {
                    System.out.println("FAILED user_data " + ud + " res " + res);
                    System.exit(3);
                }
            });
        }
    }
}
