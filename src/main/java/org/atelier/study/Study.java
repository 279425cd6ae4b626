package org.atelier.study;

import ai.djl.Device;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.atelier.data.PreparedData;
import org.atelier.reporting.ComparisonPage;
import org.atelier.reporting.ComparisonReport;
import org.atelier.reporting.Pages;
import org.atelier.run.EpochRecord;
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
        List<RunDirectory> sorted = new ArrayList<>(runs.keySet());
        sorted.sort(Comparator.comparingInt(run -> StudyExperiment.byId(run.root().getFileName().toString())
                .map(Enum::ordinal).orElse(Integer.MAX_VALUE)));
        Map<RunDirectory, String> ordered = new LinkedHashMap<>();
        sorted.forEach(run -> ordered.put(run, runs.get(run)));
        return ordered;
    }

    /**
     * The study's own part of its comparison page: a headline, the experiments not finished (linked to
     * their pages so far), the reference's figures beside these, and its conclusions checked.
     */
    public record StudySections(String headline, List<Unfinished> unfinished, List<ReferenceFigures.FigureLine> figures,
                                List<StudyConclusions.ClaimView> claims) {}

    /** An experiment of the plan without a finished run: how far it got, and its page so far (relative), if any. */
    public record Unfinished(String id, String standing, String link) {}

    /** The study's record of what each experiment is made with. */
    public static final String PLAN_FILE = SweepFolder.STUDY_PLAN;
    /** The comparison report's title for a study. */
    public static final String TITLE = "Atelier study";

    private Study() {}

    public record Result(Path dir, List<RunDirectory> runs, ComparisonReport.Written report) {}

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
        List<String> damaged = folder.damagedFinishedRuns();
        if (!damaged.isEmpty()) {
            throw SweepFolder.damaged(damaged);
        }
        if (!failed.isEmpty()) {
            throw new UserException("experiments failed: " + String.join(", ", failed) + "; see their logs in " + dir
                    + ", then run the same command again to go on");
        }
        ComparisonReport.Written report = report(dir, folder.finishedRuns());
        return new Result(dir, plan.stream().map(s -> folder.finished(s.id())).toList(), report);
    }

    /**
     * The study's comparison of its finished experiments (run folder to description) in {@code out}:
     * the table and curves of any comparison, the reference's published figures beside them, and its
     * conclusions checked against them.
     */
    public static ComparisonReport.Written report(Path out, Map<RunDirectory, String> finished) {
        Map<RunDirectory, String> ordered = inStudyOrder(finished);
        List<Unfinished> unfinished = unfinished(out, ordered.keySet());
        List<StudySections> made = new ArrayList<>();
        List<ComparisonReport.Row> rowsSeen = new ArrayList<>();
        ComparisonReport.Written page = ComparisonReport.write(out, List.copyOf(ordered.keySet()), ordered, TITLE, List.of(), rows -> {
            List<StudyConclusions.ClaimView> claims = StudyConclusions.claims(rows);
            StudySections sections = new StudySections(headline(rows, unfinished, claims), unfinished, ReferenceFigures.lines(rows),
                    claims);
            made.add(sections);
            rowsSeen.addAll(rows);
            return new ComparisonPage.Sections(Pages.render("study/lead.jte", sections), Pages.render("study/sections.jte", sections));
        });
        StudyReadme.write(out, rowsSeen, made.get(0));
        return page;
    }

    /** "8 of 9 experiments finished. Best validation: miniresnet, 94.55% (test 93.94%). Conclusions: 2 confirmed, ...". */
    static String headline(List<ComparisonReport.Row> rows, List<Unfinished> unfinished, List<StudyConclusions.ClaimView> claims) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d of %d experiments finished.", rows.size(),
                rows.size() + unfinished.size()));
        rows.stream().max(Comparator.comparingDouble(ComparisonReport.Row::validationAccuracy)).ifPresent(best ->
                b.append(String.format(Locale.ROOT, " Best validation accuracy: %s, %.2f%%%s.", best.name(),
                        100 * best.validationAccuracy(), Double.isNaN(best.testAccuracy()) ? ""
                                : String.format(Locale.ROOT, " (test %.2f%%)", 100 * best.testAccuracy()))));
        Map<StudyVerdicts.Kind, Long> kinds = new EnumMap<>(StudyVerdicts.Kind.class);
        claims.forEach(c -> kinds.merge(c.verdict().kind(), 1L, Long::sum));
        List<String> counts = new ArrayList<>();
        kinds.forEach((kind, n) -> counts.add(n + " " + kind.label()));
        return b.append(" The reference's conclusions: ").append(String.join(", ", counts)).append('.').toString();
    }

    /**
     * The plan's experiments with no finished run in {@code out}: each with how far its run got,
     * looked for where a study keeps it (.partial) and where a publication puts it (OUT-unfinished).
     */
    static List<Unfinished> unfinished(Path out, Collection<RunDirectory> finished) {
        SweepFolder folder = folder(out);
        if (!Files.isRegularFile(folder.planPath())) {
            return List.of();
        }
        Set<String> done = new HashSet<>();
        finished.forEach(r -> done.add(r.root().getFileName().toString()));
        // the plan's experiments and partial runs, then those a publication kept unfinished that the plan does not name
        Set<String> ids = folder.plannedAndPartialIds();
        Path published = StudyPublication.unfinishedFolder(out);
        ids.addAll(SweepFolder.folderNames(published));
        List<Unfinished> list = new ArrayList<>();
        for (String id : ids) {
            if (done.contains(id)) {
                continue;
            }
            RunDirectory run = Stream.of(new RunDirectory(published.resolve(id)), folder.partial(id))
                    .filter(r -> r.has(RunDirectory.HISTORY) && r.has(RunDirectory.CONFIG)).findFirst().orElse(null);
            if (run == null) {
                list.add(new Unfinished(id, "not started", null));
                continue;
            }
            List<EpochRecord> history = run.history();
            String best = EpochRecord.bestByValidation(history).map(e -> String.format(Locale.ROOT,
                    ", best validation accuracy %.2f%% at epoch %d", 100 * e.validationAccuracy(), e.epoch())).orElse("");
            String link = run.has(RunDirectory.REPORT)
                    ? out.toAbsolutePath().normalize().relativize(run.file(RunDirectory.REPORT).toAbsolutePath().normalize()).toString()
                    : null;
            list.add(new Unfinished(id, String.format(Locale.ROOT, "stopped after %d of %d epochs%s; no test figure",
                    history.size(), run.config().epochs(), best), link));
        }
        return list;
    }
}
