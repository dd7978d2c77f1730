package io.nvmebridge.bridge.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.ring.CompletionRing;
import io.nvmebridge.bridge.ring.RingLayout;
import io.nvmebridge.bridge.ring.SubmissionRing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A ring file's header is untrusted bytes to whoever opens it: {@link SharedRingFile#open} either maps a file
 * whose every region it can use, or refuses it with an {@link IOException} naming the file — never another
 * exception. Tried on valid files (of each ring shape) damaged in the ways that matter: random header bytes,
 * a header field set to a random or an edge value, the file cut short.
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

    @BeforeContainer
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

    @AfterContainer
    static void report() throws IOException {
        System.out.printf("ring file headers: %d opened, %d refused with an IOException%n", opened.get(),
                refused.get());
        try (var files = Files.list(dir)) {
            files.forEach(p -> p.toFile().delete());
        }
        Files.deleteIfExists(dir);
    }

    @Property(tries = 400)
    void randomHeaderBytesAreOpenedOrRefusedWithAnIoException(@ForAll @IntRange(min = 0, max = 2) int shape,
                                                              @ForAll long seed) throws IOException {
        Random rnd = new Random(seed);
        byte[] b = pristine[shape].clone();
        int flips = 1 + rnd.nextInt(8);
        for (int i = 0; i < flips; i++) {
            b[rnd.nextInt(SharedRingFile.HEADER_SIZE)] = (byte) rnd.nextInt(256);
        }
        openOrRefuse(b, "flip" + seed);
    }

    @Property(tries = 400)
    void steeredHeaderFieldsAreOpenedOrRefusedWithAnIoException(@ForAll @IntRange(min = 0, max = 2) int shape,
                                                                @ForAll long seed) throws IOException {
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

    @Property(tries = 100)
    void truncatedFilesAreRefusedWithAnIoException(@ForAll @IntRange(min = 0, max = 2) int shape,
                                                   @ForAll long seed) throws IOException {
        byte[] whole = pristine[shape];
        int cut = new Random(seed).nextInt(whole.length);
        Path p = write(Arrays.copyOf(whole, cut), "cut" + seed);
        try {
            SharedRingFile.open(p).close();
            throw new AssertionError("a file cut to " + cut + " of " + whole.length + " bytes was opened");
        } catch (IOException e) {
            assertThat(e).hasMessageStartingWith(p.toString());
        } finally {
            Files.deleteIfExists(p);
        }
    }

    /** Opens {@code bytes} as a ring file; when that succeeds, touches every index word and the data area. */
    private static void openOrRefuse(byte[] bytes, String name) throws IOException {
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
            Files.deleteIfExists(p);
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
