package io.nvmebridge.tool.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./nvme-bridge jmh [JMH options]}: the JMH microbenchmarks in this jar (EmulatorBenchmark,
 * DriverBenchmark, RingBenchmark, HotPathBenchmark, QtestTransportBenchmark), run by JMH's own runner. The
 * forked JVMs inherit this JVM's options, native access included.
 */
@Command(name = "jmh", description = "Run the JMH microbenchmarks (all JMH options pass through, e.g. HotPathBenchmark -prof gc).")
public final class JmhCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "JMH-ARGS", description = "Arguments for JMH (try -h).")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
        return 0;
    }
}
