package io.nvmebridge.it.conformance;

import io.nvmebridge.junit.Backend;

/**
 * QEMU's own NVMe controller (Debian's QEMU 7.2, TCG, no guest OS) with raw image namespaces in a fresh
 * temporary directory, removed on close. Surprise removal is a SIGKILL of QEMU: the function then reads all
 * ones and reports not alive, while its RAM file stays mapped until close.
 */
final class QemuDeviceFactory implements DeviceFactory {

    @Override
    public String name() {
        return "qemu";
    }

    @Override
    public boolean supportsFaultInjection() {
        return false;
    }

    @Override
    public boolean abortCanSucceed() {
        return Backend.QEMU.abortCanSucceed(); // QEMU 7.2 completes Abort with DW0 bit 0 = 1 ("not aborted") always
    }

    @Override
    public DeviceUnderTest create(DeviceSpec spec) {
        if (!spec.faults().equals(io.nvmebridge.emulator.FaultPlan.NONE)) {
            throw new IllegalArgumentException("QEMU cannot inject faults");
        }
        return DeviceSpecs.create(Backend.QEMU, spec, "NVB-CONFORMANCE");
    }

    @Override
    public String toString() {
        return name();
    }
}
