package io.nvmebridge.tool;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What every verb of the tool has in common, attached in one place so that no verb can lack it: an example
 * at the end of its {@code --help}, the tool's exit codes, and {@code --json} wherever the verb has
 * {@code -o json}. {@code VerbConventionsTest} parses every example, so an example cannot outlive an option.
 */
final class VerbConventions {
    /** Exit codes, the same for every verb (and documented in every verb's help). */
    static final Map<String, String> EXIT_CODES = exitCodes();

    /** Each verb's examples, as the arguments after {@code nvme-bridge}. */
    static final Map<String, List<List<String>>> EXAMPLES = examples();

    private VerbConventions() {
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("0", "Success.");
        m.put("1", "The device or the system answered with an error: a failed command or I/O, a verify mismatch, "
                + "a device that could not be started.");
        m.put("2", "A usage mistake: an unknown option, a bad value, options that do not go together.");
        return m;
    }

    private static Map<String, List<List<String>>> examples() {
        Map<String, List<List<String>>> m = new LinkedHashMap<>();
        m.put("id-ctrl", List.of(List.of("id-ctrl", "-o", "json"), List.of("id-ctrl", "--backend", "qemu", "--null")));
        m.put("id-ns", List.of(List.of("id-ns", "-n", "1", "--json")));
        m.put("list", List.of(List.of("list", "-o", "json")));
        m.put("read", List.of(List.of("read", "--image", "ns1.img", "-s", "0", "-c", "7", "-z", "4096", "-d", "out.bin")));
        m.put("write", List.of(List.of("write", "--image", "ns1.img", "-s", "0", "-c", "7", "-z", "4096", "-d", "in.bin")));
        m.put("smart-log", List.of(List.of("smart-log", "--json")));
        m.put("error-log", List.of(List.of("error-log", "-o", "json")));
        m.put("get-feature", List.of(List.of("get-feature", "-f", "7", "-o", "json")));
        m.put("admin-passthru", List.of(List.of("admin-passthru", "--opcode", "6", "--cdw10", "1", "--data-len", "4096",
                "--read", "--raw-binary")));
        m.put("io-passthru", List.of(List.of("io-passthru", "--opcode", "2", "--namespace-id", "1", "--cdw10", "0",
                "--cdw12", "7", "--data-len", "4096", "--read")));
        m.put("bench", List.of(List.of("bench", "--path", "sqpoll", "--rw", "randrw", "--iodepth", "32", "--runtime", "5s",
                "--verify"), List.of("bench", "--rw", "randread", "--iodepth", "32", "--null", "--json")));
        m.put("compare", List.of(List.of("compare"), List.of("compare", "--devices", "emulator,qemu", "--depths", "1,32",
                "--runtime", "3s")));
        m.put("ring-bench", List.of(List.of("ring-bench", "--null-reads", "untouched", "--repeat", "3")));
        m.put("serve", List.of(List.of("serve", "--ring", "/dev/shm/ring", "--entries", "256", "--data-size", "64M")));
        m.put("jmh", List.of(List.of("jmh", "HotPathBenchmark", "-prof", "gc")));
        m.put("completion", List.of(List.of("completion")));
        m.put("gen-manpage", List.of(List.of("gen-manpage", "--outdir", "docs/man")));
        return m;
    }

    /** Attaches the examples, the exit codes and {@code --json} to {@code root} and every verb under it. */
    static void apply(CommandLine root) {
        exitCodesOf(root.getCommandSpec());
        for (Map.Entry<String, CommandLine> verb : root.getSubcommands().entrySet()) {
            CommandSpec spec = verb.getValue().getCommandSpec();
            exitCodesOf(spec);
            List<List<String>> examples = EXAMPLES.get(verb.getKey());
            if (examples != null) {
                StringBuilder footer = new StringBuilder("%nExample").append(examples.size() > 1 ? "s" : "").append(":%n");
                for (List<String> args : examples) {
                    footer.append("  nvme-bridge ").append(String.join(" ", args).replace("%", "%%")).append("%n");
                }
                spec.usageMessage().footer(footer.toString());
            }
            jsonFlag(spec);
        }
    }

    private static void exitCodesOf(CommandSpec spec) {
        spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
    }

    /**
     * {@code --json} as a short form of {@code -o json}, on every verb whose {@code -o} accepts json. The flag
     * itself only marks the wish; {@link #execute} sets {@code -o} from it after parsing, because picocli
     * applies an unmatched option's default after the arguments and would undo an earlier setting.
     */
    private static void jsonFlag(CommandSpec spec) {
        OptionSpec output = spec.findOption("--output-format");
        if (output == null || spec.findOption("--json") != null) {
            return;
        }
        if (!String.join(" ", output.description()).contains("json") && !output.type().isEnum()) {
            return;
        }
        spec.addOption(OptionSpec.builder("--json").description("The same as -o json.").arity("0")
                .type(boolean.class).build());
    }

    /** picocli's execution strategy with {@code --json} turned into {@code -o json} first. */
    static int execute(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult verb = parsed.subcommand();
        if (verb != null && verb.hasMatchedOption("--json")) {
            OptionSpec output = verb.commandSpec().findOption("--output-format");
            if (verb.hasMatchedOption("--output-format") && !"json".equals(String.valueOf((Object) output.getValue()))) {
                throw new CommandLine.ParameterException(verb.commandSpec().commandLine(),
                        "--json and --output-format=" + (Object) output.getValue() + " contradict each other");
            }
            output.setValue(output.type().isEnum() ? enumValue(output.type(), "json") : "json");
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String name) {
        return Enum.valueOf((Class<Enum>) type, name);
    }
}
