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
import org.atelier.data.PreparedData;
import org.atelier.models.Devices;
import org.atelier.sweep.RunSpec;
import org.atelier.sweep.SpecTask;
import org.atelier.sweep.SweepFolder;
import org.atelier.sweep.SweepRunner;
import org.atelier.util.ClusterSettings;

/**
 * One training per Spark task. The folder must be where every executor sees it at the same path
 * (a shared or mounted folder; on one machine, any folder). A task runs its spec through
 * {@link SpecTask}, as the local runner does: a retried task resumes from the checkpoint of the
 * attempt before it, and a spec finishes once, moved into place in one rename.
 */
public final class SparkSweepRunner implements SweepRunner {
    private final ClusterSettings settings;

    public SparkSweepRunner(ClusterSettings settings) {
        this.settings = settings;
    }

    @Override
    public List<String> run(SweepFolder folder, List<RunSpec> specs, PrintWriter log) {
        List<String> pending = specs.stream().map(RunSpec::id).filter(id -> !folder.isFinished(id)).toList();
        specs.stream().filter(s -> folder.isFinished(s.id())).forEach(s -> SparkSessions.say(log, "%s: done already", s.id()));
        if (pending.isEmpty()) {
            return List.of();
        }
        String dir = folder.dir().toAbsolutePath().toString();
        String plan = folder.planPath().getFileName().toString();
        String device = settings.device();
        SparkSession spark = SparkSessions.start("atelier sweep", settings);
        try {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            SparkSessions.say(log, "%d runs on Spark (master %s), %d cores each, one training per executor at a time; "
                    + "logs in %s", pending.size(), settings.master(), SparkSessions.taskCpus(settings), dir);
            try {
                List<String> outcomes = context.parallelize(pending, pending.size())
                        .map(id -> trainOne(dir, plan, id, device)).collect();
                outcomes.forEach(line -> SparkSessions.say(log, "%s", line));
            } catch (RuntimeException e) {
                SparkSessions.say(log, "the Spark job failed: %s", SparkSessions.rootMessage(e));
            }
        } finally {
            spark.stop();
        }
        return pending.stream().filter(id -> !folder.isFinished(id)).toList();
    }

    /** A task: one spec trained and evaluated into place; logs to ID.log in the folder. */
    static String trainOne(String dir, String plan, String id, String device) throws IOException {
        int cpus = ExecutorSide.useTaskCpus();
        SweepFolder folder = new SweepFolder(Path.of(dir), plan, List.of());
        RunSpec spec = folder.spec(id);
        String where = SparkSessions.where();
        Path logFile = folder.dir().resolve(id + ".log");
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            out.printf("%s: task on %s, %d cores%n", id, where, cpus);
            PreparedData data = folder.isFinished(id) ? null : ExecutorSide.data(spec.config().data());
            SpecTask.Outcome outcome = SpecTask.run(folder, spec, data, new EpochLog(out),
                    Devices.select(device, message -> out.println("atelier: " + message)), out, id);
            return id + ": " + (outcome == SpecTask.Outcome.FINISHED ? "finished" : "done already") + " (" + where + ")";
        } catch (UncheckedIOException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
