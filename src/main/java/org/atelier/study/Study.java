package org.atelier.study;

import ai.djl.Device;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.atelier.config.TrainConfig;
import org.atelier.data.PreparedData;
import org.atelier.evaluation.Evaluation;
import org.atelier.reporting.ComparisonReport;
import org.atelier.run.RunDirectory;
import org.atelier.training.ProgressListener;
import org.atelier.util.Json;
import org.atelier.util.UserException;
import org.atelier.workflow.RunSteps;

/**
 * Runs a plan of experiments into one folder, one run directory each, evaluates every run on the
 * test set and writes the comparison report. Running it again on the same folder skips finished
 * experiments and resumes an interrupted one from its checkpoint; an experiment already there
 * with other settings (another --quick, --seed or data split) is refused, never reused.
 */
public final class Study {
    /** The study's record of what each experiment is made with. */
    public static final String PLAN_FILE = "study.json";
    /** The comparison report's title for a study. */
    public static final String TITLE = "Atelier study";

    private Study() {}

    public record Result(Path dir, List<RunDirectory> runs, Path report) {}

    public static Result run(Path dir, List<Experiment> plan, PreparedData data,
                             Function<Experiment, ProgressListener> listeners, PrintWriter log) {
        return run(dir, plan, data, listeners, log, Device.cpu());
    }

    public static Result run(Path dir, List<Experiment> plan, PreparedData data,
                             Function<Experiment, ProgressListener> listeners, PrintWriter log, Device device) {
        prepare(dir, plan);
        List<RunDirectory> runs = runExperiments(dir, plan, data, listeners, log, device);
        Map<RunDirectory, String> finished = finishedExperiments(dir);
        Path report = ComparisonReport.write(dir, List.copyOf(finished.keySet()), finished, TITLE);
        return new Result(dir, runs, report);
    }

    /** Whether {@code dir} is a study folder: one that `study` recorded its plan in. */
    public static boolean isStudyFolder(Path dir) {
        return java.nio.file.Files.isRegularFile(dir.resolve(PLAN_FILE)) && !new RunDirectory(dir).has(RunDirectory.CONFIG);
    }

    /**
     * Every experiment of the folder that finished training, with its description from study.json,
     * in the study's order (the order of the plan, whichever parts of it each call ran). Reads only
     * the small files, so a published study without parameters compares as well as the original.
     */
    public static Map<RunDirectory, String> finishedExperiments(Path dir) {
        var record = Json.readObjectOrEmpty(dir.resolve(PLAN_FILE));
        List<String> order = StudyPlan.experiments(false, org.atelier.data.DataConfig.defaults(), 0).stream()
                .map(Experiment::name).toList();
        List<String> names = new ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        names.sort(java.util.Comparator.comparingInt(n -> order.contains(n) ? order.indexOf(n) : order.size()));
        Map<RunDirectory, String> finished = new LinkedHashMap<>();
        for (String name : names) {
            RunDirectory run = new RunDirectory(dir.resolve(name));
            if (run.has(RunDirectory.METRICS)) {
                finished.put(run, record.path(name).path("description").asText(""));
            }
        }
        return finished;
    }

    /** Checks the folder against the plan and records the plan in study.json: before any experiment runs. */
    public static void prepare(Path dir, List<Experiment> plan) {
        requireSameSettings(dir, plan);
        recordPlan(dir, plan);
    }

    /**
     * Trains and evaluates the plan's unfinished experiments, one after another, without touching
     * study.json or the comparison: what one process of a parallel study does.
     */
    public static List<RunDirectory> runExperiments(Path dir, List<Experiment> plan, PreparedData data,
                                                    Function<Experiment, ProgressListener> listeners, PrintWriter log,
                                                    Device device) {
        List<RunDirectory> runs = new ArrayList<>();
        int step = 0;
        for (Experiment e : plan) {
            step++;
            RunDirectory run = new RunDirectory(dir.resolve(e.name()));
            runs.add(run);
            if (run.has(RunDirectory.EVALUATION)) {
                log.printf("[%d/%d] %s: done already%n", step, plan.size(), e.name());
                continue;
            }
            if (!run.has(RunDirectory.METRICS)) {
                boolean resume = run.has(RunDirectory.CONFIG);
                log.printf("[%d/%d] %s: %s%s%n", step, plan.size(), e.name(), e.description(), resume ? " (resuming)" : "");
                log.flush();
                RunSteps.train(resume ? run.config() : e.config(), data, run, resume, listeners.apply(e), device);
            }
            Evaluation.Result evaluation = RunSteps.evaluate(run, data.test(), Evaluation.matchingTta(run), device);
            log.printf("[%d/%d] %s: test accuracy %.4f%n", step, plan.size(), e.name(), evaluation.metrics().accuracy());
            log.flush();
        }
        return runs;
    }

    /** Refuses a plan whose experiments the folder already holds with other settings. */
    static void requireSameSettings(Path dir, List<Experiment> plan) {
        for (Experiment e : plan) {
            RunDirectory run = new RunDirectory(dir.resolve(e.name()));
            if (!run.has(RunDirectory.CONFIG)) {
                continue;
            }
            TrainConfig saved = run.config();
            List<String> differences = saved.differencesFrom(e.config().resolved());
            if (!differences.isEmpty()) {
                throw new UserException(run.root() + " was trained with other settings than this study asks for ("
                        + String.join("; ", differences.subList(0, Math.min(4, differences.size())))
                        + (differences.size() > 4 ? "; ..." : "") + "); use another --out, or the settings it was made with");
            }
        }
    }

    /** study.json: each experiment's description and configuration, kept for the ones of earlier calls. */
    private static void recordPlan(Path dir, List<Experiment> plan) {
        Path file = dir.resolve(PLAN_FILE);
        var record = Json.readObjectOrEmpty(file);
        for (Experiment e : plan) {
            var entry = Json.MAPPER.createObjectNode();
            entry.put("description", e.description());
            entry.set("config", Json.MAPPER.valueToTree(e.config().resolved()));
            record.set(e.name(), entry);
        }
        Json.write(file, record);
    }
}
