package org.atelier.spark;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.atelier.data.DataConfig;
import org.atelier.data.DataLocator;
import org.atelier.data.PreparedData;
import org.atelier.models.Devices;
import org.atelier.run.RunDirectory;
import org.atelier.run.TrainedModel;

/** What an executor JVM keeps between its tasks, and sets up before the first. */
final class ExecutorSide {
    private static final Map<DataConfig, PreparedData> DATA = new HashMap<>();
    private static final Map<String, TrainedModel> MODELS = new HashMap<>();

    private ExecutorSide() {}

    /** The images of a data configuration, read once per executor. */
    static synchronized PreparedData data(DataConfig config) {
        return DATA.computeIfAbsent(config, c -> PreparedData.load(c, DataLocator.standard()));
    }

    /**
     * A run's network, loaded once per executor and kept for its later tasks; each task predicts
     * through a classifier of its own on it.
     */
    static synchronized TrainedModel model(String runDir, String device) {
        return MODELS.computeIfAbsent(runDir, dir -> TrainedModel.load(RunDirectory.existing(Path.of(dir)),
                Devices.select(device, message -> { })));
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
