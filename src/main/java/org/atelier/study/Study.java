package org.atelier.study;

import ai.djl.Device;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.atelier.data.PreparedData;
import org.atelier.evaluation.Evaluation;
import org.atelier.reporting.ComparisonReport;
import org.atelier.reporting.RunReport;
import org.atelier.run.RunDirectory;
import org.atelier.training.TrainingRun;
import org.atelier.training.ProgressListener;

/**
 * Runs a plan of experiments into one folder, one run directory each, evaluates every run on the
 * test set and writes the comparison report. Running it again on the same folder skips finished
 * experiments and resumes an interrupted one from its checkpoint.
 */
public final class Study {
    private Study() {}

    public record Result(Path dir, List<RunDirectory> runs, Path report) {}

    public static Result run(Path dir, List<Experiment> plan, PreparedData data,
                             Function<Experiment, ProgressListener> listeners, PrintWriter log) {
        return run(dir, plan, data, listeners, log, Device.cpu());
    }

    public static Result run(Path dir, List<Experiment> plan, PreparedData data,
                             Function<Experiment, ProgressListener> listeners, PrintWriter log, Device device) {
        List<RunDirectory> runs = new ArrayList<>();
        Map<RunDirectory, String> descriptions = new LinkedHashMap<>();
        int step = 0;
        for (Experiment e : plan) {
            step++;
            RunDirectory run = new RunDirectory(dir.resolve(e.name()));
            runs.add(run);
            descriptions.put(run, e.description());
            if (run.has(RunDirectory.EVALUATION)) {
                log.printf("[%d/%d] %s: done already%n", step, plan.size(), e.name());
                continue;
            }
            boolean trained = run.has(RunDirectory.METRICS);
            if (!trained) {
                boolean resume = run.has(RunDirectory.CHECKPOINT);
                log.printf("[%d/%d] %s: %s%s%n", step, plan.size(), e.name(), e.description(), resume ? " (resuming)" : "");
                log.flush();
                new TrainingRun(resume ? run.config() : e.config(), run, listeners.apply(e), device).train(data, resume);
            }
            Evaluation.Result evaluation = Evaluation.evaluate(run, data.test(), Evaluation.matchingTta(run), device);
            RunReport.write(run);
            log.printf("[%d/%d] %s: test accuracy %.4f%n", step, plan.size(), e.name(), evaluation.metrics().accuracy());
            log.flush();
        }
        Path report = ComparisonReport.write(dir, runs, descriptions, "Atelier study");
        return new Result(dir, runs, report);
    }
}
