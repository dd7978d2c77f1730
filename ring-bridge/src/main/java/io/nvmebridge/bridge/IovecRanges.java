package io.nvmebridge.bridge;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The iovec array of one vectored passthrough ({@code NVME_URING_CMD_IO_VEC}) as read from the ring's
 * {@link BufferSpace}: the total, and the device address ranges of the non-empty iovecs, which the driver maps
 * as the command's PRPs when it can (an {@code IoCommand} with ranges: zero copy on the fixed path). One per bridge,
 * reused by every request: it holds one request's ranges between reading them and copying them into the core's
 * request, on the bridge's thread, so nothing is allocated per I/O. The ranges are taken once, when the SQE is
 * read, as Linux imports a request's iovecs at prep: a client changing the array afterwards changes nothing.
 */
final class IovecRanges {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Device address of each non-empty iovec, or -1 where the device cannot reach it directly. */
    final long[] addresses = new long[SqeTranslator.MAX_IOVECS];
    final long[] lengths = new long[SqeTranslator.MAX_IOVECS];
    /** Non-empty iovecs in {@link #addresses}/{@link #lengths}. */
    int count;
    /** True when every non-empty iovec is in memory the device reaches directly. */
    boolean deviceReachable;

    /**
     * Reads {@code iovecs} (at most {@link SqeTranslator#MAX_IOVECS}) struct iovec at host offset
     * {@code vecOff} of {@code space}. Returns their total bytes, -EINVAL for a length that is negative as a
     * signed 64-bit value or a total past {@link Integer#MAX_VALUE}, or -EFAULT for a buffer outside the ring's
     * registered memory.
     */
    long read(BufferSpace space, long vecOff, int iovecs) {
        MemorySegment whole = space.whole();
        count = 0;
        deviceReachable = true;
        long total = 0;
        for (int i = 0; i < iovecs; i++) {
            long base = whole.get(U64, vecOff + (long) i * SqeTranslator.IOVEC_SIZE);
            long len = whole.get(U64, vecOff + (long) i * SqeTranslator.IOVEC_SIZE + 8);
            if (len < 0 || len > Integer.MAX_VALUE - total) {
                return -BridgeErrno.EINVAL;
            }
            if (len == 0) {
                continue; // an empty iovec names no memory, as in Linux's iov_iter
            }
            if (space.hostOffset(base, len) < 0) {
                return -BridgeErrno.EFAULT;
            }
            long device = space.deviceAddress(base, len);
            deviceReachable &= device >= 0;
            addresses[count] = device;
            lengths[count] = len;
            count++;
            total += len;
        }
        return total;
    }
}
