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

    /** {@return the namespace identifier, 1 or more} */
    int nsid();

    /** {@return the namespace's size in logical blocks} */
    long blocks();

    /** {@return the logical block size in bytes: 512 or 4096} */
    int lbaSize() default 4096;

    /** {@return whether the namespace keeps what is written} */
    Storage storage() default Storage.DATA;

    /**
     * {@return the metadata bytes per block (0, 8, 16 or 64)} Kept in a separate buffer (MPTR; QEMU's
     * {@code ms=N,mset=0}).
     */
    int metadataSize() default 0;
}
