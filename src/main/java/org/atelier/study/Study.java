package org.atelier.study;

import ai.djl.Device;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.atelier.data.PreparedData;
import org.atelier.reporting.ComparisonReport;
import org.atelier.reporting.Pages;
import org.atelier.run.RunDirectory;
import org.atelier.sweep.LocalRunner;
import org.atelier.sweep.RunSpec;
import org.atelier.sweep.SweepFolder;
import org.atelier.sweep.SweepRunner;
import org.atelier.training.ProgressListener;
import org.atelier.util.UserException;

/**
 * The study is a sweep of named experiments: its plan runs through a {@link SweepRunner} into one
 * folder, one run each, evaluated on the test set, then one comparison report of every finished
 * experiment there. Running it again skips finished experiments and resumes an interrupted one;
 * an experiment already there with other settings (another --quick, --seed or split) is refused.
 */
public final class Study {
    /**
     * {@code runs} in the study's order, whatever order they finished (or were published) in; runs
     * that are no experiment of the study come last, in their own order.
     */
    static Map<RunDirectory, String> inStudyOrder(Map<RunDirectory, String> runs) {
        List<RunDirectory> sorted = new java.util.ArrayList<>(runs.keySet());
        sorted.sort(java.util.Comparator.comparingInt(run -> StudyExperiment.byId(run.root().getFileName().toString())
                .map(Enum::ordinal).orElse(Integer.MAX_VALUE)));
        Map<RunDirectory, String> ordered = new java.util.LinkedHashMap<>();
        sorted.forEach(run -> ordered.put(run, runs.get(run)));
        return ordered;
    }

    /** The study's own part of its comparison page: the reference's figures beside these, and its conclusions checked. */
    public record StudySections(List<ReferenceFigures.FigureLine> figures, List<StudyConclusions.ClaimView> claims) {}

    /** The study's record of what each experiment is made with. */
    public static final String PLAN_FILE = SweepFolder.STUDY_PLAN;
    /** The comparison report's title for a study. */
    public static final String TITLE = "Atelier study";

    private Study() {}

    public record Result(Path dir, List<RunDirectory> runs, Path report) {}

    /** A study folder, keeping its plan file in the study's order. */
    public static SweepFolder folder(Path dir) {
        return new SweepFolder(dir, PLAN_FILE, StudyPlan.ids());
    }

    /** Runs the plan in this process, one experiment after another. */
    public static Result run(Path dir, List<RunSpec> plan, PreparedData data, Function<RunSpec, ProgressListener> listeners,
                             PrintWriter log) {
        return run(dir, plan, new LocalRunner(1, Device.cpu(), listeners, c -> data, null), log);
    }

    public static Result run(Path dir, List<RunSpec> plan, SweepRunner runner, PrintWriter log) {
        SweepFolder folder = folder(dir);
        folder.prepare(plan);
        List<String> failed = runner.run(folder, plan, log);
        if (!failed.isEmpty()) {
            throw new UserException("experiments failed: " + String.join(", ", failed) + "; see their logs in " + dir
                    + ", then run the same command again to go on");
        }
        Path report = report(dir, folder.finishedRuns());
        return new Result(dir, plan.stream().map(s -> folder.finished(s.id())).toList(), report);
    }

    /**
     * The study's comparison of its finished experiments (run folder to description) in {@code out}:
     * the table and curves of any comparison, the reference's published figures beside them, and its
     * conclusions checked against them.
     */
    public static Path report(Path out, Map<RunDirectory, String> finished) {
        Map<RunDirectory, String> ordered = inStudyOrder(finished);
        return ComparisonReport.write(out, List.copyOf(ordered.keySet()), ordered, TITLE, List.of(),
                rows -> Pages.render("study/sections.jte", new StudySections(ReferenceFigures.lines(rows),
                        StudyConclusions.claims(rows))));
    }
}
