package org.atelier.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import org.atelier.augmentation.Fill;
import org.atelier.config.Monitor;
import org.atelier.config.OptimizerKind;
import org.atelier.config.Schedule;
import org.atelier.training.TrainingStopped;
import org.atelier.util.Choice;
import org.atelier.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "atelier", mixinStandardHelpOptions = true, versionProvider = AtelierCli.Version.class,
        description = "Train, evaluate and use convolutional networks for Fashion-MNIST.",
        subcommands = {DataCommand.class, ModelsCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ExportCommand.class, StudyCommand.class, SweepCommand.class, TuneCommand.class, RecipesCommand.class, CompareCommand.class, ReportCommand.class, StatusCommand.class, PublishCommand.class, BenchCommand.class, ServeCommand.class, LoadCommand.class, RunTaskCommand.class, TuneSegmentCommand.class})
public class AtelierCli implements Runnable {
    /** Exit code of a user error (bad input, missing data); picocli uses 2 for bad usage. */
    public static final int EXIT_USER_ERROR = 1;
    public static final int EXIT_INTERNAL_ERROR = 70;
    /** Bad usage (an unknown command or option), as picocli reports it. */
    public static final int EXIT_USAGE = 2;
    /** Stopped by Ctrl-C or SIGTERM after saving, as shells report a SIGINT (128 + 2). */
    public static final int EXIT_STOPPED = 130;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI as the launcher does, returning the exit code. */
    public static int run(String... args) {
        return run(commandLine(), args);
    }

    /** Runs {@code cl} (made by {@link #commandLine()}, its writers the caller's) as the launcher does. */
    static int run(CommandLine cl, String... args) {
        int code;
        try {
            code = unknownCommand(cl, args) ? EXIT_USAGE : cl.execute(args);
        } catch (OutOfMemoryError e) {
            code = outOfMemory(e, cl.getErr());
        }
        // System.exit follows: whatever a command printed without a line end must reach the pipe.
        cl.getOut().flush();
        cl.getErr().flush();
        return code;
    }

    public static CommandLine commandLine() {
        HelpDefaults.publish();
        CommandLine cl = new CommandLine(new AtelierCli());
        cl.registerConverter(Schedule.class, choice(Schedule.class));
        cl.registerConverter(OptimizerKind.class, choice(OptimizerKind.class));
        cl.registerConverter(Monitor.class, choice(Monitor.class));
        cl.registerConverter(Fill.class, choice(Fill.class));
        cl.registerConverter(EvaluationSplit.class, choice(EvaluationSplit.class));
        cl.registerConverter(ExportFormat.class, choice(ExportFormat.class));
        cl.registerConverter(org.atelier.inference.InferenceEngine.class, choice(org.atelier.inference.InferenceEngine.class));
        cl.setExecutionExceptionHandler(AtelierCli::handleFailure);
        cl.setParameterExceptionHandler(AtelierCli::usageError);
        SpaceWrappedHelp.install(cl);
        return cl;
    }

    /**
     * An unknown command is a usage error whatever follows it: picocli would answer "nosuch --help"
     * with the top-level help and exit 0. Says so, with the commands it resembles.
     */
    private static boolean unknownCommand(CommandLine cl, String[] args) {
        if (args.length == 0 || args[0].startsWith("-") || cl.getSubcommands().containsKey(args[0])) {
            return false;
        }
        PrintWriter err = cl.getErr();
        say(err, "unknown command '" + args[0] + "'; the commands are " + commands(cl)
                + " (atelier --help says what each does)");
        return true;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give a command: " + commands(spec.commandLine()));
    }

    /** The commands users are shown, in help's order: not the hidden ones the tool runs itself (run-task). */
    private static String commands(CommandLine cl) {
        return String.join(", ", cl.getSubcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden()).map(Map.Entry::getKey).toList());
    }

    /** Reads a {@link Choice} by its id; anything else is a usage error listing the choices. */
    private static <E extends Enum<E> & Choice> CommandLine.ITypeConverter<E> choice(Class<E> type) {
        return text -> Choice.find(type, text).orElseThrow(() ->
                new CommandLine.TypeConversionException("expected one of " + Choice.ids(type) + ", got '" + text + "'"));
    }

    /** A line to the user on {@code err}, as every message of the CLI starts: "atelier: ...". */
    static void say(PrintWriter err, String message) {
        err.println(PREFIX + message);
        err.flush();
    }

    private static final String PREFIX = "atelier: ";

    /**
     * A wrong option or value: the message, what picocli suggests for a misspelt option, and where
     * the options are listed; not the whole help (150 lines for train, the message scrolled away).
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        String message = e.getMessage();
        if (e.getArgSpec() instanceof CommandLine.Model.OptionSpec o && o.names().length > 1) {
            // picocli names an option by its longest name: "--lr abc" was reported as '--learning-rate'
            message = message.replace("'" + o.longestName() + "'", "'" + o.names()[0] + "'");
        }
        err.println(PREFIX + message);
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("('" + cl.getCommandSpec().qualifiedName() + " --help' lists the "
                + (cl.getSubcommands().isEmpty() ? "options)" : "commands)"));
        err.flush();
        return EXIT_USAGE;
    }

    private static int handleFailure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Out of memory in a worker thread arrives wrapped (ExecutionException and the like).
            if (t instanceof OutOfMemoryError oom) {
                return outOfMemory(oom, err);
            }
        }
        if (e instanceof TrainingStopped) {
            // Ctrl-C or SIGTERM: the shutdown hook that asked for the stop has said what the run keeps.
            return EXIT_STOPPED;
        }
        if (e instanceof UserException || e instanceof UncheckedIOException) {
            say(err, e.getMessage());
            return EXIT_USER_ERROR;
        }
        err.println(PREFIX + "internal error, please report it with this trace:");
        e.printStackTrace(err);
        err.flush();
        return EXIT_INTERNAL_ERROR;
    }

    /**
     * A limit of the JVM was reached (heap, or the launcher's cap on direct buffers): say which and
     * how to raise it. Checkpoints are written atomically, so a training run can be resumed.
     */
    static int outOfMemory(OutOfMemoryError e, PrintWriter err) {
        say(err, "out of memory (" + e.getMessage() + "); raise the limits with ATELIER_JAVA_OPTS,"
                + " e.g. ATELIER_JAVA_OPTS='-Xmx16g -XX:MaxDirectMemorySize=1g' (defaults -Xmx8g and 256m)");
        return EXIT_INTERNAL_ERROR;
    }

    static class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"atelier " + org.atelier.run.Provenance.currentVersion()
                    + " (DJL 0.36, PyTorch 2.7.1 CPU engine, Java " + System.getProperty("java.version") + ")"};
        }
    }
}
