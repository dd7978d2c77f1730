package io.nvmebridge.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Creates the test's device with the {@link io.nvmebridge.emulator.FaultPlan} returned by the named static
 * no-argument method of the test class. On a backend that cannot inject faults (QEMU) the test is skipped
 * (an aborted assumption), not failed.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface InjectFaults {
    /** {@return the name of a static no-argument method of the test class returning a FaultPlan} */
    String value();
}
