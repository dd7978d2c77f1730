package io.nvmebridge.bridge.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls the bridge needs, as FFM method handles resolved once (Lucene's PosixNativeAccess
 * style): {@code syscall(2)} for futex(2) on shared words, and for the calls a kernel io_uring needs
 * (io_uring_setup, io_uring_enter, mmap, munmap, openat, close). A failing call becomes a
 * {@link NativeCallException} naming the call and errno; the normal outcomes of a futex wait (EAGAIN:
 * the word had already changed, ETIMEDOUT, EINTR) are returned, not thrown.
 *
 * <p>Futexes here are always <em>shared</em> (no FUTEX_PRIVATE_FLAG), because the rings may live in a
 * file mapped by several processes: the kernel keys a shared futex by the page, not the address.
 */
public final class PosixNative {
    /** x86-64 syscall number of futex(2). */
    static final long SYS_FUTEX = 202;
    static final int FUTEX_WAIT = 0;
    static final int FUTEX_WAKE = 1;
    static final long SYS_CLOSE = 3;
    static final long SYS_MMAP = 9;
    static final long SYS_MUNMAP = 11;
    static final long SYS_OPENAT = 257;
    static final long SYS_IO_URING_SETUP = 425;
    static final long SYS_IO_URING_ENTER = 426;
    /** openat's dirfd meaning "relative to the working directory". */
    static final long AT_FDCWD = -100;

    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_DIRECT = 0x4000;
    public static final int O_CLOEXEC = 0x80000;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int MAP_POPULATE = 0x8000;

    public static final int WOKEN = 0;
    public static final int VALUE_CHANGED = -Errnos.EAGAIN;
    public static final int TIMED_OUT = -Errnos.ETIMEDOUT;
    public static final int INTERRUPTED = -Errnos.EINTR;

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** long syscall(long number, ...) with six variadic longs (futex takes six arguments). */
    private static final MethodHandle SYSCALL6;

    static {
        Linker linker = Linker.nativeLinker();
        MemorySegment sym = linker.defaultLookup().find("syscall")
                .orElseThrow(() -> new UnsatisfiedLinkError("libc syscall not found"));
        // syscall is variadic: every argument after the number is passed as a 64-bit long, the width
        // the kernel reads each register at.
        SYSCALL6 = linker.downcallHandle(sym,
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG),
                Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    }

    /** Per thread: the errno capture buffer and one struct timespec, so a wait allocates nothing. */
    private static final ThreadLocal<MemorySegment[]> SCRATCH = ThreadLocal.withInitial(() -> {
        Arena arena = Arena.ofAuto();
        return new MemorySegment[] {arena.allocate(CAPTURE), arena.allocate(16, 8)};
    });

    private PosixNative() {
    }

    /**
     * FUTEX_WAIT on the 32-bit word at {@code word}: sleeps while it still holds {@code expected}, at most
     * {@code timeoutNanos} (negative: no limit).
     *
     * @return {@link #WOKEN}, {@link #VALUE_CHANGED}, {@link #TIMED_OUT} or {@link #INTERRUPTED}
     */
    public static int futexWait(MemorySegment word, int expected, long timeoutNanos) {
        MemorySegment[] scratch = SCRATCH.get();
        long timeout = 0;
        if (timeoutNanos >= 0) {
            scratch[1].set(ValueLayout.JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
            scratch[1].set(ValueLayout.JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
            timeout = scratch[1].address();
        }
        long r = syscall(scratch[0], SYS_FUTEX, word.address(), FUTEX_WAIT, expected & 0xFFFF_FFFFL, timeout, 0, 0);
        if (r == 0) {
            return WOKEN;
        }
        int errno = (int) ERRNO.get(scratch[0], 0L);
        if (errno == Errnos.EAGAIN || errno == Errnos.ETIMEDOUT || errno == Errnos.EINTR) {
            return -errno;
        }
        throw new NativeCallException("futex(FUTEX_WAIT)", errno);
    }

    /** FUTEX_WAKE: wakes up to {@code count} waiters on the word; returns how many were woken. */
    public static int futexWake(MemorySegment word, int count) {
        MemorySegment[] scratch = SCRATCH.get();
        long r = syscall(scratch[0], SYS_FUTEX, word.address(), FUTEX_WAKE, count, 0, 0, 0);
        if (r < 0) {
            throw new NativeCallException("futex(FUTEX_WAKE)", (int) ERRNO.get(scratch[0], 0L));
        }
        return (int) r;
    }

    /**
     * io_uring_setup(2): a kernel ring of {@code entries} SQEs, {@code params} (an {@code io_uring_params},
     * 120 bytes) filled in by the kernel.
     *
     * @return the ring's file descriptor
     */
    public static int ioUringSetup(int entries, MemorySegment params) {
        return (int) checked("io_uring_setup", SYS_IO_URING_SETUP, entries, params.address(), 0, 0, 0, 0);
    }

    /**
     * io_uring_enter(2) without a signal mask: submits {@code toSubmit} SQEs and, with
     * IORING_ENTER_GETEVENTS in {@code flags}, waits for {@code minComplete} CQEs.
     *
     * @return how many SQEs the kernel consumed, or {@code -EINTR} / {@code -EAGAIN} / {@code -EBUSY} (the
     *     caller reaps and tries again); any other failure throws
     */
    public static int ioUringEnter(int ringFd, int toSubmit, int minComplete, int flags) {
        MemorySegment capture = SCRATCH.get()[0];
        long r = syscall(capture, SYS_IO_URING_ENTER, ringFd, toSubmit, minComplete, flags, 0, 0);
        if (r >= 0) {
            return (int) r;
        }
        int errno = (int) ERRNO.get(capture, 0L);
        if (errno == Errnos.EINTR || errno == Errnos.EAGAIN || errno == Errnos.EBUSY) {
            return -errno;
        }
        throw new NativeCallException("io_uring_enter", errno);
    }

    /** mmap(2) of {@code length} bytes of {@code fd} at {@code offset}; the mapping's address. */
    public static long mmap(long length, int prot, int flags, int fd, long offset) {
        return checked("mmap", SYS_MMAP, 0, length, prot, flags, fd, offset);
    }

    public static void munmap(long address, long length) {
        checked("munmap", SYS_MUNMAP, address, length, 0, 0, 0, 0);
    }

    /** openat(AT_FDCWD, path, flags | O_CLOEXEC); the new file descriptor. */
    public static int open(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(path);
            return (int) checked("open(" + path + ")", SYS_OPENAT, AT_FDCWD, name.address(), flags | O_CLOEXEC, 0, 0, 0);
        }
    }

    public static void close(int fd) {
        checked("close", SYS_CLOSE, fd, 0, 0, 0, 0, 0);
    }

    /** A syscall whose every failure is an error: the result, or a {@link NativeCallException} naming it. */
    private static long checked(String call, long nr, long a, long b, long c, long d, long e, long f) {
        MemorySegment capture = SCRATCH.get()[0];
        long r = syscall(capture, nr, a, b, c, d, e, f);
        if (r == -1) {
            throw new NativeCallException(call, (int) ERRNO.get(capture, 0L));
        }
        return r;
    }

    private static long syscall(MemorySegment capture, long nr, long a, long b, long c, long d, long e, long f) {
        try {
            return (long) SYSCALL6.invokeExact(capture, nr, a, b, c, d, e, f);
        } catch (Throwable t) {
            throw new IllegalStateException("syscall downcall failed", t);
        }
    }
}
