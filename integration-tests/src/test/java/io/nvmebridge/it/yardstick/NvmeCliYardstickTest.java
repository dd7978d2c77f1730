package io.nvmebridge.it.yardstick;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nvmebridge.qemu.QemuConfig;
import io.nvmebridge.qemu.QemuLauncher;
import io.nvmebridge.qemu.guest.LinuxGuestBaseline;
import io.nvmebridge.tool.Main;
import io.nvmebridge.tool.cli.DeviceSession;
import io.nvmebridge.tool.cli.IdCtrlCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * nvme-cli as a yardstick (issue 21, item 5): the Linux guest (qemu-images/linux-guest, nvb.mode=nvme-cli) runs
 * nvme-cli 2.3's {@code id-ctrl}, {@code id-ns}, {@code smart-log} and {@code error-log} with {@code -o json} on a
 * QEMU {@code -device nvme}; then {@code ./nvme-bridge VERB --backend qemu -o json} (in process) reads the same
 * controller: the same {@code -drive}, {@code -device nvme} and {@code -device nvme-ns} arguments (both made from
 * the one QemuConfig the tool derives from its options) on the same image file. Every field nvme-cli prints must
 * be in ours with an equal value, except the allow-list {@link NvmeCliDifference}; the table of the fields that
 * differ goes to target/nvme-cli-yardstick.md (docs/nvme-cli-yardstick.md). One boot: about a minute under TCG,
 * plus the guest's build on first use.
 */
@Tag("qemu")
class NvmeCliYardstickTest {
    /** The controller, fixed here: serial, MDTS, one 64 MiB raw namespace of 4 KiB blocks. */
    static final String SERIAL = "NVB-YARDSTICK";
    static final List<String> DEVICE = List.of("--backend", "qemu", "--size", "64M", "--lba-size", "4096",
            "--serial", SERIAL, "--mdts", "7");
    /** QEMU 7.2 has no property for the model number or the firmware revision: these are its own. */
    static final String QEMU_MODEL = "QEMU NVMe Ctrl";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldPrintWhatNvmeCliPrintsOnTheSameQemuController() throws IOException {
        long started = System.nanoTime();
        Path image = dir.resolve("ns1.img");
        List<String> device = new ArrayList<>(DEVICE);
        device.addAll(List.of("--image", image.toString()));

        // the one configuration both sides boot on, derived by the tool from its own options
        IdCtrlCommand parsed = new IdCtrlCommand();
        new CommandLine(parsed).parseArgs(device.toArray(String[]::new));
        QemuConfig controller = DeviceSession.qemuConfig(parsed.device, 1L << 20); // creates the sparse image
        assertThat(QemuLauncher.nvmeDeviceArgument(controller)).isEqualTo("nvme,id=nvme0,serial=" + SERIAL + ",mdts=7");
        String imageBefore = sha256(image);

        Map<String, String> nvmeCli = LinuxGuestBaseline.nvmeCli(LinuxGuestBaseline.Options.defaults(), controller);
        long guestDone = System.nanoTime();
        assertThat(sha256(image)).as("the guest left the image as it was").isEqualTo(imageBefore);

        Map<String, String> ours = new LinkedHashMap<>();
        for (String verb : LinuxGuestBaseline.NVME_CLI_DOCUMENTS) {
            List<String> args = new ArrayList<>(List.of(verb));
            args.addAll(device);
            args.addAll(List.of("-o", "json"));
            ours.put(verb, tool(args));
        }
        assertThat(sha256(image)).as("the driver left the image as it was").isEqualTo(imageBefore);

        // the configuration the test fixed, as nvme-cli saw it
        JsonNode idCtrl = JSON.readTree(nvmeCli.get("id-ctrl"));
        assertThat(idCtrl.get("sn").asText().strip()).isEqualTo(SERIAL);
        assertThat(idCtrl.get("mn").asText().strip()).isEqualTo(QEMU_MODEL);
        assertThat(idCtrl.get("fr").asText().strip()).isNotEmpty();
        assertThat(idCtrl.get("mdts").asInt()).isEqualTo(7);
        JsonNode idNs = JSON.readTree(nvmeCli.get("id-ns"));
        assertThat(idNs.get("nsze").asLong()).isEqualTo((64L << 20) / 4096);
        int inUse = idNs.get("flbas").asInt() & 0xF;
        assertThat(idNs.get("lbafs").get(inUse).get("ds").asInt()).isEqualTo(12);

        List<NvmeCliComparison.Field> fields = new ArrayList<>();
        for (String doc : LinuxGuestBaseline.NVME_CLI_DOCUMENTS) {
            List<NvmeCliComparison.Field> f = NvmeCliComparison.compare(doc, nvmeCli.get(doc), ours.get(doc));
            assertThat(f).as("fields nvme-cli printed for %s", doc).isNotEmpty();
            fields.addAll(f);
        }
        Path table = writeTable(fields, nvmeCli, ours, idCtrl, (guestDone - started) / 1_000_000_000.0,
                (System.nanoTime() - guestDone) / 1_000_000_000.0);
        System.out.println(Files.readString(table));

        assertThat(fields.stream().filter(NvmeCliComparison.Field::failed).map(Object::toString).toList())
                .as("fields where ours differs from nvme-cli 2.3 without an allowance (table: %s)", table)
                .isEmpty();
        assertThat(fields.stream().filter(f -> f.outcome() == NvmeCliComparison.Outcome.SAME).count())
                .as("fields equal byte for byte").isGreaterThan(100);
    }

