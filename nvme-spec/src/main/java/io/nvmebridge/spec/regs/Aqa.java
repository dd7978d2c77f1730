package io.nvmebridge.spec.regs;

/** Fields of AQA, Admin Queue Attributes (32 bit, offset 0x24): queue sizes, zero-based. */
public final class Aqa {
    public static final RegisterField ASQS = new RegisterField("AQA.ASQS", 0, 12);
    public static final RegisterField ACQS = new RegisterField("AQA.ACQS", 16, 12);

    private Aqa() {
    }

    /** AQA for admin queues of {@code sqEntries} and {@code cqEntries} entries (one-based counts). */
    public static int of(int sqEntries, int cqEntries) {
        return (int) (ASQS.of(sqEntries - 1) | ACQS.of(cqEntries - 1));
    }
}
