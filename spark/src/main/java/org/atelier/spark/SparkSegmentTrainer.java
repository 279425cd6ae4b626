package org.atelier.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.atelier.models.Devices;
import org.atelier.training.TrainingDiverged;
import org.atelier.training.TrainingStopped;
import org.atelier.tune.SegmentTrainer;
import org.atelier.tune.TuneFolder;
import org.atelier.tune.Tuner;
import org.atelier.util.ClusterSettings;
import org.atelier.util.UserException;

/**
 * A tuning search's segments as Spark tasks: the scheduler stays on the driver (the tune process),
 * each segment is a job of one task, submitted from the tuner's threads as slots free up. The
 * search's folder must be where every executor sees it at the same path. A task reads the search
 * from the folder and trains its trial on from the run's last save, so a task retried after a lost
 * executor resumes from the checkpoint of the attempt before it; a trial whose training diverges (a
 * loss that became NaN) is answered as failed, not retried; any other error fails the task, which
 * Spark retries.
 */
final class SparkSegmentTrainer implements SegmentTrainer {
    private final SparkSession spark;
    private final JavaSparkContext context;
    private final String dir;
    private final String device;
    private final int slots;

    SparkSegmentTrainer(TuneFolder folder, ClusterSettings settings, PrintWriter log) {
        this.dir = folder.dir().toAbsolutePath().toString();
        this.device = settings.device();
        this.spark = SparkSessions.start("atelier tune", settings);
        this.context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // each executor runs one training at a time (SparkSessions.taskCpus): as many slots as executors' worth of cores
        this.slots = Math.max(1, context.defaultParallelism() / SparkSessions.taskCpus(settings));
        SparkSessions.say(log, "trial segments on Spark (master %s), %d at a time, %d cores each; logs in %s", settings.master(),
                slots, SparkSessions.taskCpus(settings), folder.dir().resolve(TuneFolder.TRIALS));
    }

    @Override
    public int slots() {
        return slots;
    }

    @Override
    public String train(int trial, int epochs) {
        String outcome;
        String folder = dir;
        String kind = device; // the task takes these, not this trainer (which holds the session)
        try {
            outcome = context.parallelize(List.of(trial), 1).map(t -> trainOne(folder, t, epochs, kind)).collect().get(0);
        } catch (RuntimeException e) {
            // every attempt failed: the executors, not the trial (whose own failures come back as answers)
            throw new UserException("trial " + trial + "'s Spark task failed " + SparkSessions.TASK_ATTEMPTS + " times: "
                    + SparkSessions.rootMessage(e) + "; run the same tune command again to go on");
        }
        if (outcome.startsWith(STOPPED)) {
            throw new TrainingStopped(outcome.substring(STOPPED.length()));
        }
        return outcome.isEmpty() ? null : outcome;
    }

    private static final String STOPPED = "stopped: ";

    /** A task: the trial trained to {@code epochs}; "" when trained, else why not. Logs to trials/trial-NNN.log. */
    static String trainOne(String dir, int trial, int epochs, String device) throws IOException {
        int cpus = ExecutorSide.useTaskCpus();
        TuneFolder.Recorded search = TuneFolder.recorded(Path.of(dir));
        String where = SparkSessions.where();
        Path logFile = search.folder().dir().resolve(TuneFolder.TRIALS).resolve(TuneFolder.trialName(trial) + ".log");
        Files.createDirectories(logFile.getParent());
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            out.printf("trial %d to epoch %d: task on %s, %d cores%n", trial, epochs, where, cpus);
            out.flush();
            try {
                Tuner.trainSegment(search.folder(), search.space(), search.settings(), trial, epochs,
                        ExecutorSide::data, Devices.select(device, message -> out.println("atelier: " + message)), new EpochLog(out));
                return "";
            } catch (TrainingStopped stopped) {
                return STOPPED + stopped.getMessage();
            } catch (TrainingDiverged diverged) {
                out.println("atelier: " + diverged.getMessage());
                return diverged.getMessage();
            }
        } catch (UncheckedIOException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        spark.stop();
    }
}
