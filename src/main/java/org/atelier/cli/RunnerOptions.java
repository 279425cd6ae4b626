package org.atelier.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.atelier.data.DataConfig;
import org.atelier.data.PreparedData;
import org.atelier.sweep.LocalRunner;
import org.atelier.sweep.SweepRunner;
import org.atelier.sweep.SweepRunnerProvider;
import org.atelier.util.UserException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where the runs of a sweep or study train: --runner and what each runner takes; shared by `sweep` and `study`. */
class RunnerOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Mixin
    DeviceOption device;

    @Option(names = "--runner", paramLabel = "KIND", defaultValue = "local",
            description = "local (this machine, --parallel runs at a time) or spark (one run per Spark task, on --master; "
                    + "./atelier builds and loads the Spark module for it) (default: ${DEFAULT-VALUE}).")
    String runner;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Local runner: N runs at once, each in its own process with cores/N threads, logging to ID.log "
                    + "in the folder (default: 1).")
    Integer parallel;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark runner: the master, e.g. local[2] (in this process), spark://host:7077 (a standalone "
                    + "cluster) (default: local[*]).")
    String master;

    @Option(names = "--task-cpus", paramLabel = "N",
            description = "Spark runner: cores per training (spark.task.cpus, and PyTorch's threads in each task) (default: 1).")
    Integer taskCpus;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "Spark runner: a Spark setting, e.g. --conf spark.driver.host=10.0.0.5 (repeatable).")
    List<String> conf = new ArrayList<>();

    SweepRunner create(Path dir, String planFile, Function<DataConfig, PreparedData> data, PrintWriter log) {
        switch (runner) {
            case "local" -> {
                refuse(master != null, "--master");
                refuse(taskCpus != null, "--task-cpus");
                refuse(!conf.isEmpty(), "--conf");
                return new LocalRunner(parallel == null ? 1 : parallel, device.select(), s -> new ConsoleProgress(log), data,
                        RunTaskCommand.child(dir, planFile, device.device));
            }
            case "spark" -> {
                if (parallel != null) {
                    throw new UserException("--parallel is the local runner's; with --runner spark the master's cores and "
                            + "--task-cpus decide how many runs train at once");
                }
                int cpus = taskCpus == null ? 1 : taskCpus;
                if (cpus < 1) {
                    throw new UserException("--task-cpus must be at least 1, got " + cpus);
                }
                return SweepRunnerProvider.named("spark").create(new SweepRunnerProvider.Settings(
                        master == null ? "local[*]" : master, device.device, cpus, settings()));
            }
            default -> throw new UserException("--runner must be local or spark, got '" + runner + "'");
        }
    }

    private void refuse(boolean given, String option) {
        if (given) {
            throw new UserException(option + " belongs to --runner spark");
        }
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String c : conf) {
            int eq = c.indexOf('=');
            if (eq <= 0) {
                throw new UserException("--conf takes KEY=VALUE, got '" + c + "'");
            }
            settings.put(c.substring(0, eq), c.substring(eq + 1));
        }
        return settings;
    }
}