    /** Runs {@code ./nvme-bridge ARGS} in process and returns its standard output. */
    private static synchronized String tool(List<String> args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Main.run(args.toArray(String[]::new));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        assertThat(exit).as("nvme-bridge %s: %s", args, err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The fields that differ (allowed or not) as a Markdown table in target/nvme-cli-yardstick.md, followed by both
     * sides' documents as printed, so a form can be checked against nvme-cli's own output.
     */
    private static Path writeTable(List<NvmeCliComparison.Field> fields, Map<String, String> nvmeCli,
                                   Map<String, String> ours, JsonNode idCtrl, double guestSeconds,
                                   double toolSeconds) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("nvme-cli yardstick: QEMU ").append(idCtrl.get("fr").asText().strip()).append(", serial ").append(SERIAL)
                .append(String.format(", guest %.1f s, nvme-bridge %.1f s%n%n", guestSeconds, toolSeconds));
        b.append("| document | field | nvme-cli 2.3 | nvme-bridge | outcome | allowance |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (NvmeCliComparison.Field f : fields) {
            if (f.outcome() != NvmeCliComparison.Outcome.SAME) {
                b.append("| ").append(f.document()).append(" | ").append(f.path()).append(" | `").append(f.nvmeCli())
                        .append("` | `").append(f.ours()).append("` | ").append(f.outcome()).append(" | ")
                        .append(f.allowance() == null ? "" : f.allowance().name()).append(" |\n");
            }
        }
        b.append(String.format("%n%d fields compared, %d equal%n", fields.size(),
                fields.stream().filter(f -> f.outcome() == NvmeCliComparison.Outcome.SAME).count()));
        for (String doc : LinuxGuestBaseline.NVME_CLI_DOCUMENTS) {
            b.append("\n## ").append(doc).append("\n\nnvme-cli 2.3:\n\n```json\n").append(nvmeCli.get(doc).strip())
                    .append("\n```\n\nnvme-bridge:\n\n```json\n").append(ours.get(doc).strip()).append("\n```\n");
        }
        Path target = Path.of("target");
        Files.createDirectories(target);
        Path table = target.resolve("nvme-cli-yardstick.md");
        Files.writeString(table, b.toString());
        return table.toAbsolutePath();
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
