package io.nvmebridge.emulator;

import io.nvmebridge.spec.admin.ErrorInformationEntry;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The Error Information log (page 01h): a ring of the last {@link #ENTRIES} failed commands, reported
 * newest first, each with the controller's lifetime error count.
 */
final class ErrorLog {
    /** Identify ELPE + 1. */
    static final int ENTRIES = 16;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final long[] count = new long[ENTRIES];
    private final int[] sqid = new int[ENTRIES];
    private final int[] cid = new int[ENTRIES];
    private final int[] status = new int[ENTRIES];
    private final long[] lba = new long[ENTRIES];
    private final int[] nsid = new int[ENTRIES];
    private long errors;

    /** Lifetime number of errors logged (SMART "Number of Error Information Log Entries"). */
    long errors() {
        return errors;
    }

    void record(int sq, int commandId, int statusField, int phase, long lbaValue, int namespaceId) {
        int i = (int) (errors % ENTRIES);
        errors++;
        count[i] = errors;
        sqid[i] = sq;
        cid[i] = commandId;
        status[i] = (statusField << 1) | (phase & 1);
        lba[i] = lbaValue;
        nsid[i] = namespaceId;
    }

    /** Writes the whole log, newest entry first, into {@code out} (ENTRIES × 64 bytes, zeroed first). */
    void render(MemorySegment out) {
        out.asSlice(0, (long) ENTRIES * ErrorInformationEntry.SIZE).fill((byte) 0);
        long n = Math.min(errors, ENTRIES);
        for (int k = 0; k < n; k++) {
            int i = (int) ((errors - 1 - k) % ENTRIES);
            long at = (long) k * ErrorInformationEntry.SIZE;
            out.set(U64, at + ErrorInformationEntry.ERROR_COUNT, count[i]);
            out.set(U16, at + ErrorInformationEntry.SQID, (short) sqid[i]);
            out.set(U16, at + ErrorInformationEntry.CID, (short) cid[i]);
            out.set(U16, at + ErrorInformationEntry.STATUS, (short) status[i]);
            out.set(U16, at + ErrorInformationEntry.PARAMETER_ERROR_LOCATION, (short) 0xFFFF);
            out.set(U64, at + ErrorInformationEntry.LBA, lba[i]);
            out.set(U32, at + ErrorInformationEntry.NSID, nsid[i]);
        }
    }
}
