package io.nvmebridge.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What every verb must have: --help with an example that parses, the exit codes, --json where -o json is. */
class VerbConventionsTest {
    @TempDir
    Path dir;

    @Test
    void everyVerbHasAnExampleAndEveryExampleParses() {
        CommandLine cli = Main.commandLine();
        assertThat(VerbConventions.EXAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(cli.getSubcommands().keySet());
        for (Map.Entry<String, List<List<String>>> verb : VerbConventions.EXAMPLES.entrySet()) {
            for (List<String> example : verb.getValue()) {
                assertThat(example.get(0)).isEqualTo(verb.getKey());
                // a fresh command line each time: picocli keeps what a parse matched
                Main.commandLine().parseArgs(example.toArray(String[]::new));
            }
        }
    }

    @Test
    void everyVerbsHelpShowsItsExampleAndTheExitCodes() {
        for (String verb : Main.commandLine().getSubcommands().keySet()) {
            CliTest.Run r = CliTest.run(verb, "--help");
            assertThat(r.exit()).as(verb).isZero();
            assertThat(r.out()).as(verb).contains("Example", "nvme-bridge " + verb, "Exit codes:", "2   A usage mistake");
        }
        assertThat(CliTest.run("--help").out()).contains("Exit codes:", "-q, --quiet");
    }

    @Test
    void jsonIsTheSameAsDashOJsonOnEveryVerbThatHasIt() {
        CliTest.Run longForm = CliTest.run("id-ctrl", "-o", "json");
        CliTest.Run flag = CliTest.run("id-ctrl", "--json");
        assertThat(flag.exit()).isZero();
        assertThat(flag.out()).isEqualTo(longForm.out()).startsWith("{");
        CliTest.assertOneLineError(CliTest.run("id-ctrl", "--json", "-o", "normal"), 2,
                "--json and --output-format=normal contradict each other");
        CommandLine cli = Main.commandLine();
        for (Map.Entry<String, CommandLine> verb : cli.getSubcommands().entrySet()) {
            var output = verb.getValue().getCommandSpec().findOption("--output-format");
            boolean offersJson = output != null && (String.join(" ", output.description()).contains("json")
                    || output.type().isEnum());
            assertThat(verb.getValue().getCommandSpec().findOption("--json") != null).as(verb.getKey()).isEqualTo(offersJson);
        }
    }

    @Test
    void quietLeavesOnlyTheResults() {
        CliTest.Run quiet = CliTest.run("-q", "compare", "--paths", "driver", "--depths", "1", "--runtime", "50ms",
                "--ramp_time", "0", "--no-baselines", "--size", "1M", "--report-dir", dir.toString());
        assertThat(quiet.exit()).as(quiet.err()).isZero();
        assertThat(quiet.out()).contains("emulator   driver").doesNotContain("report:");
        CliTest.Run after = CliTest.run("compare", "--paths", "driver", "--depths", "1", "--runtime", "50ms",
                "--ramp_time", "0", "--no-baselines", "--size", "1M", "--report-dir", dir.toString(), "--quiet");
        assertThat(after.out()).doesNotContain("report:");
        CliTest.Run loud = CliTest.run("compare", "--paths", "driver", "--depths", "1", "--runtime", "50ms",
                "--ramp_time", "0", "--no-baselines", "--size", "1M", "--report-dir", dir.toString());
        assertThat(loud.out()).contains("report:");
    }

    @Test
    void theCompletionScriptCompletesEveryVerbInBash() throws Exception {
        CliTest.Run r = CliTest.run("completion");
        assertThat(r.exit()).isZero();
        Path script = dir.resolve("nvme-bridge.bash");
        Files.writeString(script, r.out());
        // complete the first word after "nvme-bridge " the way bash does on TAB
        Process bash = new ProcessBuilder("bash", "-c", "source " + script
                + " && COMP_WORDS=(nvme-bridge '') COMP_CWORD=1 COMP_LINE='nvme-bridge ' COMP_POINT=12"
                + " && _complete_nvme-bridge && printf '%s\\n' \"${COMPREPLY[@]}\"").redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out.lines().toList()).containsAll(Main.commandLine().getSubcommands().keySet());
    }
}
