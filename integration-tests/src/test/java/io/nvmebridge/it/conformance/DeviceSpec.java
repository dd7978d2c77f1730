package io.nvmebridge.it.conformance;

import io.nvmebridge.emulator.FaultPlan;

/**
 * What the suite needs of a device: namespace 1 with 4096-byte blocks, namespace 2 with 512-byte blocks, MDTS 7
 * (512 KiB with 4 KiB pages) and optionally a fault plan (only factories that support fault injection accept
 * a non-empty one).
 *
 * @param ns1Blocks blocks of namespace 1 (4096-byte blocks)
 * @param ns2Blocks blocks of namespace 2 (512-byte blocks)
 * @param faults    faults to inject
 */
public record DeviceSpec(long ns1Blocks, long ns2Blocks, FaultPlan faults) {
    public static final int NS1 = 1;
    public static final int NS2 = 2;
    public static final int MDTS = 7;

    public static DeviceSpec standard() {
        return new DeviceSpec(16384, 16384, FaultPlan.NONE);
    }

    public DeviceSpec withFaults(FaultPlan plan) {
        return new DeviceSpec(ns1Blocks, ns2Blocks, plan);
    }
}
