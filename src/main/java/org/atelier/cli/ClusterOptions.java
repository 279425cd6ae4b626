package org.atelier.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.atelier.util.ClusterSettings;
import org.atelier.util.UserException;
import picocli.CommandLine.Option;

/** Where --runner spark runs: the master, the cores per task and Spark settings; shared by `sweep`, `study` and `predict`. */
class ClusterOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark runner: the master, e.g. local[2] (in this process), spark://host:7077 (a standalone "
                    + "cluster) (default: local[*]).")
    String master;

    @Option(names = "--task-cpus", paramLabel = "N",
            description = "Spark runner: cores per task (spark.task.cpus, and PyTorch's threads in each task) (default: 1; "
                    + "in local mode a task takes all of the master's cores).")
    Integer taskCpus;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "Spark runner: a Spark setting, e.g. --conf spark.driver.host=10.0.0.5 (repeatable).")
    List<String> conf = new ArrayList<>();

    /** Refuses these options for a runner other than Spark. */
    void requireUnused(String runner) {
        for (var given : List.of(Map.entry("--master", master != null), Map.entry("--task-cpus", taskCpus != null),
                Map.entry("--conf", !conf.isEmpty()))) {
            if (given.getValue()) {
                throw new UserException(given.getKey() + " belongs to --runner spark, not --runner " + runner);
            }
        }
    }

    ClusterSettings settings(String device) {
        int cpus = taskCpus == null ? 1 : taskCpus;
        if (cpus < 1) {
            throw new UserException("--task-cpus must be at least 1, got " + cpus);
        }
        return new ClusterSettings(master == null ? "local[*]" : master, device, cpus,
                KeyValueOptions.parse(conf, "--conf", "KEY=VALUE"));
    }
}
