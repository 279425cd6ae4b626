package org.atelier.reporting;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.atelier.config.TrainConfig;
import org.atelier.data.FashionClass;
import org.atelier.run.EpochRecord;
import org.atelier.run.EvaluationRecord;
import org.atelier.run.RunDirectory;
import org.atelier.run.RunMetrics;
import org.atelier.util.AtomicFiles;
import org.atelier.util.Durations;
import org.atelier.util.UserException;
import org.knowm.xchart.XYChart;

/**
 * Compares runs side by side: accuracy, best epoch, train-validation gap, size, cost and speed in
 * one table (HTML and CSV), and their validation curves overlaid.
 */
public final class ComparisonReport {
    public static final String HTML = "comparison.html";
    public static final String CSV = "comparison.csv";
    public static final String CURVES = "comparison-curves.png";
    /** Height in pixels of one legend row under the curves (XChart's default legend font and padding). */
    static final int LEGEND_ROW_PIXELS = 22;
    /**
     * One colour per run in the overlaid curves, in the order of the table (Tableau's ten, as matplotlib's
     * default): XChart's own palette gives a study's nine runs pairs a reader cannot tell apart (two
     * yellows, a magenta and a pink). Runs past the tenth reuse them in turn.
     */
    static final Color[] RUN_COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22),
            new Color(0x17becf)};
    /** Per configuration of a sweep: mean and standard deviation over its seeds. */
    public static final String SUMMARY_CSV = "summary.csv";

    private ComparisonReport() {}

    /**
     * One run's row of the comparison. Test values are NaN when the run was not evaluated;
     * {@code testRecall} is each class's recall on the test set, in label order.
     * {@code lastValidationAccuracy} is the last epoch's: what Keras reports for a run without a
     * callback that keeps the best weights, as the reference's are. {@code gap} is training minus
     * validation accuracy at the best epoch, {@code lastGap} at the last: how far a run has overfitted by its end.
     * {@code validationCurve} is each epoch's validation accuracy, epoch 1 first.
     */
    public record Row(Path root, String name, String description, String model, double validationAccuracy,
                      double lastValidationAccuracy, double testAccuracy,
                      int bestEpoch, int epochs, int trainImages, double gap, double lastGap, long parameters, double mflops, double trainSeconds,
                      double trainImagesPerSecond, double inferenceImagesPerSecond, double[] testRecall,
                      double[] validationCurve) {
        /** The training's compute in TFLOP, as metrics.json counts it (three forward passes per image seen); NaN unfinished. */
        public double trainTflop() {
            return RunMetrics.trainTflop(mflops * 1e6, trainImages, epochs);
        }
    }

    static Row row(RunDirectory run, String name, String description) {
        TrainConfig config = run.config();
        // An unfinished run (no metrics.json yet) is shown from its history alone.
        RunMetrics m = run.metrics().orElse(null);
        Optional<EvaluationRecord> evaluation = run.evaluation();
        double inference = evaluation.map(EvaluationRecord::inferenceImagesPerSecond).orElse(Double.NaN);
        double[] recall = evaluation.map(e -> e.recalls(FashionClass.COUNT)).orElseGet(() -> {
            double[] none = new double[FashionClass.COUNT];
            Arrays.fill(none, Double.NaN);
            return none;
        });
        List<EpochRecord> history = run.history();
        int best = m != null ? m.bestEpoch() : EpochRecord.bestByValidation(history).map(EpochRecord::epoch).orElse(0);
        double gap = history.stream().filter(e -> e.epoch() == best).findFirst()
                .map(e -> e.trainAccuracy() - e.validationAccuracy()).orElse(Double.NaN);
        EpochRecord lastEpoch = history.isEmpty() ? null : history.get(history.size() - 1);
        double last = lastEpoch == null ? Double.NaN : lastEpoch.validationAccuracy();
        double lastGap = lastEpoch == null ? Double.NaN : lastEpoch.trainAccuracy() - lastEpoch.validationAccuracy();
        double[] curve = history.stream().mapToDouble(EpochRecord::validationAccuracy).toArray();
        if (m == null) {
            return new Row(run.root(), name, description, config.model(), curve.length == 0 ? Double.NaN
                    : EpochRecord.bestByValidation(history).map(EpochRecord::validationAccuracy).orElse(Double.NaN), last,
                    Double.NaN, best, history.size(), 0, gap, lastGap, 0, Double.NaN, Double.NaN, Double.NaN, inference, recall, curve);
        }
        return new Row(run.root(), name, description, config.model(), m.validationAccuracyOrNaN(), last, m.testAccuracyOrNaN(),
                best, m.epochsRun(), m.trainImages(), gap, lastGap, m.parameters(), m.flopsPerImage() / 1e6, m.trainSeconds(),
                m.trainImagesPerSecond(), inference, recall, curve);
    }

    /** Runs that differ only in their seed: one configuration of a sweep. */
    public record Group(String id, String label, List<RunDirectory> runs) {}

    /** One configuration's figures over its seeds (sample standard deviation; NaN with one seed). */
    record GroupRow(Group group, int runs, double validationMean, double validationStd, double testMean, double testStd,
                    double trainSecondsMean) {}

    /** What a comparison wrote: its page, and the console's summary of it (one line per run, then per configuration). */
    public record Written(Path page, String summary) {}

    /** Writes comparison.html, comparison.csv and comparison-curves.png into {@code dir}. */
    public static Written write(Path dir, List<RunDirectory> runs, Map<RunDirectory, String> descriptions, String title) {
        return write(dir, runs, descriptions, title, List.of());
    }

    /** As {@link #write(Path, List, Map, String)}, and with {@code groups}, their table and summary.csv. */
    public static Written write(Path dir, List<RunDirectory> runs, Map<RunDirectory, String> descriptions, String title,
                             List<Group> groups) {
        return write(dir, runs, descriptions, title, groups, rows -> ComparisonPage.Sections.NONE);
    }

    /**
     * As {@link #write(Path, List, Map, String, List)}, with sections of the caller's on the page (a lead
     * above the table, a body before the curves): HTML made from the runs' rows by templates of its own
     * (see {@link Pages#render}).
     */
    public static Written write(Path dir, List<RunDirectory> runs, Map<RunDirectory, String> descriptions, String title,
                             List<Group> groups, Function<List<Row>, ComparisonPage.Sections> section) {
        return write(dir, runs, names(runs), descriptions, title, groups, section);
    }

    /**
     * As {@link #write(Path, List, Map, String, List, Function)}, each run shown under the name
     * {@code names} gives it (in the runs' order) in the tables and the curves' legends.
     */
    public static Written write(Path dir, List<RunDirectory> runs, List<String> names, Map<RunDirectory, String> descriptions,
                             String title, List<Group> groups, Function<List<Row>, ComparisonPage.Sections> section) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            rows.add(row(runs.get(i), names.get(i), descriptions.getOrDefault(runs.get(i), "")));
        }
        writeCurves(dir.resolve(CURVES), runs, names);
        // the CSV keys each run by its folder (what a script finds on disk), whatever name the page shows
        AtomicFiles.writeString(dir.resolve(CSV), csv(rows, names(runs)));
        List<GroupRow> summary = summarise(groups, rows);
        if (!summary.isEmpty()) {
            AtomicFiles.writeString(dir.resolve(SUMMARY_CSV), summaryCsv(summary));
        }
        Path html = dir.resolve(HTML);
        AtomicFiles.writeString(html, Pages.render("reporting/comparison.jte", ComparisonPage.of(dir, title, rows, summary,
                section.apply(rows), SettingsDifference.of(names, runs.stream().map(RunDirectory::config).toList()))));
        return new Written(html, consoleSummary(rows, summary));
    }

    /**
     * The table a terminal shows after a comparison: each run's validation and test accuracy, best
     * epoch and training time, then each configuration's mean and deviation over its seeds.
     */
    static String consoleSummary(List<Row> rows, List<GroupRow> groups) {
        int width = Math.max(3, rows.stream().mapToInt(r -> r.name().length()).max().orElse(3));
        int models = Math.max(5, rows.stream().mapToInt(r -> r.model().length()).max().orElse(5));
        String line = "%-" + width + "s  %-" + models + "s %10s %9s %7s %9s%n";
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, line, "run", "model", "validation", "test", "epoch", "training"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, line, r.name(), r.model(), Pages.percent(r.validationAccuracy()),
                    Pages.percent(r.testAccuracy()), r.epochs() == 0 ? "-" : r.bestEpoch() + "/" + r.epochs(),
                    Durations.of(r.trainSeconds())));
        }
        if (!groups.isEmpty()) {
            int w = Math.max(13, groups.stream().mapToInt(g -> g.group().label().length()).max().orElse(13));
            String g = "%-" + w + "s %4s  %-16s %-16s%n";
            b.append(String.format(Locale.ROOT, "%n" + g, "configuration", "runs", "validation", "test"));
            for (GroupRow row : groups) {
                b.append(String.format(Locale.ROOT, g, row.group().label(), row.runs(),
                        ComparisonPage.plusMinus(row.validationMean(), row.validationStd()),
                        ComparisonPage.plusMinus(row.testMean(), row.testStd())));
            }
        }
        return b.toString().lines().map(String::stripTrailing).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }

    static List<GroupRow> summarise(List<Group> groups, List<Row> rows) {
        List<GroupRow> summary = new ArrayList<>();
        for (Group g : groups) {
            List<Path> members = g.runs().stream().map(r -> r.root().toAbsolutePath().normalize()).toList();
            List<Row> mine = rows.stream().filter(r -> members.contains(r.root().toAbsolutePath().normalize())).toList();
            double[] val = mine.stream().mapToDouble(Row::validationAccuracy).toArray();
            double[] test = mine.stream().mapToDouble(Row::testAccuracy).toArray();
            summary.add(new GroupRow(g, mine.size(), mean(val), std(val), mean(test), std(test),
                    mean(mine.stream().mapToDouble(Row::trainSeconds).toArray())));
        }
        return summary;
    }

    static double mean(double[] values) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).sum() / values.length;
    }

    /** The sample standard deviation (n - 1): NaN for fewer than two values. */
    static double std(double[] values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double m = mean(values);
        return Math.sqrt(Arrays.stream(values).map(v -> (v - m) * (v - m)).sum() / (values.length - 1));
    }

    static String summaryCsv(List<GroupRow> summary) {
        StringBuilder c = new StringBuilder("configuration,settings,runs,val_accuracy_mean,val_accuracy_std,test_accuracy_mean,"
                + "test_accuracy_std,train_seconds_mean\n");
        for (GroupRow g : summary) {
            c.append(String.format(Locale.ROOT, "%s,\"%s\",%d,%.4f,%.4f,%.4f,%.4f,%.1f%n", g.group().id(),
                    g.group().label().replace("\"", "\"\""), g.runs(), g.validationMean(), g.validationStd(), g.testMean(),
                    g.testStd(), g.trainSecondsMean()));
        }
        return c.toString();
    }

    static String csv(List<Row> rows, List<String> folders) {
        StringBuilder c = new StringBuilder("experiment,model,val_accuracy,last_val_accuracy,test_accuracy,best_epoch,epochs,train_val_gap,"
                + "last_train_val_gap,params,mflops,train_tflop,train_seconds,train_images_per_second,inference_images_per_second");
        for (FashionClass k : FashionClass.values()) {
            c.append(",test_recall_").append(k.name().toLowerCase(Locale.ROOT));
        }
        c.append('\n');
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            c.append(String.format(Locale.ROOT, "%s,%s,%.4f,%.4f,%.4f,%d,%d,%.4f,%.4f,%d,%.2f,%.2f,%.1f,%.1f,%.1f", folders.get(i),
                    r.model(), r.validationAccuracy(), r.lastValidationAccuracy(), r.testAccuracy(), r.bestEpoch(), r.epochs(), r.gap(),
                    r.lastGap(), r.parameters(), r.mflops(), r.trainTflop(),
                    r.trainSeconds(), r.trainImagesPerSecond(), r.inferenceImagesPerSecond()));
            for (double recall : r.testRecall()) {
                c.append(String.format(Locale.ROOT, ",%.4f", recall));
            }
            c.append('\n');
        }
        return c.toString();
    }

    /**
     * A name per run that tells it from the others: its folder's name, or as many of its parent
     * folders as it takes (studies/a/baseline and studies/b/baseline). The same run twice is refused.
     */
    static List<String> names(List<RunDirectory> runs) {
        List<Path> paths = runs.stream().map(r -> r.root().toAbsolutePath().normalize()).toList();
        if (new HashSet<>(paths).size() < paths.size()) {
            Path twice = paths.stream().filter(p -> paths.indexOf(p) != paths.lastIndexOf(p)).findFirst().orElseThrow();
            throw new UserException(twice + " is given twice");
        }
        for (int depth = 1; ; depth++) {
            int d = depth;
            List<String> names = paths.stream().map(p -> p.subpath(Math.max(0, p.getNameCount() - d), p.getNameCount()).toString())
                    .toList();
            if (new HashSet<>(names).size() == names.size()) {
                return names;
            }
        }
    }

    /** Every run's validation accuracy and loss by epoch, overlaid, named by {@code names}; runs without epochs are left out. */
    public static void writeCurves(Path file, List<RunDirectory> runs, List<String> names) {
        List<String> drawn = new ArrayList<>();
        List<List<EpochRecord>> histories = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            List<EpochRecord> h = runs.get(i).history();
            if (!h.isEmpty()) {
                drawn.add(names.get(i));
                histories.add(h);
            }
        }
        // The legend goes below the plot, one row per run; the chart grows by those rows so that a long
        // study keeps the plot as tall as a short one.
        int height = TrainingCharts.HEIGHT + LEGEND_ROW_PIXELS * drawn.size();
        XYChart accuracy = TrainingCharts.chart("validation accuracy", "accuracy", height);
        XYChart loss = TrainingCharts.chart("validation loss", "loss", height);
        accuracy.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        loss.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        accuracy.getStyler().setSeriesColors(RUN_COLOURS);
        loss.getStyler().setSeriesColors(RUN_COLOURS);
        for (int k = 0; k < drawn.size(); k++) {
            List<EpochRecord> h = histories.get(k);
            String name = drawn.get(k);
            double[] epochs = h.stream().mapToDouble(EpochRecord::epoch).toArray();
            TrainingCharts.add(accuracy, name, epochs, h.stream().mapToDouble(EpochRecord::validationAccuracy).toArray());
            TrainingCharts.add(loss, name, epochs, h.stream().mapToDouble(EpochRecord::validationLoss).toArray());
        }
        TrainingCharts.fitToLaterEpochs(accuracy);
        TrainingCharts.fitToLaterEpochs(loss);
        XYChart band = lastHalf(drawn, histories, height);
        Png.write(file, band == null ? Png.sideBySide(accuracy, loss) : Png.sideBySide(accuracy, band, loss));
    }

    /**
     * Validation accuracy over the last half of the epochs, its axis fitted to those points: where
     * long runs differ by tenths of a point, which a full axis from epoch 1 squashes into a line.
     * Null when the runs are too short for a half to show anything (under 4 epochs).
     */
    static XYChart lastHalf(List<String> names, List<List<EpochRecord>> histories, int height) {
        int maxEpoch = histories.stream().mapToInt(h -> h.get(h.size() - 1).epoch()).max().orElse(0);
        if (maxEpoch < 4) {
            return null;
        }
        int from = maxEpoch / 2 + 1;
        XYChart chart = TrainingCharts.chart("validation accuracy, epochs " + from + " to " + maxEpoch, "accuracy", height);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        double low = Double.MAX_VALUE;
        double high = -Double.MAX_VALUE;
        for (int k = 0; k < histories.size(); k++) {
            List<EpochRecord> late = histories.get(k).stream().filter(e -> e.epoch() >= from && !Double.isNaN(e.validationAccuracy()))
                    .toList();
            if (late.isEmpty()) {
                continue;
            }
            double[] y = late.stream().mapToDouble(EpochRecord::validationAccuracy).toArray();
            TrainingCharts.add(chart, names.get(k), late.stream().mapToDouble(EpochRecord::epoch).toArray(), y);
            // each run keeps the colour it has in the other panels, though shorter runs are missing here
            Color colour = RUN_COLOURS[k % RUN_COLOURS.length];
            var series = chart.getSeriesMap().get(names.get(k));
            series.setLineColor(colour);
            series.setMarkerColor(colour);
            low = Math.min(low, Arrays.stream(y).min().orElse(low));
            high = Math.max(high, Arrays.stream(y).max().orElse(high));
        }
        if (chart.getSeriesMap().isEmpty()) {
            return null;
        }
        double margin = Math.max(0.001, (high - low) * 0.05);
        chart.getStyler().setYAxisMin(low - margin).setYAxisMax(high + margin).setYAxisDecimalPattern("0.0%");
        return chart;
    }
}
