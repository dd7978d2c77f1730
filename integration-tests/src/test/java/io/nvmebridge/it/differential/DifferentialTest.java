package io.nvmebridge.it.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.emulator.EmulatedNvmeFunction;
import io.nvmebridge.emulator.EmulatorConfig;
import io.nvmebridge.emulator.NamespaceConfig;
import io.nvmebridge.qemu.QemuConfig;
import io.nvmebridge.qemu.QemuNamespace;
import io.nvmebridge.qemu.QemuNvmeFunction;
import io.nvmebridge.spec.admin.IdentifyController;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The differential suite: every {@link Scenarios scenario} runs on the in-JVM emulator and on QEMU 7.2's NVMe
 * controller, configured identically ({@link #NS1}/{@link #NS2} raw images with the same initial bytes, same
 * MDTS, queue pairs and serial), each on a freshly reset controller (CC.EN 1 -> 0 -> 1 on one QEMU instance);
 * their observations must be identical except where {@link KnownDifferences} says, with a reason, that they
 * must differ.
 */
@Tag("qemu")
class DifferentialTest {
    static final int NS1 = 1;
    static final int NS1_LBA = 512;
    static final int NS2 = 2;
    static final int NS2_LBA = 4096;
    /** 512-byte blocks with 8 bytes of metadata each in a separate buffer (an NSID no scenario uses as inactive). */
    static final int MD_NS = 5;
    static final int MD_NS_LBA = 512;
    static final int MD_NS_MS = 8;
    static final long NS_BYTES = 4L << 20;
    static final int MDTS = 5;
    static final int IO_QUEUE_PAIRS = 8;
    static final String SERIAL = "NVB-DIFF-0001";

    private static final System.Logger LOG = System.getLogger(DifferentialTest.class.getName());

    private static Path dir;
    private static QemuNvmeFunction qemu;
    private static EmulatedNvmeFunction emulator;
    private static RawController onQemu;
    private static RawController onEmulator;
    private static final Set<KnownDifferences.Entry> applied = new HashSet<>();
    private static int ran;
    /** Both devices' observations, side by side, written to target/differential-trace.txt. */
    private static final StringBuilder TRACE = new StringBuilder();
    private static long startNanos;

    @BeforeAll
    static void launch() throws IOException {
        startNanos = System.nanoTime();
        dir = Files.createTempDirectory("nvb-differential-");
        Path q1 = image(dir.resolve("qemu-ns1.raw"), 1);
        Path q2 = image(dir.resolve("qemu-ns2.raw"), 2);
        Path e1 = Files.copy(q1, dir.resolve("emu-ns1.raw"));
        Path e2 = Files.copy(q2, dir.resolve("emu-ns2.raw"));
        Path q3 = metadataImage(dir.resolve("qemu-ns5.raw"), 5);
        Path e3 = Files.copy(q3, dir.resolve("emu-ns5.raw"));
        qemu = QemuNvmeFunction.launch(QemuConfig.builder()
                .ramMiB(128)
                .serial(SERIAL)
                .mdts(MDTS)
                .maxIoQueuePairs(IO_QUEUE_PAIRS)
                .namespace(QemuNamespace.raw(NS1, q1, NS1_LBA))
                .namespace(QemuNamespace.raw(NS2, q2, NS2_LBA))
                .namespace(QemuNamespace.raw(MD_NS, q3, MD_NS_LBA).withMetadata(MD_NS_MS))
                .build());
        onQemu = new RawController(qemu);
        // the vendor identity strings QEMU reports (model, firmware revision = QEMU's version) are configured
        // into the emulator, so that every Identify field can be compared
        onQemu.reset();
        Ctx probe = new Ctx(onQemu);
        probe.admin("identify", AdminScenarios.identify(probe, 1, 0));
        String model = ascii(probe, IdentifyController.MN, IdentifyController.MN_LENGTH);
        String firmware = ascii(probe, IdentifyController.FR, IdentifyController.FR_LENGTH);
        emulator = emulator(model, firmware, e1, e2, e3);
        onEmulator = new RawController(emulator);
    }

    private static String ascii(Ctx c, int offset, int length) {
        byte[] b = c.data().asSlice(offset, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII).strip();
    }

    /** The emulator configured like the QEMU controller: same serial, MDTS, queue pairs, namespaces. */
    static EmulatedNvmeFunction emulator(String model, String firmware, Path ns1, Path ns2, Path ns5) {
        return emulator(io.nvmebridge.emulator.EmulatorMode.INLINE, model, firmware, ns1, ns2, ns5);
    }

    static EmulatedNvmeFunction emulator(io.nvmebridge.emulator.EmulatorMode mode, String model, String firmware,
                                         Path ns1, Path ns2, Path ns5) {
        return EmulatedNvmeFunction.open(EmulatorConfig.builder()
                .mode(mode)
                .serial(SERIAL)
                .model(model)
                .firmwareRevision(firmware)
                .mdts(MDTS)
                .maxIoQueuePairs(IO_QUEUE_PAIRS)
                .namespace(NamespaceConfig.file(NS1, NS_BYTES / NS1_LBA, NS1_LBA, ns1))
                .namespace(NamespaceConfig.file(NS2, NS_BYTES / NS2_LBA, NS2_LBA, ns2))
                .namespace(NamespaceConfig.file(MD_NS, NS_BYTES / MD_NS_LBA, MD_NS_LBA, ns5).withMetadata(MD_NS_MS))
                .build(), 64L << 20);
    }

    /**
     * The metadata namespace's image: {@link #NS_BYTES} of data followed by 8 bytes of metadata per block, all
     * pseudo-random (QEMU's layout, which the emulator's file namespaces share).
     */
    static Path metadataImage(Path file, long seed) throws IOException {
        byte[] b = new byte[(int) (NS_BYTES / MD_NS_LBA * (MD_NS_LBA + MD_NS_MS))];
        new Random(seed).nextBytes(b);
        return Files.write(file, b);
    }

    /** A raw image of {@link #NS_BYTES} pseudo-random bytes (seeded, so both devices start from the same data). */
    static Path image(Path file, long seed) throws IOException {
        byte[] b = new byte[(int) NS_BYTES];
        new Random(seed).nextBytes(b);
        return Files.write(file, b);
    }

    @AfterAll
    static void close() {
        try {
            long millis = (System.nanoTime() - startNanos) / 1_000_000;
            LOG.log(System.Logger.Level.INFO, "differential suite: {0} scenarios ran on both devices in {1} ms",
                    ran, millis);
            try {
                Files.writeString(Path.of("target", "differential-trace.txt"), TRACE);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "trace not written: " + e);
            }
            System.out.println("differential suite: " + ran + " scenarios ran on both devices in " + millis + " ms");
            if (ran == Scenarios.all().size()) {
                List<KnownDifferences.Entry> stale = new ArrayList<>(KnownDifferences.ALL);
                stale.removeAll(applied);
                assertThat(stale).as("known differences that were never observed (remove or fix them)").isEmpty();
            }
        } finally {
            try (RawController a = onQemu; RawController b = onEmulator;
                 QemuNvmeFunction q = qemu; EmulatedNvmeFunction e = emulator) {
                // closed in reverse order
            }
            if (dir != null) {
                try (var s = Files.walk(dir)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temporary directory
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> scenarios() {
        List<Scenario> all = Scenarios.all();
        assertThat(all.stream().map(Scenario::id).distinct().count()).as("unique scenario names").isEqualTo(all.size());
        assertThat(all).hasSizeGreaterThanOrEqualTo(200);
        return all.stream().map(s -> DynamicTest.dynamicTest(s.id(), () -> check(s)));
    }

    @org.junit.jupiter.api.Test
    void docFileNamesEveryReason() throws IOException {
        Path doc = Path.of("..", "docs", "emulator-vs-qemu.md");
        String text = Files.readString(doc);
        for (KnownDifferences.Reason r : KnownDifferences.Reason.values()) {
            assertThat(text).as("docs/emulator-vs-qemu.md names " + r.key).contains("`" + r.key + "`");
        }
    }

    /** Runs one scenario on a freshly reset controller; a harness failure becomes an observation. */
    static List<Observation> run(RawController raw, Scenario s) {
        Ctx ctx = new Ctx(raw);
        try {
            raw.reset();
            s.script().run(ctx);
        } catch (RuntimeException e) {
            ctx.value("harness error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return ctx.observations();
    }

    private static void check(Scenario s) {
        List<Observation> emu = run(onEmulator, s);
        List<Observation> qem = run(onQemu, s);
        ran++;
        TRACE.append("== ").append(s.id()).append('\n');
        for (int i = 0; i < Math.max(emu.size(), qem.size()); i++) {
            TRACE.append("  emu  ").append(i < emu.size() ? emu.get(i).label() + " = " + emu.get(i).render() : "-")
                    .append("\n  qemu ").append(i < qem.size() ? qem.get(i).label() + " = " + qem.get(i).render() : "-")
                    .append('\n');
        }
        List<String> problems = new ArrayList<>();
        for (Observation o : emu) {
            if (o.label().equals("harness error")) {
                problems.add("emulator: " + o.text());
            }
        }
        for (Observation o : qem) {
            if (o.label().equals("harness error")) {
                problems.add("qemu: " + o.text());
            }
        }
        int n = Math.max(emu.size(), qem.size());
        for (int i = 0; i < n; i++) {
            Observation a = i < emu.size() ? emu.get(i) : null;
            Observation b = i < qem.size() ? qem.get(i) : null;
            if (a == null || b == null) {
                problems.add("#" + i + " only on " + (a == null ? "qemu: " + b.label() + "=" + b.render()
                        : "emulator: " + a.label() + "=" + a.render()));
                continue;
            }
            if (!a.label().equals(b.label())) {
                problems.add("#" + i + " different steps: emulator " + a.label() + " vs qemu " + b.label());
                continue;
            }
            var known = KnownDifferences.find(s.id(), a.label());
            if (known.isPresent()) {
                applied.add(known.get());
                if (a.sameAs(b)) {
                    problems.add("#" + i + " " + a.label() + " is listed as a known difference ("
                            + known.get().reason().key + ": " + known.get().reason().text + ") but no longer differs: " + a.render());
                }
            } else if (!a.sameAs(b)) {
                problems.add("#" + i + " emulator vs qemu: " + a.differenceFrom(b));
            }
        }
        assertThat(problems).as(s.id()).isEmpty();
    }
}
