package io.nvmebridge.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nvmebridge.tool.format.Field;
import io.nvmebridge.tool.format.IdentifyFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code ./nvme-bridge} verbs end to end, in process: output, data placement, and one-line errors. */
class CliTest {

    @TempDir
    Path dir;

    /** What one run printed and returned. */
    record Run(int exit, String out, String err, byte[] outBytes) {
    }

    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), out.toByteArray());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static void assertOneLineError(Run r, int exit, String contains) {
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        String[] lines = r.err().strip().split("\n");
        assertThat(lines[0]).startsWith("nvme-bridge: ").contains(contains);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void shouldPrintIdCtrlJsonWithNvmeCliFieldNames() {
        Run r = run("id-ctrl", "-o", "json", "--serial", "SER123");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"vid\" : ", "\"sn\" : \"SER123              \"", "\"mdts\" : 7", "\"sqes\" : 102",
                "\"cqes\" : 68", "\"nn\" : ", "\"oacs\" : ", "\"psds\" : [", "\"subnqn\" : ");
    }

    /** The names of an object's members, in order. */
    static List<String> memberNames(JsonNode o) {
        return o.properties().stream().map(java.util.Map.Entry::getKey).toList();
    }

    @Test
    void shouldPrintIdCtrlSmartLogAndIdNsJsonWithEveryFieldInNvmeCliOrder() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        JsonNode idCtrl = json.readTree(run("id-ctrl", "-o", "json").out());
        List<String> ctrlNames = new ArrayList<>(IdentifyFormat.ID_CTRL.stream().map(Field::name).toList());
        ctrlNames.add("psds");
        assertThat(memberNames(idCtrl)).isEqualTo(ctrlNames);
        // nvme-cli 2.3's forms: u128 as a decimal string, sn/mn/fr padded to 20/40/8, the OUI as one integer,
        // fguid as a UUID, each power state's byte 3 raw as flags
        assertThat(idCtrl.get("tnvmcap").textValue()).as("u128 as a decimal string").matches("\\d+");
        assertThat(idCtrl.get("sn").textValue()).hasSize(20);
        assertThat(idCtrl.get("mn").textValue()).hasSize(40);
        assertThat(idCtrl.get("fr").textValue()).hasSize(8);
        assertThat(idCtrl.get("ieee").isIntegralNumber()).isTrue();
        assertThat(idCtrl.get("fguid").textValue()).matches("\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}");
        assertThat(idCtrl.get("psds").get(0).get("max_power").isInt()).isTrue();
        assertThat(memberNames(idCtrl.get("psds").get(0))).startsWith("max_power", "flags", "entry_lat")
                .doesNotContain("max_power_scale", "non-operational_state");
        JsonNode smart = json.readTree(run("smart-log", "-o", "json").out());
        assertThat(memberNames(smart)).isEqualTo(IdentifyFormat.SMART_LOG.stream().map(Field::name).toList());
        for (Field f : IdentifyFormat.SMART_LOG) {
            if (f.kind() == Field.Kind.U128) {
                assertThat(smart.get(f.name()).textValue()).as(f.name()).matches("\\d+");
            }
        }
        assertThat(smart.get("temperature").intValue()).isGreaterThan(273);
        JsonNode idNs = json.readTree(run("id-ns", "-o", "json", "--size", "1M").out());
        assertThat(idNs.get("nsze").longValue()).isEqualTo(2048);
        assertThat(idNs.get("nvmcap").textValue()).matches("\\d+");
        assertThat(memberNames(idNs.get("lbafs").get(0))).containsExactly("ms", "ds", "rp");
    }

    @Test
    void shouldPrintErrorLogJsonWithNvmeCliFieldNamesAndElpePlusOneEntries() {
        Run r = run("error-log", "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"errors\" : [", "\"error_count\" : ", "\"status_field\" : ", "\"phase_tag\" : ",
                "\"parm_error_location\" : ", "\"trtype_spec_info\" : ");
        Run two = run("error-log", "-o", "json", "-e", "2");
        assertThat(two.out().split("\"sqid\"", -1)).hasSize(3);
        assertOneLineError(run("error-log", "-e", "0"), 2, "log-entries");
    }

    @Test
    void shouldPrintIdNsWithTheChosenLbaFormatInUse() {
        Run r = run("id-ns", "--lba-size", "4096", "--size", "8M");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("nsze      : 2048").containsPattern("lbads:12 .*\\(in use\\)");
    }

    @Test
    void shouldListNamespaceOneInJson() {
        Run r = run("list", "-o", "json", "--size", "1M");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"NameSpace\" : 1", "\"MaximumLBA\" : 2048", "\"SectorSize\" : 512");
    }

    @Test
    void shouldWriteDataIntoTheImageAtTheBlockOffsetAndReadItBack() throws IOException {
        Path image = dir.resolve("ns1.img");
        Path in = dir.resolve("in.bin");
        Path back = dir.resolve("back.bin");
        byte[] data = new byte[4096];
        new Random(7).nextBytes(data);
        Files.write(in, data);
        Run w = run("write", "--image", image.toString(), "--size", "1M", "--start-block", "100",
                "--block-count", "7", "--data-size", "4096", "--data", in.toString());
        assertThat(w.exit()).as(w.err()).isZero();
        assertThat(w.err()).contains("write: Success");
        assertThat(Files.size(image)).isEqualTo(1 << 20);
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "r")) {
            byte[] onDisk = new byte[4096];
            f.seek(100 * 512);
            f.readFully(onDisk);
            assertThat(onDisk).isEqualTo(data);
        }
        Run r = run("read", "--image", image.toString(), "-s", "100", "-c", "7", "-z", "4096", "-d", back.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(data);
    }

    @Test
    void shouldRejectABlockRangePastTheNamespaceWithOneLine() {
        Run r = run("read", "--size", "1M", "--start-block", "2047", "--block-count", "1", "--data-size", "1024");
        assertOneLineError(r, 2, "past the end of namespace 1");
    }

    @Test
    void shouldRejectAnUnknownOptionWithOneLine() {
        Run r = run("id-ctrl", "--no-such-option");
        assertOneLineError(r, 2, "Unknown option: '--no-such-option'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "io-passthru --opcode 2 --data-len -1 --read | Invalid value for option '--data-len': size out of range: -1",
        "io-passthru --opcode 2 --data-len 1x --read | not a size: '1x' (use e.g. 4096, 4k, 64M, 1G)",
        "io-passthru --opcode 0x1ffffffff           | Invalid value for option '--opcode': value out of 32-bit range",
        "io-passthru --opcode zz                    | Invalid value for option '--opcode': not a number: 'zz'",
        "bench --runtime -3                         | Invalid value for option '--runtime': time out of range: -3",
        "bench --runtime abc                        | not a time: 'abc' (use e.g. 5, 5s, 500ms)",
    })
    void shouldAnswerAMalformedNumberWithOneLineAndNoJavaClassName(String args, String message) {
        Run r = run(args.strip().split(" +"));
        assertOneLineError(r, 2, message);
        assertThat(r.err()).doesNotContain("java.").doesNotContain("cannot convert");
    }

    @Test
    void shouldRejectAnUnreadableDataFile() {
        Run r = run("write", "-z", "512", "-d", dir.resolve("missing.bin").toString());
        assertOneLineError(r, 2, "cannot read data file");
        assertOneLineError(run("write", "-z", "512", "-d", dir.toString()), 2,
                "cannot read data file " + dir + ": is a directory");
    }

    @Test
    void shouldNameTheFileAndTheProblemWhenTheRingFileCannotBeCreated() {
        // /proc exists but takes no new files (ENOENT, even for root): before, the line was the bare path
        assertOneLineError(run("serve", "--ring", "/proc/nvme-bridge-ring"), 1,
                "/proc/nvme-bridge-ring: no such file or directory");
    }

    @Test
    void shouldAnswerJmhMistakesWithOneLineAndExitTwo() {
        assertOneLineError(run("jmh", "NoSuchBenchmarkAnywhere"), 2,
                "jmh: no benchmark matches NoSuchBenchmarkAnywhere (./nvme-bridge jmh -l lists them)");
        assertOneLineError(run("jmh", "-f", "abc"), 2, "jmh: Cannot parse argument 'abc' of option f");
    }

    @Test
    void shouldSayWhatWentWrongWithAFileAsTheCLibraryWould() {
        assertThat(Main.oneLine(new java.nio.file.AccessDeniedException("/x/ring"))).isEqualTo("/x/ring: permission denied");
        assertThat(Main.oneLine(new java.nio.file.FileSystemException("/x/ring", null, "Read-only file system")))
                .isEqualTo("/x/ring: read-only file system");
        assertThat(Main.oneLine(new java.io.IOException("cannot serve", new java.nio.file.NoSuchFileException("/x/ring"))))
                .isEqualTo("cannot serve: /x/ring: no such file or directory");
    }

    @Test
    void shouldRejectAnImageThatIsNotAWholeNumberOfBlocks() throws IOException {
        Path image = dir.resolve("odd.img");
        Files.write(image, new byte[1000]);
        Run r = run("id-ns", "--image", image.toString());
        assertOneLineError(r, 2, "not a positive multiple of the LBA size");
    }

    @Test
    void shouldReportTheNvmeStatusOfAnUnknownIoOpcode() {
        Run r = run("io-passthru", "--opcode", "0x7f", "--namespace-id", "1");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("INVALID_OPCODE");
    }

    @Test
    void shouldPassAnIdentifyThroughAdminPassthruAndShowTheData() {
        Run r = run("admin-passthru", "--opcode", "6", "--cdw10", "1", "--data-len", "4096", "--read", "--raw-binary",
                "--serial", "PASSTHRU1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outBytes()).hasSize(4096);
        assertThat(new String(Arrays.copyOfRange(r.outBytes(), 4, 13), StandardCharsets.US_ASCII)).isEqualTo("PASSTHRU1");
        assertThat(r.err()).contains("NVMe command result:00000000");
    }

    @Test
    void shouldShowTheNumberOfQueuesFeature() {
        Run r = run("get-feature", "--feature-id", "7");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("get-feature:0x07 (Number of Queues), Current value:0x");
    }

    @Test
    void shouldRefuseDataLengthWithoutDirection() {
        Run r = run("admin-passthru", "--opcode", "6", "--data-len", "4096");
        assertOneLineError(r, 2, "--data-len needs --read or --write");
    }

    @Test
    @Tag("qemu")
    void shouldKeepMetadataInTheImageWhereQemuReadsIt() throws IOException {
        Path image = dir.resolve("md.img");
        Path data = Files.write(dir.resolve("d.bin"), new byte[512]);
        Path meta = Files.writeString(dir.resolve("m.bin"), "METADATA");
        Run w = run("io-passthru", "--image", image.toString(), "--size", "1M", "--metadata-size", "8", "-O", "1",
                "-n", "1", "--cdw10", "5", "-l", "512", "-w", "-i", data.toString(), "-m", "8", "-M", meta.toString());
        assertThat(w.exit()).as(w.err()).isZero();
        // QEMU's layout: 2048 blocks of 512 bytes, then 8 bytes of metadata per block
        assertThat(Files.size(image)).isEqualTo(2048L * (512 + 8));
        byte[] file = Files.readAllBytes(image);
        assertThat(new String(file, 2048 * 512 + 5 * 8, 8, StandardCharsets.US_ASCII)).isEqualTo("METADATA");
        Run r = run("io-passthru", "--backend", "qemu", "--image", image.toString(), "--metadata-size", "8", "-O", "2",
                "-n", "1", "--cdw10", "5", "-l", "512", "-r", "-m", "8", "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"metadata\" : \"4d45544144415441\""); // "METADATA"
    }

    @Test
    void shouldRefuseMetadataForANamespaceWithoutIt() {
        assertOneLineError(run("io-passthru", "-O", "2", "-n", "1", "-l", "512", "-r", "-m", "8"), 2,
                "--metadata-len: namespace 1 has no metadata");
        assertOneLineError(run("io-passthru", "--metadata-size", "12", "-O", "2"), 2,
                "--metadata-size must be 0, 8, 16 or 64, not 12");
    }

    @Test
    @Tag("qemu")
    void shouldWriteThroughQemuIntoTheRawImageAtTheSameOffset() throws IOException {
        Path image = dir.resolve("qemu.img");
        Path in = dir.resolve("q.bin");
        byte[] data = new byte[8192];
        new Random(11).nextBytes(data);
        Files.write(in, data);
        Run w = run("write", "--backend", "qemu", "--image", image.toString(), "--size", "2M", "-s", "33", "-c", "15",
                "-z", "8192", "-d", in.toString());
        assertThat(w.exit()).as(w.err()).isZero();
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "r")) {
            byte[] onDisk = new byte[8192];
            f.seek(33 * 512);
            f.readFully(onDisk);
            assertThat(onDisk).isEqualTo(data);
        }
        Run id = run("id-ctrl", "--backend", "qemu", "--image", image.toString(), "-o", "json");
        assertThat(id.out()).contains("\"mn\" : \"QEMU NVMe Ctrl" + " ".repeat(26) + "\"", "\"vid\" : 6966",
                "\"ieee\" : 5395456");
    }
}
