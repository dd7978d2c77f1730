package io.nvmebridge.tool.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./nvme-bridge jmh [JMH options]}: the JMH microbenchmarks in this jar (EmulatorBenchmark,
 * DriverBenchmark, RingBenchmark, HotPathBenchmark, QtestTransportBenchmark), run by JMH's own runner. The
 * forked JVMs inherit this JVM's options, native access included.
 *
 * <p>Does what JMH's {@code Main} does, except that its failures become this tool's one-line errors: JMH options it
 * cannot parse and a pattern that matches no benchmark are usage mistakes (exit 2), a failed run exits 1.
 */
@Command(name = "jmh", description = "Run the JMH microbenchmarks (all JMH options pass through, e.g. HotPathBenchmark -prof gc).")
public final class JmhCommand implements Callable<Integer> {

    /** Ours, so that every verb answers --help with its usage and an example; -h stays JMH's own help. */
    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit (-h: JMH's options).")
    boolean help;

    @Parameters(arity = "0..*", paramLabel = "JMH-ARGS", description = "Arguments for JMH (try -h).")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(args.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            throw new UsageException("jmh: " + e.getMessage() + " (./nvme-bridge jmh -h lists JMH's options)");
        }
        Runner runner = new Runner(options);
        if (options.shouldHelp()) {
            options.showHelp();
        } else if (options.shouldList()) {
            runner.list();
        } else if (options.shouldListWithParams()) {
            runner.listWithParams(options);
        } else if (options.shouldListProfilers()) {
            options.listProfilers();
        } else if (options.shouldListResultFormats()) {
            options.listResultFormats();
        } else {
            run(runner, options);
        }
        return 0;
    }

    private static void run(Runner runner, CommandLineOptions options) throws RunnerException {
        try {
            runner.run();
        } catch (NoBenchmarksException e) {
            throw new UsageException("jmh: no benchmark matches " + String.join(" ", options.getIncludes())
                    + " (./nvme-bridge jmh -l lists them)");
        } catch (RunnerException e) {
            // JMH has printed the benchmark's own failure above; the cause says what went wrong
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new RunnerException("jmh: the run failed: " + cause.getMessage());
        }
    }
}
