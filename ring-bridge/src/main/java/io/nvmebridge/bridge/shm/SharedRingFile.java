package io.nvmebridge.bridge.shm;

import io.nvmebridge.bridge.abi.IoSqringOffsets;
import io.nvmebridge.bridge.abi.IoUringParams;
import io.nvmebridge.bridge.ring.RingLayout;
import io.nvmebridge.bridge.ring.RingMemory;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The cross-process shared-memory ring file (little-endian, version 1), mapped MAP_SHARED by the server
 * and its clients.
 *
 * <pre>
 *  0    magic "NVMEBRG1" (8 bytes)
 *  8    u32 version = 1
 *  12   u32 header size (184)
 *  16   u64 file offset of the SQ ring region
 *  24   u64 file offset of the CQ ring region
 *  32   u64 file offset of the SQE array
 *  40   u64 file offset of the data area
 *  48   u64 data area size
 *  56   u32 state: 0 starting, 1 serving, 2 stopped, 3 failed (the server gave up on this ring: its
 *       SQ/CQ indices were corrupt or its bridge thread died; stored with release order when it changes)
 *  60   u32 reserved
 *  64   struct io_uring_params (120 bytes); sq_off/cq_off relative to the SQ/CQ ring regions, exactly
 *       as Linux's are relative to its ring mappings
 *  ...  SQ ring region, CQ ring region, SQE array, data area (each 4 KiB aligned); the file ends at the
 *       data area's end rounded up to 4 KiB
 * </pre>
 *
 * Nothing of the device's own lives in the file: a device whose DMA memory includes the data area (the
 * in-JVM emulator, zero copy) keeps its NVMe queues, PRP lists and bounce buffers in memory of the server
 * process that clients cannot map.
 *
 * In this mode an SQE's {@code addr} (and each iovec's base) is a byte offset in the data area; iovec
 * arrays live in the data area; fixed buffer 0 is the whole data area; a buffer not entirely inside the
 * data area completes with -EFAULT.
 */
public final class SharedRingFile implements AutoCloseable {
    public static final byte[] MAGIC = "NVMEBRG1".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    public static final int OFF_MAGIC = 0;
    public static final int OFF_VERSION = 8;
    public static final int OFF_HEADER_SIZE = 12;
    public static final int OFF_SQ_RING = 16;
    public static final int OFF_CQ_RING = 24;
    public static final int OFF_SQES = 32;
    public static final int OFF_DATA = 40;
    public static final int OFF_DATA_SIZE = 48;
    public static final int OFF_STATE = 56;
    public static final int OFF_RESERVED = 60;
    public static final int OFF_PARAMS = 64;
    public static final int HEADER_SIZE = OFF_PARAMS + IoUringParams.SIZE;

    public static final int STATE_STARTING = 0;
    public static final int STATE_SERVING = 1;
    public static final int STATE_STOPPED = 2;
    /** The server stopped serving this ring because the ring itself was corrupt (or its thread died). */
    public static final int STATE_FAILED = 3;

    static final long PAGE = 4096;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle STATE = ValueLayout.JAVA_INT.varHandle();

    private final Arena arena;
    private final MemorySegment file;
    private final RingMemory ring;
    private final MemorySegment data;

    private SharedRingFile(Arena arena, MemorySegment file, RingLayout layout) {
        this.arena = arena;
        this.file = file;
        long sqOff = file.get(U64, OFF_SQ_RING);
        long cqOff = file.get(U64, OFF_CQ_RING);
        long sqesOff = file.get(U64, OFF_SQES);
        long dataOffset = file.get(U64, OFF_DATA);
        long dataSize = file.get(U64, OFF_DATA_SIZE);
        this.ring = new RingMemory(layout, file.asSlice(sqOff, layout.sqRingSize()),
                file.asSlice(cqOff, layout.cqRingSize()), file.asSlice(sqesOff, layout.sqesSize()));
        this.data = file.asSlice(dataOffset, dataSize);
    }

