package io.nvmebridge.tool;

import io.nvmebridge.tool.cli.AdminPassthruCommand;
import io.nvmebridge.tool.cli.BenchCommand;
import io.nvmebridge.tool.cli.CompareCommand;
import io.nvmebridge.tool.cli.GetFeatureCommand;
import io.nvmebridge.tool.cli.IdCtrlCommand;
import io.nvmebridge.tool.cli.IdNsCommand;
import io.nvmebridge.tool.cli.IoPassthruCommand;
import io.nvmebridge.tool.cli.JmhCommand;
import io.nvmebridge.tool.cli.ListCommand;
import io.nvmebridge.tool.cli.ReadCommand;
import io.nvmebridge.tool.cli.RingBenchCommand;
import io.nvmebridge.tool.cli.ServeCommand;
import io.nvmebridge.tool.cli.SmartLogCommand;
import io.nvmebridge.tool.cli.UsageException;
import io.nvmebridge.tool.cli.WriteCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./nvme-bridge}: nvme-cli's verbs on the userspace driver, the io_uring bridge's server, and the
 * benchmarks. Every failure ends in one line on stderr and a non-zero exit status: 2 for a usage mistake,
 * 1 for anything the device or the system answered.
 */
@Command(name = "nvme-bridge", mixinStandardHelpOptions = true, version = "nvme-bridge 0.1.0",
        description = "Userspace NVMe driver with io_uring forwarding, on an embedded emulator or QEMU's NVMe controller.",
        subcommands = {IdCtrlCommand.class, IdNsCommand.class, ListCommand.class, ReadCommand.class, WriteCommand.class,
                SmartLogCommand.class, GetFeatureCommand.class, AdminPassthruCommand.class, IoPassthruCommand.class,
                BenchCommand.class, CompareCommand.class, RingBenchCommand.class, ServeCommand.class, JmhCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit status (tests call this). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        // JMH's own options (-f, -prof ...) pass through untouched
        cli.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true);
        cli.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("nvme-bridge: " + ex.getMessage());
            err.println("Try 'nvme-bridge " + qualifiedName(ex.getCommandLine()) + "--help' for more information.");
            err.flush();
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            err.println("nvme-bridge: " + oneLine(ex));
            if (System.getenv("NVME_BRIDGE_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ex instanceof UsageException || ex instanceof IllegalArgumentException ? 2 : 1;
        });
        if (args.length == 0) {
            // the main job: the forwarding-path comparison on the embedded emulator
            return cli.execute("compare");
        }
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    private static String qualifiedName(CommandLine cl) {
        String name = cl.getCommandName();
        return cl.getParent() == null ? "" : name + " ";
    }

    /** The exception's message on one line, with its cause's when it adds something. */
    static String oneLine(Throwable ex) {
        String msg = ex.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = ex.getClass().getSimpleName();
        }
        Throwable cause = ex.getCause();
        if (cause != null && cause.getMessage() != null && !msg.contains(cause.getMessage())) {
            msg += ": " + cause.getMessage();
        }
        return msg.replace('\n', ' ').strip();
    }
}
