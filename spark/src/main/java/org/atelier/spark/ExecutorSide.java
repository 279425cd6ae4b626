package org.atelier.spark;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.atelier.data.DataConfig;
import org.atelier.data.DataLocator;
import org.atelier.data.PreparedData;

/** What an executor JVM keeps between its tasks, and sets up before the first. */
final class ExecutorSide {
    private static final Map<DataConfig, PreparedData> DATA = new HashMap<>();

    private ExecutorSide() {}

    /** The images of a data configuration, read once per executor. */
    static synchronized PreparedData data(DataConfig config) {
        return DATA.computeIfAbsent(config, c -> PreparedData.load(c, DataLocator.standard()));
    }

    /**
     * PyTorch's threads = this task's cores (spark.task.cpus). DJL reads the setting when its engine
     * starts, so this holds for the first task of a JVM; executors are started with it as well.
     */
    static int useTaskCpus() {
        TaskContext task = TaskContext.get();
        int cpus = task == null ? 1 : task.cpus();
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(cpus));
        return cpus;
    }
}
