package org.atelier.reporting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.atelier.config.Recipes;
import org.atelier.run.RunDirectory;
import org.atelier.run.RunMetrics;
import org.atelier.util.UserException;

/**
 * The recipes' published results as one Markdown table (the README's): a row per recipe folder of
 * a results folder (results/recipes/fast, .../best), made from the evaluated runs in it, each a run
 * directory without parameters. Test accuracy is each run's single figure on the test set; the mean
 * and range are over the runs (seeds).
 */
public final class RecipeTable {
    /** The table's columns, in order. */
    static final String HEADER = "| recipe | model | epochs | runs (seeds) | test accuracy, mean (range) "
            + "| with test-time views | training TFLOP per run | training time per run |\n"
            + "|---|---|---|---|---|---|---|---|\n";

    private RecipeTable() {}

    /** One recipe's evaluated runs. */
    record Recipe(String name, List<RunDirectory> runs) {}

    public static String markdown(Path results) {
        List<Recipe> recipes = recipes(results);
        if (recipes.isEmpty()) {
            throw new UserException(results + ": no recipe folder with an evaluated run (a run directory whose metrics.json "
                    + "has test_accuracy)");
        }
        StringBuilder md = new StringBuilder(HEADER);
        for (Recipe r : recipes) {
            md.append(row(r)).append('\n');
        }
        return md.toString();
    }

    private static String row(Recipe r) {
        List<RunMetrics> metrics = r.runs().stream().map(run -> run.metrics().orElseThrow()).toList();
        java.util.DoubleSummaryStatistics test = metrics.stream().mapToDouble(RunMetrics::testAccuracy).summaryStatistics();
        RunMetrics first = metrics.get(0);
        String seeds = String.join(", ", r.runs().stream().map(run -> String.valueOf(run.config().seed())).toList());
        List<RunMetrics> viewed = metrics.stream().filter(m -> m.tta() != null && !m.tta().equals("none") && m.testAccuracyTta() != null)
                .toList();
        String views = viewed.isEmpty() ? "-"
                : Pages.percent(viewed.stream().mapToDouble(RunMetrics::testAccuracyTta).average().orElseThrow())
                        + " (" + String.join(", ", viewed.stream().map(RunMetrics::tta).distinct().toList())
                        + (viewed.size() < metrics.size() ? ", " + viewed.size() + " of the runs" : "") + ")";
        double tflop = metrics.stream().mapToDouble(RunMetrics::trainTflop).max().orElse(Double.NaN);
        double seconds = metrics.stream().mapToDouble(RunMetrics::trainSeconds).average().orElse(Double.NaN);
        return "| " + r.name() + " | " + first.model() + " | " + first.epochsRun() + " | " + r.runs().size() + " (" + seeds + ") | "
                + Pages.percent(test.getAverage()) + " (" + Pages.percent(test.getMin()) + " - " + Pages.percent(test.getMax()) + ") | " + views
                + " | " + Pages.tflop(tflop) + (metrics.size() > 1 ? " at most" : "") + " | "
                + String.format(Locale.ROOT, "%.0f min", seconds / 60) + " |";
    }

    /** The recipe folders with evaluated runs: the known recipes first, in their order, then others by name. */
    static List<Recipe> recipes(Path results) {
        if (!Files.isDirectory(results)) {
            throw new UserException(results + ": no such folder");
        }
        List<Recipe> out = new ArrayList<>();
        for (Path folder : children(results)) {
            List<RunDirectory> runs = children(folder).stream().filter(RecipeTable::isEvaluatedRun).map(RunDirectory::existing)
                    .sorted(Comparator.comparingLong(run -> run.config().seed())).toList();
            if (!runs.isEmpty()) {
                out.add(new Recipe(folder.getFileName().toString(), runs));
            }
        }
        out.sort(Comparator.comparingInt((Recipe r) -> Recipes.NAMES.contains(r.name()) ? Recipes.NAMES.indexOf(r.name())
                : Recipes.NAMES.size()).thenComparing(Recipe::name));
        return out;
    }

    private static boolean isEvaluatedRun(Path dir) {
        if (!Files.isRegularFile(dir.resolve(RunDirectory.CONFIG)) || !Files.isRegularFile(dir.resolve(RunDirectory.METRICS))) {
            return false;
        }
        return new RunDirectory(dir).metrics().map(RunMetrics::evaluated).orElse(false);
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
