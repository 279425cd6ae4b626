package org.atelier.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;
import org.atelier.data.DataConfig;
import org.atelier.data.PreparedData;
import org.atelier.sweep.LocalRunner;
import org.atelier.sweep.SweepRunner;
import org.atelier.sweep.SweepRunnerProvider;
import org.atelier.util.UserException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the runs of a sweep or study train: --runner and what each runner takes; shared by `sweep` and `study`. */
class RunnerOptions {
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

    @Mixin
    ClusterOptions cluster;

    SweepRunner create(Path dir, String planFile, Function<DataConfig, PreparedData> data, PrintWriter log) {
        switch (runner) {
            case "local" -> {
                cluster.requireUnused(runner);
                return new LocalRunner(parallel == null ? 1 : parallel, device.select(), s -> new ConsoleProgress(log), data,
                        RunTaskCommand.child(dir, planFile, device.device));
            }
            case "spark" -> {
                if (parallel != null) {
                    throw new UserException("--parallel is the local runner's; with --runner spark the master's cores and "
                            + "--task-cpus decide how many runs train at once");
                }
                return SweepRunnerProvider.named("spark").create(cluster.settings(device.device));
            }
            default -> throw new UserException("--runner must be local or spark, got '" + runner + "'");
        }
    }
}
