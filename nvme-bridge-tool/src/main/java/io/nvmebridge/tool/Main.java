package io.nvmebridge.tool;

import io.nvmebridge.tool.bench.ResultFormat;
import io.nvmebridge.tool.cli.AdminPassthruCommand;
import io.nvmebridge.tool.cli.BenchCommand;
import io.nvmebridge.tool.cli.CompareCommand;
import io.nvmebridge.tool.cli.CompletionCommand;
import io.nvmebridge.tool.cli.ErrorLogCommand;
import io.nvmebridge.tool.cli.GetFeatureCommand;
import io.nvmebridge.tool.cli.IdCtrlCommand;
import io.nvmebridge.tool.cli.IdNsCommand;
import io.nvmebridge.tool.cli.IoPassthruCommand;
import io.nvmebridge.tool.cli.JmhCommand;
import io.nvmebridge.tool.cli.ListCommand;
import io.nvmebridge.tool.cli.Quiet;
import io.nvmebridge.tool.cli.ReadCommand;
import io.nvmebridge.tool.cli.RingBenchCommand;
import io.nvmebridge.tool.cli.ServeCommand;
import io.nvmebridge.tool.cli.SmartLogCommand;
import io.nvmebridge.tool.cli.UsageException;
import io.nvmebridge.tool.cli.WriteCommand;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * {@code ./nvme-bridge}: nvme-cli's verbs on the userspace driver, the io_uring bridge's server, and the
 * benchmarks. Every failure ends in one line on stderr and a non-zero exit status: 2 for a usage mistake,
 * 1 for anything the device or the system answered.
 */
@Command(name = "nvme-bridge", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Userspace NVMe driver with io_uring forwarding, on an embedded emulator or QEMU's NVMe controller.",
        subcommands = {IdCtrlCommand.class, IdNsCommand.class, ListCommand.class, ReadCommand.class, WriteCommand.class,
                SmartLogCommand.class, ErrorLogCommand.class, GetFeatureCommand.class, AdminPassthruCommand.class,
                IoPassthruCommand.class, BenchCommand.class, CompareCommand.class, RingBenchCommand.class, ServeCommand.class, JmhCommand.class,
                CompletionCommand.class, ManPageGenerator.class})
public final class Main implements Runnable {
    /** The tool's version, as {@code --version} prints it and as its JSON names its producer. */
    public static final String VERSION = "nvme-bridge-" + ResultFormat.VERSION;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit status (tests call this). */
    public static int run(String... args) {
        Quiet.set(false);
        CommandLine cli = commandLine();
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

    /**
     * {@code -q/--quiet}, inherited by every verb. Only a true value is kept: picocli applies an inherited
     * option's default again when it meets the verb, which must not undo a {@code -q} given before it.
     */
    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "No progress line and no informational messages: only results and one-line errors.")
    void quiet(boolean quiet) {
        if (quiet) {
            Quiet.set(true);
        }
    }

    /** The tool's command line with every verb's examples, exit codes and --json attached. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        // JMH's own options (-f, -prof ...) pass through untouched
        cli.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true);
        VerbConventions.apply(cli);
        cli.setExecutionStrategy(VerbConventions::execute);
        return cli;
    }

    @Override
    public void run() {
        commandLine().usage(System.out);
    }

    private static String qualifiedName(CommandLine cl) {
        String name = cl.getCommandName();
        return cl.getParent() == null ? "" : name + " ";
    }

    /** The exception's message on one line, with its cause's when it adds something. */
    static String oneLine(Throwable ex) {
        String msg = message(ex);
        Throwable cause = ex.getCause();
        if (cause != null && cause.getMessage() != null && !msg.contains(message(cause))) {
            msg += ": " + message(cause);
        }
        return msg.replace('\n', ' ').strip();
    }

    /**
     * A throwable's message; for a file system error (whose message is often the bare path) the path and what went
     * wrong, as the C library says it: {@code /proc/x: no such file or directory}.
     */
    private static String message(Throwable ex) {
        if (ex instanceof FileSystemException fse && fse.getFile() != null) {
            String other = fse.getOtherFile() == null ? "" : " -> " + fse.getOtherFile();
            return fse.getFile() + other + ": " + fileProblem(fse);
        }
        String msg = ex.getMessage();
        return msg == null || msg.isBlank() ? ex.getClass().getSimpleName() : msg;
    }

    private static String fileProblem(FileSystemException e) {
        if (e.getReason() != null && !e.getReason().isBlank()) {
            return e.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return switch (e) {
            case NoSuchFileException x -> "no such file or directory";
            case AccessDeniedException x -> "permission denied";
            case FileAlreadyExistsException x -> "file exists";
            case NotDirectoryException x -> "not a directory";
            case DirectoryNotEmptyException x -> "directory not empty";
            default -> e.getClass().getSimpleName();
        };
    }
}