    /**
     * Creates (or truncates) the file at {@code path} with a fresh ring of {@code entries} SQEs (CQ twice
     * that) and {@code dataSize} bytes of data area; state "starting".
     */
    public static SharedRingFile create(Path path, RingLayout layout, long dataSize) throws IOException {
        if (dataSize <= 0) {
            throw new IllegalArgumentException("data size must be positive: " + dataSize);
        }
        long sqOff = PAGE;
        long cqOff = RingLayout.align(sqOff + layout.sqRingSize(), PAGE);
        long sqesOff = RingLayout.align(cqOff + layout.cqRingSize(), PAGE);
        long dataOff = RingLayout.align(sqesOff + layout.sqesSize(), PAGE);
        long total = RingLayout.align(dataOff + dataSize, PAGE);
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.allocate(1), total - 1); // sparse file of the full size
            MemorySegment file = ch.map(FileChannel.MapMode.READ_WRITE, 0, total, arena);
            file.asSlice(0, HEADER_SIZE).fill((byte) 0);
            file.set(U32, OFF_VERSION, VERSION);
            file.set(U32, OFF_HEADER_SIZE, HEADER_SIZE);
            file.set(U64, OFF_SQ_RING, sqOff);
            file.set(U64, OFF_CQ_RING, cqOff);
            file.set(U64, OFF_SQES, sqesOff);
            file.set(U64, OFF_DATA, dataOff);
            file.set(U64, OFF_DATA_SIZE, dataSize);
            layout.writeParams(file, OFF_PARAMS);
            SharedRingFile f = new SharedRingFile(arena, file, layout);
            layout.initRegions(f.ring.sqRing(), f.ring.cqRing(), f.ring.sqes());
            // the magic last, released: a reader that sees it sees a complete header
            VarHandle.releaseFence();
            MemorySegment.copy(MAGIC, 0, file, ValueLayout.JAVA_BYTE, OFF_MAGIC, MAGIC.length);
            f.setState(STATE_STARTING);
            return f;
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Maps an existing ring file, checking magic, version and that every region lies inside the file. */
    public static SharedRingFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size < HEADER_SIZE) {
                throw new IOException(path + ": not a ring file (" + size + " bytes)");
            }
            MemorySegment file = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            VarHandle.acquireFence();
            for (int i = 0; i < MAGIC.length; i++) {
                if (file.get(ValueLayout.JAVA_BYTE, i) != MAGIC[i]) {
                    throw new IOException(path + ": bad magic (not an nvme-bridge ring file)");
                }
            }
            if (file.get(U32, OFF_VERSION) != VERSION || file.get(U32, OFF_HEADER_SIZE) != HEADER_SIZE) {
                throw new IOException(path + ": unsupported version " + file.get(U32, OFF_VERSION));
            }
            RingLayout layout = layoutOf(path, file);
            if (file.get(U64, OFF_DATA_SIZE) <= 0) {
                throw new IOException(path + ": data area size " + file.get(U64, OFF_DATA_SIZE) + " is not positive");
            }
            long[][] regions = {
                    region(path, file, OFF_SQ_RING, layout.sqRingSize(), size),
                    region(path, file, OFF_CQ_RING, layout.cqRingSize(), size),
                    region(path, file, OFF_SQES, layout.sqesSize(), size),
                    region(path, file, OFF_DATA, file.get(U64, OFF_DATA_SIZE), size)};
            for (int i = 0; i < regions.length; i++) {
                for (int j = i + 1; j < regions.length; j++) {
                    if (regions[i][0] < regions[j][1] && regions[j][0] < regions[i][1]) {
                        throw new IOException(path + ": regions at header offsets " + regions[i][2] + " and "
                                + regions[j][2] + " overlap");
                    }
                }
            }
            return new SharedRingFile(arena, file, layout);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * The state word of an existing ring file at {@code path} (acquire), or -1 when the file is not a
     * version 1 ring file (too short, other magic or version). Maps nothing.
     */
    public static int stateOf(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(OFF_STATE + 4).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // read the head of the file: magic, version, state
            }
            if (b.hasRemaining()) {
                return -1;
            }
            for (int i = 0; i < MAGIC.length; i++) {
                if (b.get(i) != MAGIC[i]) {
                    return -1;
                }
            }
            return b.getInt(OFF_VERSION) == VERSION ? b.getInt(OFF_STATE) : -1;
        }
    }

    /**
     * The ring layout the header's {@code struct io_uring_params} describes. Its entry counts and flags must be
     * ones a bridge ring can have, and its published {@code sq_off}/{@code cq_off} must be the ones this version
     * lays out: this class reads the rings at those offsets, so a file that says otherwise is refused rather
     * than misread.
     */
    private static RingLayout layoutOf(Path path, MemorySegment file) throws IOException {
        RingLayout layout;
        try {
            layout = new RingLayout(IoUringParams.get(file, OFF_PARAMS, IoUringParams.SQ_ENTRIES),
                    IoUringParams.get(file, OFF_PARAMS, IoUringParams.CQ_ENTRIES),
                    IoUringParams.get(file, OFF_PARAMS, IoUringParams.FLAGS));
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": bad io_uring_params: " + e.getMessage());
        }
        MemorySegment expected = MemorySegment.ofArray(new byte[IoUringParams.SIZE]);
        layout.writeParams(expected, 0);
        for (int field = 0; field < IoSqringOffsets.SIZE; field += 4) {
            int sq = IoUringParams.SQ_OFF + field;
            int cq = IoUringParams.CQ_OFF + field;
            if (file.get(U32, OFF_PARAMS + sq) != expected.get(U32, sq)
                    || file.get(U32, OFF_PARAMS + cq) != expected.get(U32, cq)) {
                throw new IOException(path + ": io_uring_params publishes ring offsets this version does not lay out"
                        + " (at params byte " + (file.get(U32, OFF_PARAMS + sq) != expected.get(U32, sq) ? sq : cq)
                        + ")");
            }
        }
        return layout;
    }

    /**
     * The region whose file offset is in header field {@code field}, as {start, end, field}: after the header,
     * inside the file, and cache-line aligned (its head and tail words are futex words and acquire/release
     * accesses, which need natural alignment).
     */
    private static long[] region(Path path, MemorySegment file, int field, long len, long size) throws IOException {
        long off = file.get(U64, field);
        if (off < HEADER_SIZE || len < 0 || off > size || len > size - off) {
            throw new IOException(path + ": region at header offset " + field + " outside the file");
        }
        if ((off & (RingLayout.CACHE_LINE - 1)) != 0) {
            throw new IOException(path + ": region at header offset " + field + " not aligned to "
                    + RingLayout.CACHE_LINE + " bytes");
        }
        return new long[] {off, off + len, field};
    }

    public RingMemory ring() {
        return ring;
    }

    public RingLayout layout() {
        return ring.layout();
    }

    /** The data area: SQE addresses are offsets in it. */
    public MemorySegment data() {
        return data;
    }

    public MemorySegment file() {
        return file;
    }

    /** Release: everything the server did before (e.g. initialising) is visible to a client seeing the state. */
    public void setState(int state) {
        STATE.setRelease(file, (long) OFF_STATE, state);
    }

    /** Acquire, pairs with {@link #setState}. */
    public int state() {
        return (int) STATE.getAcquire(file, (long) OFF_STATE);
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
