package io.nvmebridge.it.differential;

import io.nvmebridge.spec.AdminOpcode;
import io.nvmebridge.spec.admin.QueueCommands;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a script sees of one device: the raw harness plus a recorder of observations. Every command sent
 * through {@link #admin}/{@link #io} records its status and DW0 under a label; scripts add register fields,
 * Identify fields and data bytes. Data offsets are relative to the harness's data scratch area.
 */
final class Ctx {
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /**
     * How long a script waits before deciding a command will not complete (an AER with no event): QEMU
     * processes queues in its main loop, which on a loaded 2-core machine can take tens of milliseconds.
     */
    static final long NO_COMPLETION_NANOS = 300_000_000L;
    /** How long a script waits for a completion that may come late (an event after an invalid doorbell). */
    static final long LATE_COMPLETION_NANOS = 3_000_000_000L;

    final RawController raw;
    private final List<Observation> observations = new ArrayList<>();

    Ctx(RawController raw) {
        this.raw = raw;
    }

    List<Observation> observations() {
        return observations;
    }

    /** Bus address of a data-area offset. */
    long bus(long dataOffset) {
        return raw.bus(RawController.DATA_OFFSET + dataOffset);
    }

    /** The data scratch area (zeroed at each reset). */
    MemorySegment data() {
        return raw.arena().asSlice(RawController.DATA_OFFSET, RawController.DATA_BYTES);
    }

    /** Fills {@code len} bytes at {@code off} with a pattern determined by {@code seed}. */
    void pattern(long off, int len, long seed) {
        MemorySegment d = data();
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < len; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            d.set(ValueLayout.JAVA_BYTE, off + i, (byte) x);
        }
    }

    void value(String label, Object v) {
        observations.add(Observation.of(label, String.valueOf(v)));
    }

    void hex(String label, long v) {
        value(label, "0x" + Long.toHexString(v));
    }

    void bytes(String label, long off, int len) {
        observations.add(Observation.bytes(label, data().asSlice(off, len).toArray(ValueLayout.JAVA_BYTE)));
    }

    int u8(long off) {
        return data().get(ValueLayout.JAVA_BYTE, off) & 0xFF;
    }

    int u16(long off) {
        return data().get(U16, off) & 0xFFFF;
    }

    int u32(long off) {
        return data().get(U32, off);
    }

    long u64(long off) {
        return data().get(U64, off);
    }

    void putU32(long off, int v) {
        data().set(U32, off, v);
    }

    void putU64(long off, long v) {
        data().set(U64, off, v);
    }

    Cqe record(String label, Cqe e) {
        value(label, e.summary());
        return e;
    }

    Cqe admin(String label, Command c) {
        return io(label, 0, c);
    }

    /**
     * Submits {@code c} on SQ {@code qid} (CQ {@code qid}) and records its status and DW0, and the SQ head and
     * SQ id the completion reports; a completion for another command id is recorded as such.
     */
    Cqe io(String label, int qid, Command c) {
        int cid = raw.submit(qid, c);
        Cqe e = raw.await(qid);
        record(label, e);
        value(label + " sqhd/sqid", e.sqhd() + "/" + e.sqid());
        if (e.cid() != cid) {
            value(label + " cid", "completion for cid " + e.cid() + ", expected " + cid);
        }
        return e;
    }

    int submit(int qid, Command c) {
        return raw.submit(qid, c);
    }

    /** Records the next completion on CQ {@code qid}, or "none" when nothing comes within a short wait. */
    Optional<Cqe> next(String label, int qid) {
        Optional<Cqe> e = raw.poll(qid, NO_COMPLETION_NANOS);
        value(label, e.map(Cqe::summary).orElse("none"));
        return e;
    }

    /** Records the next completion on CQ {@code qid}, waiting up to {@link #LATE_COMPLETION_NANOS} for it. */
    Optional<Cqe> expect(String label, int qid) {
        Optional<Cqe> e = raw.poll(qid, LATE_COMPLETION_NANOS);
        value(label, e.map(Cqe::summary).orElse("none"));
        return e;
    }

    int reg32(long offset) {
        return raw.function().read32(offset);
    }

    long reg64(long offset) {
        return raw.function().read64(offset);
    }

    /** Creates I/O CQ and SQ {@code qid} with {@code entries} entries (interrupts off) at their fixed pages. */
    void ioPair(int qid, int entries) {
        Cqe cq = admin("create cq " + qid, Command.of(AdminOpcode.CREATE_IO_CQ)
                .prp1(raw.bus(RawController.ioCqOffset(qid)))
                .cdw10(QueueCommands.createCdw10(qid, entries))
                .cdw11(QueueCommands.CDW11_PC));
        Cqe sq = admin("create sq " + qid, Command.of(AdminOpcode.CREATE_IO_SQ)
                .prp1(raw.bus(RawController.ioSqOffset(qid)))
                .cdw10(QueueCommands.createCdw10(qid, entries))
                .cdw11(QueueCommands.createSqCdw11(qid, 0)));
        if (cq.ok() && sq.ok()) {
            raw.track(qid, entries, entries);
        }
    }
}
