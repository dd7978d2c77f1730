package io.nvmebridge.bridge.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.Generate.range;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.ring.CompletionRing;
import io.nvmebridge.bridge.ring.RingLayout;
import io.nvmebridge.bridge.ring.SubmissionRing;
import io.nvmebridge.testsupport.Examples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * A ring file's header is untrusted bytes to whoever opens it: {@link SharedRingFile#open} either maps a file
 * whose every region it can use, or refuses it with an {@link IOException} naming the file — never another
 * exception. Tried on valid files (of each ring shape) damaged in the ways that matter: random header bytes,
 * a header field set to a random or an edge value, the file cut short. The damage is drawn as values that
 * QuickTheories shrinks (which bytes, which cut), so a failure names the fewest flipped bytes, or the fewest
 * bytes kept, that still break {@code open}; the steered fields come from one seed, reported as drawn.
 */
class SharedRingFileProperties {
    private static final int[] SETUPS = {0, IoUring.SETUP_SQE128 | IoUring.SETUP_CQE32, IoUring.SETUP_NO_SQARRAY};
    /** Header fields worth steering: the region offsets, the data size, version, header size, params. */
    private static final int[] FIELDS_U64 = {SharedRingFile.OFF_SQ_RING, SharedRingFile.OFF_CQ_RING,
            SharedRingFile.OFF_SQES, SharedRingFile.OFF_DATA, SharedRingFile.OFF_DATA_SIZE};
    private static final long[] EDGES = {0, 1, 63, 64, SharedRingFile.HEADER_SIZE, 4096, 4095, 4097,
            Long.MAX_VALUE, Long.MIN_VALUE, -1, -4096, 1L << 32, 1L << 40};

    private static Path dir;
    private static byte[][] pristine;
    private static final AtomicLong opened = new AtomicLong();
    private static final AtomicLong refused = new AtomicLong();
    /** Names the files of the tries that carry no seed of their own. */
    private static final AtomicLong tries = new AtomicLong();

    @BeforeAll
    static void makeFiles() throws IOException {
        dir = Files.createTempDirectory("ring-file-props");
        pristine = new byte[SETUPS.length][];
        for (int i = 0; i < SETUPS.length; i++) {
            Path p = dir.resolve("pristine" + i);
            try (SharedRingFile f = SharedRingFile.create(p, RingLayout.of(8, SETUPS[i]), 8192)) {
                f.setState(SharedRingFile.STATE_SERVING);
            }
            pristine[i] = Files.readAllBytes(p);
        }
    }

    @AfterAll
    static void report() throws IOException {
        System.out.printf("ring file headers: %d opened, %d refused with an IOException%n", opened.get(),
                refused.get());
        try (var files = Files.list(dir)) {
            files.forEach(p -> p.toFile().delete());
        }
        Files.deleteIfExists(dir);
    }

    /** One header byte overwritten. */
    record HeaderByte(int position, int value) {
        @Override
        public String toString() {
            return "header[" + position + "]=0x" + Integer.toHexString(value);
        }
    }

    private static final Gen<HeaderByte> HEADER_BYTE =
            range(0, SharedRingFile.HEADER_SIZE - 1).zip(range(0, 255), HeaderByte::new);

    @Test
    void randomHeaderBytesAreOpenedOrRefusedWithAnIoException() {
        Examples.atLeast(400).check(range(0, 2), lists().of(HEADER_BYTE).ofSizeBetween(1, 8),
                SharedRingFileProperties::headerBytesOpenOrRefuse);
    }

    private static void headerBytesOpenOrRefuse(int shape, List<HeaderByte> flips) {
        byte[] b = pristine[shape].clone();
        for (HeaderByte f : flips) {
            b[f.position()] = (byte) f.value();
        }
        openOrRefuse(b, "flip" + tries.incrementAndGet());
    }

    /** A try grows from one seed; a smaller seed is not a smaller damage, so a failure is not shrunk. */
    @Test
    void steeredHeaderFieldsAreOpenedOrRefusedWithAnIoException() {
        Examples.atLeast(400).shrinkCycles(0).check(range(0, 2), longs().all(),
                SharedRingFileProperties::steeredFieldsOpenOrRefuse);
    }

    private static void steeredFieldsOpenOrRefuse(int shape, long seed) {
        Random rnd = new Random(seed);
        byte[] b = pristine[shape].clone();
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long value = rnd.nextBoolean() ? EDGES[rnd.nextInt(EDGES.length)] : rnd.nextLong() >>> rnd.nextInt(64);
        switch (rnd.nextInt(4)) {
            case 0 -> h.putLong(FIELDS_U64[rnd.nextInt(FIELDS_U64.length)], value);
            // a region moved by a little: inside the file, but maybe unaligned or onto another region
            case 1 -> {
                int field = FIELDS_U64[rnd.nextInt(4)];
                h.putLong(field, h.getLong(field) + rnd.nextInt(9000) - 4500);
            }
            case 2 -> h.putInt(SharedRingFile.OFF_PARAMS + 4 * rnd.nextInt(30), (int) value);
            default -> h.putInt(rnd.nextBoolean() ? SharedRingFile.OFF_VERSION : SharedRingFile.OFF_HEADER_SIZE,
                    (int) value);
        }
        openOrRefuse(b, "field" + seed);
    }

    /** A file of one of the {@link #SETUPS} shapes, cut to {@code kept} bytes. */
    record Cut(int shape, int kept) {
        @Override
        public String toString() {
            return "shape " + shape + " cut to " + kept + " of " + pristine[shape].length + " bytes";
        }
    }

    /** Any cut short of the whole file. */
    private static Gen<Cut> cuts() {
        return range(0, 2).flatMap(shape -> range(0, pristine[shape].length - 1).map(kept -> new Cut(shape, kept)));
    }

    @Test
    void truncatedFilesAreRefusedWithAnIoException() {
        Examples.atLeast(100).check(cuts(), c -> cutFileIsRefused(c.shape(), c.kept()));
    }

    private static void cutFileIsRefused(int shape, int cut) {
        byte[] whole = pristine[shape];
        Path p = write(Arrays.copyOf(whole, cut), "cut" + tries.incrementAndGet());
        try {
            SharedRingFile.open(p).close();
            throw new AssertionError("a file cut to " + cut + " of " + whole.length + " bytes was opened");
        } catch (IOException e) {
            assertThat(e).hasMessageStartingWith(p.toString());
        } finally {
            delete(p);
        }
    }

    /** Opens {@code bytes} as a ring file; when that succeeds, touches every index word and the data area. */
    private static void openOrRefuse(byte[] bytes, String name) {
        Path p = write(bytes, name);
        try (SharedRingFile f = SharedRingFile.open(p)) {
            SubmissionRing sq = f.ring().submissionRing();
            CompletionRing cq = f.ring().completionRing();
            sq.headAcquire();
            sq.tailAcquire();
            sq.flagsAcquire();
            cq.tailAcquire();
            f.data().get(java.lang.foreign.ValueLayout.JAVA_BYTE, f.data().byteSize() - 1);
            f.state();
            opened.incrementAndGet();
        } catch (IOException e) {
            assertThat(e).hasMessageStartingWith(p.toString());
            refused.incrementAndGet();
        } finally {
            delete(p);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(byte[] bytes, String name) {
        Path p = dir.resolve(name);
        try {
            Files.write(p, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
