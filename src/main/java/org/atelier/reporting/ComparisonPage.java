package org.atelier.reporting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.atelier.data.FashionClass;
import org.atelier.run.RunDirectory;
import org.atelier.util.Durations;

/**
 * What comparison.html shows, every figure formatted as the page writes it; laid out by
 * reporting/comparison.jte. {@code sections} are HTML a caller made with templates of its own (the
 * study's headline first, its figures and conclusions before the curves).
 */
public record ComparisonPage(String title, String headline, List<RunLine> runs, boolean described, Recalls recalls,
                             List<GroupLine> groups, SettingsDifference differences, Sections sections, String curves) {
    /** A caller's own parts of the page: {@code lead} above the table, {@code body} before the curves. */
    public record Sections(String lead, String body) {
        public static final Sections NONE = new Sections("", "");
    }

    /**
     * One run: its name (linked to its report), what it is, its model, and its figures in the order of the
     * two tables, accuracy and cost (one table of both is 1,500 pixels wide: cut off on a laptop's screen).
     */
    public record RunLine(String name, String link, String description, String model, List<String> accuracy, List<String> cost) {}

    /** Each class's test recall per run, the best of each class marked. */
    public record Recalls(List<String> classes, List<RecallLine> rows) {}

    public record RecallLine(String name, List<RecallCell> cells) {}

    public record RecallCell(String text, boolean best) {}

    /** One configuration of a sweep over its seeds. */
    public record GroupLine(String id, String label, int runs, String validation, String test, String trainTime) {}

    static ComparisonPage of(Path dir, String title, List<ComparisonReport.Row> rows, List<ComparisonReport.GroupRow> summary,
                             Sections sections, SettingsDifference differences) {
        List<RunLine> runs = rows.stream().map(r -> new RunLine(r.name(),
                dir.toAbsolutePath().relativize(r.root().toAbsolutePath().resolve(RunDirectory.REPORT)).toString(), r.description(),
                r.model(), List.of(Pages.percent(r.validationAccuracy()), Pages.percent(r.lastValidationAccuracy()),
                        Pages.percent(r.testAccuracy()), r.bestEpoch() + "/" + r.epochs(), Pages.percent(r.gap())),
                List.of(Pages.count(r.parameters()), Pages.number(r.mflops(), 1), Pages.tflop(r.trainTflop()),
                        Durations.of(r.trainSeconds()),
                        Pages.number(r.trainImagesPerSecond(), 0), Pages.number(r.inferenceImagesPerSecond(), 0)))).toList();
        List<GroupLine> groups = summary.stream().map(g -> new GroupLine(g.group().id(), g.group().label(), g.runs(),
                plusMinus(g.validationMean(), g.validationStd()), plusMinus(g.testMean(), g.testStd()),
                Durations.of(g.trainSecondsMean()))).toList();
        boolean described = rows.stream().anyMatch(r -> !r.description().isEmpty());
        // a caller's lead (the study's) says what its comparison found; any other gets the best run and the runner-up
        String headline = sections.lead().isEmpty() ? headline(rows) : "";
        return new ComparisonPage(title, headline, runs, described, recalls(rows), groups, differences, sections,
                ComparisonReport.CURVES);
    }

    /**
     * "3 runs. Best validation accuracy: a, 91.04% (test 90.52%); next: b, 0.62 points lower." Runs whose
     * figure rounds to the best one's as the page shows it are named together as tied ("0.00 points lower"
     * read as a contradiction).
     */
    static String headline(List<ComparisonReport.Row> rows) {
        List<ComparisonReport.Row> ranked = rows.stream().filter(r -> !Double.isNaN(r.validationAccuracy()))
                .sorted(java.util.Comparator.comparingDouble(ComparisonReport.Row::validationAccuracy).reversed()).toList();
        StringBuilder b = new StringBuilder(org.atelier.util.Plural.of(rows.size(), "run") + ".");
        if (ranked.isEmpty()) {
            return b.toString();
        }
        ComparisonReport.Row best = ranked.get(0);
        int tied = 1;
        while (tied < ranked.size() && gap(best, ranked.get(tied)).equals(Pages.number(0, 2))) {
            tied++;
        }
        b.append(" Best validation accuracy: ");
        if (tied == 1) {
            b.append(best.name()).append(", ").append(Pages.percent(best.validationAccuracy()))
                    .append(Double.isNaN(best.testAccuracy()) ? "" : " (test " + Pages.percent(best.testAccuracy()) + ")");
        } else {
            b.append(org.atelier.util.Plural.of(tied, "run")).append(" tied at ").append(Pages.percent(best.validationAccuracy())).append(" (")
                    .append(String.join(", ", ranked.subList(0, tied).stream().map(ComparisonReport.Row::name).toList())).append(')');
        }
        if (tied < ranked.size()) {
            ComparisonReport.Row next = ranked.get(tied);
            b.append("; next: ").append(next.name()).append(", ").append(gap(best, next)).append(" points lower");
        }
        return b.append('.').toString();
    }

    /** How far {@code other}'s validation accuracy is below {@code best}'s, in points as the page shows them. */
    private static String gap(ComparisonReport.Row best, ComparisonReport.Row other) {
        return Pages.number(100 * (best.validationAccuracy() - other.validationAccuracy()), 2);
    }

    /** The recall table, or null when no run has been evaluated. */
    private static Recalls recalls(List<ComparisonReport.Row> rows) {
        if (rows.stream().allMatch(r -> Arrays.stream(r.testRecall()).allMatch(Double::isNaN))) {
            return null;
        }
        double[] best = new double[FashionClass.COUNT];
        for (int c = 0; c < FashionClass.COUNT; c++) {
            int label = c;
            best[c] = rows.stream().mapToDouble(r -> r.testRecall()[label]).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
        }
        List<RecallLine> lines = new ArrayList<>();
        for (ComparisonReport.Row r : rows) {
            List<RecallCell> cells = new ArrayList<>();
            for (int c = 0; c < FashionClass.COUNT; c++) {
                cells.add(new RecallCell(Pages.percent(r.testRecall()[c]), rows.size() > 1 && r.testRecall()[c] == best[c]));
            }
            lines.add(new RecallLine(r.name(), cells));
        }
        return new Recalls(FashionClass.displayNames(), lines);
    }

    /** "62.47% ± 0.55" (points of the standard deviation); the mean alone with one seed. */
    static String plusMinus(double mean, double std) {
        return Double.isNaN(std) ? Pages.percent(mean) : Pages.percent(mean) + " ± " + Pages.number(100 * std, 2);
    }
}
