package io.nvmebridge.junit;

import io.nvmebridge.bridge.NvmeBridge;
import io.nvmebridge.driver.DriverOptions;
import io.nvmebridge.driver.NvmeController;
import io.nvmebridge.emulator.FaultPlan;
import io.nvmebridge.spec.device.NvmeFunction;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.TestAbortedException;

/**
 * The extension behind {@link NvmeDevice}: resolves {@link NvmeFunction}, {@link NvmeController},
 * {@link NvmeBridge}, {@link TestDevice} and {@link Backend} parameters of test methods (and of
 * constructors / lifecycle methods). The device is opened on the first parameter that needs it, the driver
 * on the first controller or bridge parameter; all of it is kept in the extension store of the test method
 * (or of the test class with {@link NvmeDevice.Scope#PER_CLASS}) as one {@link Held} resource, which JUnit
 * closes when that scope ends, whatever the outcome: bridge, then controller, then device.
 */
public final class NvmeDeviceExtension implements ParameterResolver, BeforeEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NvmeDeviceExtension.class);

    /** Made by JUnit, through {@link NvmeDevice}'s {@code @ExtendWith}. */
    public NvmeDeviceExtension() {
    }

    /** Skips (aborts) a test whose {@link InjectFaults} its backend cannot honour, before anything is opened. */
    @Override
    public void beforeEach(ExtensionContext context) {
        Method m = context.getRequiredTestMethod();
        if (AnnotationSupport.isAnnotated(m, InjectFaults.class)) {
            Backend backend = backend(context);
            if (!backend.supportsFaultInjection()) {
                throw new TestAbortedException(backend.label() + " cannot inject faults");
            }
        }
    }

    private static NvmeDevice annotation(ExtensionContext context) {
        return context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, NvmeDevice.class))
                .or(() -> context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, NvmeDevice.class)))
                .orElseThrow(() -> new ExtensionConfigurationException("no @NvmeDevice on " + context.getDisplayName()));
    }

    /** {@link OnBackend} of the test class if present, else the {@link NvmeDevice}'s backend. */
    private static Backend backend(ExtensionContext context) {
        return context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, OnBackend.class))
                .map(OnBackend::value).orElseGet(() -> annotation(context).backend());
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext context) {
        Class<?> type = p.getParameter().getType();
        return type == NvmeFunction.class || type == NvmeController.class || type == NvmeBridge.class
                || type == TestDevice.class || type == Backend.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
        Class<?> type = p.getParameter().getType();
        Held held = held(context);
        if (type == Backend.class) {
            return held.backend;
        }
        if (type == TestDevice.class) {
            return held.device();
        }
        if (type == NvmeFunction.class) {
            return held.device().function();
        }
        if (type == NvmeController.class) {
            return held.controller();
        }
        return held.bridge();
    }

    /** The resources of the scope the test's {@link NvmeDevice} asks for, created (empty) on first use. */
    private static Held held(ExtensionContext context) {
        Optional<Method> method = context.getTestMethod();
        Optional<NvmeDevice> onMethod = method.flatMap(m -> AnnotationSupport.findAnnotation(m, NvmeDevice.class));
        NvmeDevice annotation = annotation(context);
        FaultPlan faults = method.map(m -> faultPlan(m, context)).orElse(FaultPlan.NONE);
        ExtensionContext scope = context;
        if (onMethod.isEmpty() && annotation.scope() == NvmeDevice.Scope.PER_CLASS) {
            if (faults != FaultPlan.NONE) {
                throw new ExtensionConfigurationException("@InjectFaults needs a device per method, not PER_CLASS");
            }
            while (scope.getTestMethod().isPresent() && scope.getParent().isPresent()) {
                scope = scope.getParent().get(); // the class's context: one device for all its tests
            }
        } else if (method.isEmpty()) {
            throw new ParameterResolutionException("a device per test method cannot be injected outside a test method ("
                    + context.getDisplayName() + "); use scope = PER_CLASS");
        }
        String key = "device";
        Backend backend = backend(context);
        return scope.getStore(NS).getOrComputeIfAbsent(key,
                k -> new Held(annotation, backend, DeviceShape.of(annotation, faults)), Held.class);
    }

    /** The fault plan named by the method's {@link InjectFaults}; skips the test on a backend without faults. */
    private static FaultPlan faultPlan(Method m, ExtensionContext context) {
        Optional<InjectFaults> inject = AnnotationSupport.findAnnotation(m, InjectFaults.class);
        if (inject.isEmpty()) {
            return FaultPlan.NONE;
        }
        Backend backend = backend(context);
        if (!backend.supportsFaultInjection()) {
            throw new ExtensionConfigurationException(backend.label() + " cannot inject faults");
        }
        Class<?> testClass = context.getRequiredTestClass();
        Method factory = ReflectionSupport.findMethods(testClass,
                        x -> x.getName().equals(inject.get().value()) && x.getParameterCount() == 0
                                && Modifier.isStatic(x.getModifiers()) && FaultPlan.class.isAssignableFrom(x.getReturnType()),
                        HierarchyTraversalMode.BOTTOM_UP).stream().findFirst()
                .orElseThrow(() -> new ExtensionConfigurationException("@InjectFaults(\"" + inject.get().value()
                        + "\"): no static FaultPlan " + inject.get().value() + "() in " + testClass.getName()));
        return (FaultPlan) ReflectionSupport.invokeMethod(factory, null);
    }

    /**
     * Device, driver and bridge of one scope, each made on first request and closed in reverse order. A
     * {@link ExtensionContext.Store.CloseableResource} and {@link AutoCloseable} (JUnit closes store values of
     * either kind); closing twice is harmless.
     */
    @SuppressWarnings("deprecation") // CloseableResource: still honoured, and AutoCloseable covers newer JUnit
    static final class Held implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private static final System.Logger LOG = System.getLogger(Held.class.getName());
        final NvmeDevice annotation;
        final Backend backend;
        final DeviceShape shape;
        private TestDevice device;
        private NvmeController controller;
        private NvmeBridge bridge;
        private boolean closed;

        Held(NvmeDevice annotation, Backend backend, DeviceShape shape) {
            this.annotation = annotation;
            this.backend = backend;
            this.shape = shape;
        }

        synchronized TestDevice device() {
            if (closed) {
                throw new IllegalStateException("device already closed");
            }
            if (device == null) {
                device = TestDevices.open(backend, shape);
            }
            return device;
        }

        synchronized NvmeController controller() {
            if (controller == null) {
                controller = NvmeController.open(device().function(), driverOptions(annotation));
            }
            return controller;
        }

        synchronized NvmeBridge bridge() {
            if (bridge == null) {
                bridge = NvmeBridge.of(controller(), false);
            }
            return bridge;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (bridge != null) {
                    bridge.close();
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the bridge failed", e);
            }
            try {
                if (controller != null) {
                    controller.close();
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the controller failed", e);
            }
            if (device != null) {
                device.close();
            }
        }
    }

    /**
     * {@return the driver options an {@link NvmeDevice} asks for}
     *
     * @param d the annotation
     */
    public static DriverOptions driverOptions(NvmeDevice d) {
        return DriverOptions.defaults()
                .withCommandTimeout(Duration.ofMillis(d.commandTimeoutMillis()))
                .withHealthCheckInterval(Duration.ofMillis(d.healthCheckMillis()))
                .withInterrupts(d.interrupts())
                .withShadowDoorbells(d.shadowDoorbells());
    }
}
