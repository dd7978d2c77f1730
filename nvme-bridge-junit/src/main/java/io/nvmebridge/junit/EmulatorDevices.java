package io.nvmebridge.junit;

import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorConfig;
import io.nvmebridge.emulator.EmulatorMode;
import io.nvmebridge.emulator.NamespaceConfig;
import io.nvmebridge.spec.device.DmaAllocator;
import io.nvmebridge.spec.device.InterruptHandler;
import io.nvmebridge.spec.device.NvmeFunction;

/** The in-JVM emulator as a {@link TestDevice}, inline or threaded, with 96 MiB of host memory. */
final class EmulatorDevices {
    private static final long HOST_MEMORY = 96L * 1024 * 1024;

    private EmulatorDevices() {
    }

    static TestDevice open(Backend backend, DeviceShape shape) {
        EmulatorMode mode = backend == Backend.EMULATOR_THREADED ? EmulatorMode.THREADED : EmulatorMode.INLINE;
        EmulatorConfig.Builder cfg = EmulatorConfig.builder()
                .mode(mode)
                .serial(shape.serial())
                .mdts(shape.mdts())
                .maxIoQueuePairs(shape.maxIoQueuePairs())
                .faultPlan(shape.faults());
        for (DeviceShape.Ns ns : shape.namespaces()) {
            cfg.namespace((switch (ns.storage()) {
                case DATA -> NamespaceConfig.ram(ns.nsid(), ns.blocks(), ns.lbaSize());
                case NULL -> NamespaceConfig.nullDevice(ns.nsid(), ns.blocks(), ns.lbaSize());
            }).withMetadata(ns.metadataSize()));
        }
        EmulatedNvmeFunction fn = EmulatedNvmeFunction.open(cfg.build(), HOST_MEMORY);
        RemovableFunction removable = new RemovableFunction(fn);
        return new TestDevice() {
            @Override
            public Backend backend() {
                return backend;
            }

            @Override
            public DeviceShape shape() {
                return shape;
            }

            @Override
            public NvmeFunction function() {
                return removable;
            }

            @Override
            public boolean surpriseRemove() {
                removable.removed = true;
                return true;
            }

            @Override
            public void close() {
                fn.close();
            }

            @Override
            public String toString() {
                return backend.label() + " " + fn.description();
            }
        };
    }

    /**
     * The emulated function behind a switch that makes it vanish like a surprise-removed PCI function: not
     * alive, reads all ones, writes dropped. Its memory stays mapped (as host RAM does when a device goes).
     */
    static final class RemovableFunction implements NvmeFunction {
        private final NvmeFunction fn;
        volatile boolean removed;

        RemovableFunction(NvmeFunction fn) {
            this.fn = fn;
        }

        @Override
        public int read32(long offset) {
            return removed ? -1 : fn.read32(offset);
        }

        @Override
        public long read64(long offset) {
            return removed ? -1L : fn.read64(offset);
        }

        @Override
        public void write32(long offset, int value) {
            if (!removed) {
                fn.write32(offset, value);
            }
        }

        @Override
        public void write64(long offset, long value) {
            if (!removed) {
                fn.write64(offset, value);
            }
        }

        @Override
        public int readConfig32(int offset) {
            return removed ? -1 : fn.readConfig32(offset);
        }

        @Override
        public void writeConfig32(int offset, int value) {
            if (!removed) {
                fn.writeConfig32(offset, value);
            }
        }

        @Override
        public DmaAllocator dma() {
            return fn.dma();
        }

        @Override
        public boolean setInterruptHandler(InterruptHandler handler) {
            return fn.setInterruptHandler(handler);
        }

        @Override
        public boolean isAlive() {
            return !removed && fn.isAlive();
        }

        @Override
        public String description() {
            return fn.description();
        }

        @Override
        public void close() {
            fn.close();
        }
    }
}
