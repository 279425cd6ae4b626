package org.atelier.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;
import org.atelier.data.DataConfig;
import org.atelier.data.PreparedData;
import org.atelier.sweep.LocalRunner;
import org.atelier.sweep.SweepRunner;
import org.atelier.sweep.SweepRunnerProvider;
import org.atelier.tune.ChildProcessTrainer;
import org.atelier.tune.SegmentTrainer;
import org.atelier.tune.SegmentTrainerProvider;
import org.atelier.tune.TuneFolder;
import org.atelier.util.UserException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the runs of a sweep, study or tuning search train: --runner and what each runner takes; shared by `sweep`, `study` and `tune`. */
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
            default -> throw unknownRunner();
        }
    }

    /**
     * What trains a tuning search's segments: {@code here} (this process, one at a time), N child
     * processes with --parallel N, or Spark.
     */
    SegmentTrainer segments(TuneFolder folder, java.util.function.Supplier<SegmentTrainer> here, PrintWriter log) {
        switch (runner) {
            case "local" -> {
                cluster.requireUnused(runner);
                int n = parallel == null ? 1 : parallel;
                if (n < 1) {
                    throw new UserException("--parallel must be at least 1, got " + n);
                }
                if (n == 1) {
                    return here.get();
                }
                ChildProcessTrainer children = new ChildProcessTrainer(folder, n, AtelierCli.class.getName(),
                        (trial, epochs) -> TuneSegmentCommand.arguments(folder.dir(), device.device, trial, epochs));
                log.printf(java.util.Locale.ROOT, "%d trial segments at a time, each in its own process with %s; logs in %s%n", n,
                        org.atelier.util.Plural.of(children.threads(), "thread"), folder.dir().resolve(TuneFolder.TRIALS));
                return children;
            }
            case "spark" -> {
                if (parallel != null) {
                    throw new UserException("--parallel is the local runner's; with --runner spark the cluster's executors "
                            + "decide how many trials train at once");
                }
                return SegmentTrainerProvider.named("spark").create(folder, cluster.settings(device.device), log);
            }
            default -> throw unknownRunner();
        }
    }

    private UserException unknownRunner() {
        return new UserException("--runner must be local or spark, got '" + runner + "'");
    }
}
