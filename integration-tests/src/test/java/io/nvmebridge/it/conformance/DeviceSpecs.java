package io.nvmebridge.it.conformance;

import io.nvmebridge.junit.Backend;
import io.nvmebridge.junit.DeviceShape;
import io.nvmebridge.junit.NvmeNamespace;
import io.nvmebridge.junit.TestDevice;
import io.nvmebridge.junit.TestDevices;
import io.nvmebridge.spec.device.NvmeFunction;
import java.util.List;

/** {@link DeviceFactory} / {@link DeviceUnderTest} (for suites parameterized by factory) over {@link TestDevices}. */
final class DeviceSpecs {
    private DeviceSpecs() {
    }

    static DeviceShape shape(DeviceSpec spec, String serial) {
        return new DeviceShape(List.of(
                new DeviceShape.Ns(DeviceSpec.NS1, spec.ns1Blocks(), 4096, NvmeNamespace.Storage.DATA),
                new DeviceShape.Ns(DeviceSpec.NS2, spec.ns2Blocks(), 512, NvmeNamespace.Storage.DATA)),
                DeviceSpec.MDTS, 64, serial, spec.faults());
    }

    static DeviceUnderTest create(Backend backend, DeviceSpec spec, String serial) {
        TestDevice device = TestDevices.open(backend, shape(spec, serial));
        return new DeviceUnderTest() {
            @Override
            public NvmeFunction function() {
                return device.function();
            }

            @Override
            public boolean surpriseRemove() {
                return device.surpriseRemove();
            }

            @Override
            public void close() {
                device.close();
            }
        };
    }
}
