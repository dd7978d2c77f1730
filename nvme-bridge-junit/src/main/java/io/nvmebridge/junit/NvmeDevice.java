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
 * Gives a test an NVMe device and the driver on it. Put it on a test class (inherited by subclasses, so one
 * abstract suite runs on every backend through one small subclass each, see {@link OnBackend}) or on a test
 * method, whose annotation then replaces the class's for that method.
 *
 * <h2>Parameters a test can take</h2>
 * Test methods (and, with {@link Scope#PER_CLASS}, constructors and {@code @BeforeAll}/{@code @BeforeEach}
 * methods) declare what they need and get it ready; anything not asked for is not opened:
 * <ul>
 *   <li>{@link io.nvmebridge.spec.device.NvmeFunction} — the PCI function: BAR0 registers and doorbells,
 *       configuration space, DMA memory; no driver on it, so a test can drive it itself;</li>
 *   <li>{@link io.nvmebridge.driver.NvmeController} — nvme-bridge's driver, brought up (reset, admin queues,
 *       Identify, I/O queues) with the options of {@link #commandTimeoutMillis()}, {@link #healthCheckMillis()},
 *       {@link #interrupts()} and {@link #shadowDoorbells()};</li>
 *   <li>{@link io.nvmebridge.bridge.NvmeBridge} — io_uring rings forwarded onto that controller's queues;</li>
 *   <li>{@link TestDevice} — the device handle (its shape, surprise removal), and {@link Backend}.</li>
 * </ul>
 * Within one test (or one class, with {@link Scope#PER_CLASS}) they all belong to the same device.
 *
 * <h2>Which device</h2>
 * {@link #backend()} selects it, unless the test class carries {@link OnBackend}, which wins. The in-JVM
 * emulator needs nothing installed. {@link Backend#QEMU} runs QEMU's own NVMe controller with no guest OS:
 * the executable {@code qemu-system-x86_64} is looked up on {@code PATH} (Debian/Ubuntu: package
 * {@code qemu-system-x86}); its guest RAM is a file in {@code /dev/shm} the JVM maps, its sockets live in a
 * run directory under {@code java.io.tmpdir}, and {@link NvmeNamespace.Storage#DATA DATA} namespaces are
 * sparse image files in a temporary directory. {@link Backend#QEMU_CONTAINER} runs the same QEMU in a
 * container started by a {@link QemuContainerRunnerProvider} on the test class path.
 *
 * <h2>Teardown</h2>
 * Everything is closed after the test (or after the class, with {@link Scope#PER_CLASS}), also when the test
 * fails: the resources live in the JUnit extension store, which closes them — bridge, then controller, then
 * device. Closing a QEMU device quits QEMU and deletes its run directory, RAM file and images; a shutdown hook
 * does the same for any QEMU still running when the JVM exits. Emulator-only fault plans are given with
 * {@link InjectFaults}.
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

    /**
     * {@return what stands behind the device} Overridden by {@link OnBackend} on the test class.
     */
    Backend backend() default Backend.EMULATOR_INLINE;

    /**
     * {@return the device's namespaces} Default: namespace 1 with 16384 blocks of 4096 bytes, namespace 2
     * with 16384 blocks of 512 bytes, both keeping data.
     */
    NvmeNamespace[] namespaces() default {
            @NvmeNamespace(nsid = 1, blocks = 16384, lbaSize = 4096, storage = Storage.DATA),
            @NvmeNamespace(nsid = 2, blocks = 16384, lbaSize = 512, storage = Storage.DATA)};

    /** {@return the maximum data transfer size, 2^mdts pages} 7 is 512 KiB with 4 KiB pages. */
    int mdts() default 7;

    /** {@return how many I/O queue pairs the controller offers} */
    int maxIoQueuePairs() default 64;

    /** {@return the serial number Identify Controller reports} */
    String serial() default "NVB-TEST";

    /**
     * {@return when the device is created and closed} Ignored on a method's own annotation, which always
     * gives that method a device of its own.
     */
    Scope scope() default Scope.PER_METHOD;

    // ---- the driver brought up for NvmeController / NvmeBridge parameters

    /** {@return how long the driver waits for a command before aborting it and resetting, in milliseconds} */
    long commandTimeoutMillis() default 10_000;

    /**
     * {@return how often a polling queue with commands outstanding checks the controller's status (fatal
     * status, device gone) and command deadlines, in milliseconds}
     */
    long healthCheckMillis() default 20;

    /** {@return whether the driver asks for completion interrupts where the device offers them, else it polls} */
    boolean interrupts() default true;

    /** {@return whether the driver uses shadow doorbells (Doorbell Buffer Config) where the device offers them} */
    boolean shadowDoorbells() default true;
}
