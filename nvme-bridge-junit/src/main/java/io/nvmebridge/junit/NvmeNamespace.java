package io.nvmebridge.junit;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** One namespace of an {@link NvmeDevice}. */
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface NvmeNamespace {

    /** How the namespace stores data. */
    enum Storage {
        /** Keeps what is written: RAM in the emulator, a raw image file (deleted afterwards) in QEMU. */
        DATA,
        /** Reads return zeroes, writes are dropped: the emulator's null device, QEMU's null-co driver. */
        NULL
    }

    int nsid();

    long blocks();

    int lbaSize() default 4096;

    Storage storage() default Storage.DATA;

    /** Metadata bytes per block (0, 8, 16 or 64), in a separate buffer (QEMU's {@code ms=N,mset=0}). */
    int metadataSize() default 0;
}
