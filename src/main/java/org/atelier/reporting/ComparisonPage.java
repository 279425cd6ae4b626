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

    /** One run: its name (linked to its report), what it is, its model and its figures in the table's order. */
    public record RunLine(String name, String link, String description, String model, List<String> figures) {}

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
                        Pages.percent(r.testAccuracy()), r.bestEpoch() + "/" + r.epochs(), Pages.percent(r.gap()),
                        Pages.count(r.parameters()), Pages.number(r.mflops(), 1), Durations.of(r.trainSeconds()),
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

    /** "3 runs. Best validation accuracy: a, 91.04% (test 90.52%); next: b, 0.62 points lower." */
    static String headline(List<ComparisonReport.Row> rows) {
        List<ComparisonReport.Row> ranked = rows.stream().filter(r -> !Double.isNaN(r.validationAccuracy()))
                .sorted(java.util.Comparator.comparingDouble(ComparisonReport.Row::validationAccuracy).reversed()).toList();
        StringBuilder b = new StringBuilder(rows.size() == 1 ? "1 run." : rows.size() + " runs.");
        if (!ranked.isEmpty()) {
            ComparisonReport.Row best = ranked.get(0);
            b.append(" Best validation accuracy: ").append(best.name()).append(", ").append(Pages.percent(best.validationAccuracy()))
                    .append(Double.isNaN(best.testAccuracy()) ? "" : " (test " + Pages.percent(best.testAccuracy()) + ")");
            if (ranked.size() > 1) {
                ComparisonReport.Row next = ranked.get(1);
                String gap = Pages.number(100 * (best.validationAccuracy() - next.validationAccuracy()), 2);
                // a gap that rounds to 0.00 is a tie as the page shows it: "0.00 points lower" read as a contradiction
                b.append("; next: ").append(next.name()).append(", ")
                        .append(gap.equals(Pages.number(0, 2)) ? "tied" : gap + " points lower");
            }
            b.append('.');
        }
        return b.toString();
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
