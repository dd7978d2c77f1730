package io.nvmebridge.junit;

import io.nvmebridge.emulator.FaultPlan;
import java.util.List;

/**
 * What a device looks like, independent of the backend: its namespaces, MDTS, queue pairs, serial number
 * and (emulator only) fault plan.
 */
public record DeviceShape(List<Ns> namespaces, int mdts, int maxIoQueuePairs, String serial, FaultPlan faults) {

    /** One namespace; {@code metadataSize} bytes of metadata per block (0: none) in a separate buffer. */
    public record Ns(int nsid, long blocks, int lbaSize, NvmeNamespace.Storage storage, int metadataSize) {
        public Ns(int nsid, long blocks, int lbaSize, NvmeNamespace.Storage storage) {
            this(nsid, blocks, lbaSize, storage, 0);
        }

        /** The data's size. */
        public long bytes() {
            return blocks * lbaSize;
        }

        /** Data and metadata, as a QEMU image holds them (the metadata after the data). */
        public long imageBytes() {
            return blocks * (lbaSize + metadataSize);
        }
    }

    public DeviceShape {
        namespaces = List.copyOf(namespaces);
    }

    /**
     * {@link NvmeDevice}'s default shape: namespace 1 with 16384 blocks of 4096 bytes, namespace 2 with 16384
     * blocks of 512 bytes (both keeping data), MDTS 7, 64 queue pairs, serial "NVB-TEST", no faults.
     */
    public static DeviceShape standard() {
        return new DeviceShape(List.of(new Ns(1, 16384, 4096, NvmeNamespace.Storage.DATA),
                new Ns(2, 16384, 512, NvmeNamespace.Storage.DATA)), 7, 64, "NVB-TEST", FaultPlan.NONE);
    }

    public DeviceShape withFaults(FaultPlan plan) {
        return new DeviceShape(namespaces, mdts, maxIoQueuePairs, serial, plan);
    }

    static DeviceShape of(NvmeDevice d, FaultPlan faults) {
        List<Ns> ns = java.util.Arrays.stream(d.namespaces())
                .map(n -> new Ns(n.nsid(), n.blocks(), n.lbaSize(), n.storage(), n.metadataSize())).toList();
        return new DeviceShape(ns, d.mdts(), d.maxIoQueuePairs(), d.serial(), faults);
    }

    public Ns namespace(int nsid) {
        return namespaces.stream().filter(n -> n.nsid() == nsid).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no namespace " + nsid + " in " + this));
    }
}
