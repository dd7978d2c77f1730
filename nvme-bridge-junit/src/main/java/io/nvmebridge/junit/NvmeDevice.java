package io.nvmebridge.junit;

import io.nvmebridge.junit.NvmeNamespace.Storage;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test an NVMe device and the driver on it: on a test class (inherited by subclasses, so one
 * abstract suite runs on every backend through one small subclass each) or on a method (which then
 * replaces the class's). Test methods declare what they need as parameters and get it ready:
 *
 * <ul>
 *   <li>{@link io.nvmebridge.spec.device.NvmeFunction} — the PCI function, no driver on it yet;</li>
 *   <li>{@link io.nvmebridge.driver.NvmeController} — the driver, brought up (init state machine done);</li>
 *   <li>{@link io.nvmebridge.bridge.NvmeBridge} — io_uring rings over that controller;</li>
 *   <li>{@link TestDevice} — the device handle (backend, surprise removal), and {@link Backend}.</li>
 * </ul>
 *
 * Everything is torn down after the test (or after the class, with {@link Scope#PER_CLASS}), also when the
 * test fails: the resources live in the JUnit extension store, which closes them. Emulator-only fault plans
 * are given with {@link InjectFaults}.
 *
 * <pre>{@code
 * @NvmeDevice(backend = Backend.QEMU, namespaces = @NvmeNamespace(nsid = 1, blocks = 16384), mdts = 5)
 * class SomeTest {
 *     @Test void reads(NvmeController c) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(NvmeDeviceExtension.class)
public @interface NvmeDevice {

    /** When the device is created and destroyed. */
    enum Scope {
        /** A fresh device for every test method. */
        PER_METHOD,
        /** One device (and driver, and bridge) shared by all tests of the class. */
        PER_CLASS
    }

    Backend backend() default Backend.EMULATOR_INLINE;

    /** Default: namespace 1 with 16384 blocks of 4096 bytes, namespace 2 with 16384 blocks of 512 bytes. */
    NvmeNamespace[] namespaces() default {
            @NvmeNamespace(nsid = 1, blocks = 16384, lbaSize = 4096, storage = Storage.DATA),
            @NvmeNamespace(nsid = 2, blocks = 16384, lbaSize = 512, storage = Storage.DATA)};

    /** Maximum data transfer size, 2^mdts pages (7 = 512 KiB with 4 KiB pages). */
    int mdts() default 7;

    /** I/O queue pairs the controller offers. */
    int maxIoQueuePairs() default 64;

    /** Identify Controller serial number. */
    String serial() default "NVB-TEST";

    Scope scope() default Scope.PER_METHOD;

    // ---- the driver brought up for NvmeController / NvmeBridge parameters

    long commandTimeoutMillis() default 10_000;

    long healthCheckMillis() default 20;

    boolean interrupts() default true;

    boolean shadowDoorbells() default true;
}
