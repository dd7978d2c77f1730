package io.nvmebridge.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class on {@code value} instead of the backend its (inherited) {@link NvmeDevice} names: a
 * suite describes its device once on an abstract class, and one-line subclasses pick the backend.
 *
 * <pre>{@code
 * @NvmeDevice(scope = PER_CLASS, namespaces = {...}) abstract class BridgeSuite { ... }
 * @Tag("qemu") @OnBackend(Backend.QEMU) class BridgeOnQemuTest extends BridgeSuite { }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OnBackend {
    /** {@return the backend this class's tests run on} */
    Backend value();
}
