package io.nvmebridge.junit;

import io.nvmebridge.emulator.FaultPlan;
import java.util.List;

/**
 * What a device looks like, independent of the backend: its namespaces, MDTS, queue pairs, serial number
 * and (emulator only) fault plan. {@link NvmeDevice} makes one from its attributes; tests opening devices
 * themselves through {@link TestDevices} make their own.
 *
 * @param namespaces      the namespaces, in order
 * @param mdts            maximum data transfer size, 2^mdts pages
 * @param maxIoQueuePairs I/O queue pairs the controller offers
 * @param serial          the serial number Identify Controller reports
 * @param faults          the emulator's fault plan ({@link FaultPlan#NONE} for none; QEMU accepts only none)
 */
public record DeviceShape(List<Ns> namespaces, int mdts, int maxIoQueuePairs, String serial, FaultPlan faults) {

    /**
     * One namespace.
     *
     * @param nsid         namespace identifier
     * @param blocks       size in logical blocks
     * @param lbaSize      logical block size in bytes
     * @param storage      whether it keeps what is written
     * @param metadataSize metadata bytes per block (0: none), in a separate buffer
     */
    public record Ns(int nsid, long blocks, int lbaSize, NvmeNamespace.Storage storage, int metadataSize) {
        /**
         * A namespace without metadata.
         *
         * @param nsid    namespace identifier
         * @param blocks  size in logical blocks
         * @param lbaSize logical block size in bytes
         * @param storage whether it keeps what is written
         */
        public Ns(int nsid, long blocks, int lbaSize, NvmeNamespace.Storage storage) {
            this(nsid, blocks, lbaSize, storage, 0);
        }

        /** {@return the data's size in bytes} */
        public long bytes() {
            return blocks * lbaSize;
        }

        /** {@return the bytes of data and metadata, as a QEMU image holds them (the metadata after the data)} */
        public long imageBytes() {
            return blocks * (lbaSize + metadataSize);
        }
    }

    /** Copies {@code namespaces}, so the shape stays as it was made. */
    public DeviceShape {
        namespaces = List.copyOf(namespaces);
    }

    /**
     * {@return {@link NvmeDevice}'s default shape: namespace 1 with 16384 blocks of 4096 bytes, namespace 2
     * with 16384 blocks of 512 bytes (both keeping data), MDTS 7, 64 queue pairs, serial "NVB-TEST", no faults}
     */
    public static DeviceShape standard() {
        return new DeviceShape(List.of(new Ns(1, 16384, 4096, NvmeNamespace.Storage.DATA),
                new Ns(2, 16384, 512, NvmeNamespace.Storage.DATA)), 7, 64, "NVB-TEST", FaultPlan.NONE);
    }

    /**
     * {@return this shape with {@code plan} as its fault plan}
     *
     * @param plan the emulator's fault plan
     */
    public DeviceShape withFaults(FaultPlan plan) {
        return new DeviceShape(namespaces, mdts, maxIoQueuePairs, serial, plan);
    }

    static DeviceShape of(NvmeDevice d, FaultPlan faults) {
        List<Ns> ns = java.util.Arrays.stream(d.namespaces())
                .map(n -> new Ns(n.nsid(), n.blocks(), n.lbaSize(), n.storage(), n.metadataSize())).toList();
        return new DeviceShape(ns, d.mdts(), d.maxIoQueuePairs(), d.serial(), faults);
    }

    /**
     * {@return the namespace {@code nsid}}
     *
     * @param nsid a namespace identifier of this shape
     * @throws IllegalArgumentException when the shape has no such namespace
     */
    public Ns namespace(int nsid) {
        return namespaces.stream().filter(n -> n.nsid() == nsid).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no namespace " + nsid + " in " + this));
    }
}
