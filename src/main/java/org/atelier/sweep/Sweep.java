package org.atelier.sweep;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.atelier.config.SettingValues;
import org.atelier.config.TrainConfig;
import org.atelier.data.DataConfig;
import org.atelier.data.PreparedData;
import org.atelier.reporting.ComparisonPage;
import org.atelier.reporting.ComparisonReport;
import org.atelier.run.RunDirectory;
import org.atelier.util.UserException;

/**
 * A grid of settings x seeds run into one folder: every spec trained and evaluated through a
 * {@link SweepRunner}, then one comparison of every finished run with the mean and standard
 * deviation over seeds of each configuration. Running it again skips finished runs, so a sweep
 * grows by seeds or settings in the same folder.
 */
public final class Sweep {
    public static final String TITLE = "Atelier sweep";

    private Sweep() {}

    public record Result(Path dir, List<RunDirectory> runs, ComparisonReport.Written report) {}

    public static SweepFolder folder(Path dir) {
        return new SweepFolder(dir, SweepFolder.SWEEP_PLAN, List.of());
    }

    public static Result run(Path dir, List<RunSpec> specs, SweepRunner runner, PrintWriter log) {
        SweepFolder folder = folder(dir);
        folder.prepare(specs);
        List<String> failed = runner.run(folder, specs, log);
        List<String> damaged = folder.damagedFinishedRuns();
        if (!damaged.isEmpty()) {
            throw SweepFolder.damaged(damaged);
        }
        ComparisonReport.Written report = report(dir, folder, folder.finishedRuns());
        if (!failed.isEmpty()) {
            throw new UserException(failed.size() + " of " + specs.size() + " runs failed: " + String.join(", ", failed)
                    + "; see their logs in " + dir + ", then run the same command again to go on (finished runs are kept)");
        }
        return new Result(dir, specs.stream().map(s -> folder.finished(s.id())).toList(), report);
    }

    /**
     * The configuration {@code settings} make, as `train` would make it: every value checked before
     * the data is read, then balanced class weights worked out from the training images.
     */
    public static TrainConfig trainConfig(SettingValues settings, Function<DataConfig, PreparedData> data) {
        TrainConfig checked = settings.toConfig(null);
        return settings.toConfig(data.apply(checked.data()).train().first(checked.trainLimit()).classCounts());
    }

    /** Writes the comparison of {@code runs} into {@code out}, with one group per configuration (its seeds). */
    public static ComparisonReport.Written report(Path out, SweepFolder folder, Map<RunDirectory, String> runs) {
        Map<String, List<RunDirectory>> byConfig = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<RunDirectory, String> run : runs.entrySet()) {
            String config = RunSpec.configId(run.getKey().config());
            byConfig.computeIfAbsent(config, k -> new ArrayList<>()).add(run.getKey());
            labels.putIfAbsent(config, run.getValue());
        }
        List<ComparisonReport.Group> groups = new ArrayList<>();
        byConfig.forEach((config, members) -> groups.add(new ComparisonReport.Group(config, labels.get(config), members)));
        // Runs are shown by what they are ("lr=0.001, seed 1"), not by their folders' digests, where those tell them apart.
        List<RunDirectory> ordered = List.copyOf(runs.keySet());
        List<String> shownAs = ordered.stream().map(r -> runs.get(r) + ", seed " + r.config().seed()).toList();
        if (shownAs.stream().distinct().count() < shownAs.size() || runs.values().stream().anyMatch(String::isBlank)) {
            return ComparisonReport.write(out, ordered, runs, TITLE, groups);
        }
        return ComparisonReport.write(out, ordered, shownAs, Map.of(), TITLE, groups, rows -> ComparisonPage.Sections.NONE);
    }
}
