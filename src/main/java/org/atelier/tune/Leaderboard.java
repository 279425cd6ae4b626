package org.atelier.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.atelier.reporting.ComparisonReport;
import org.atelier.reporting.Pages;
import org.atelier.run.RunDirectory;
import org.atelier.util.AtomicFiles;
import org.atelier.util.Plural;
import org.atelier.util.ShellWords;

/**
 * A tuning search's trials ranked: furthest rung first, then by the metric there (ties: the trial
 * started first); failed trials last. Written as leaderboard.csv, leaderboard.html with every
 * trial's validation curves, and best.yaml, the best trial's settings for {@code train --config}.
 */
public final class Leaderboard {
    /** One trial: its searched values, epochs trained, rungs reached, its metric at each (null before), and where it stands. */
    public record Row(int trial, Map<String, String> values, int epochs, int rungsReached, List<Double> metrics, boolean failed,
                      String status) {}

    private final TuneFolder folder;
    private final SearchSpace space;
    private final TuneSettings settings;
    private final List<Row> rows;

    private Leaderboard(TuneFolder folder, SearchSpace space, TuneSettings settings, List<Row> rows) {
        this.folder = folder;
        this.space = space;
        this.settings = settings;
        this.rows = rows;
    }

    static Leaderboard of(TuneFolder folder, SearchSpace space, TuneSettings settings, SuccessiveHalving asha,
                          Map<Integer, String> failures) {
        List<Integer> rungs = settings.rungs();
        boolean over = asha.finished();
        Map<Integer, SuccessiveHalving.Job> underWay = new java.util.HashMap<>();
        asha.pending().forEach(job -> underWay.put(job.trial(), job));
        List<Row> rows = new ArrayList<>();
        for (int trial : asha.startedTrials()) {
            int reached = asha.rungReached(trial) + 1;
            List<Double> metrics = new ArrayList<>();
            for (int k = 0; k < rungs.size(); k++) {
                metrics.add(failures.containsKey(trial) ? null : asha.metric(trial, k).orElse(null));
            }
            RunDirectory run = folder.trial(trial);
            int epochs = run.history().size();
            String status;
            if (failures.containsKey(trial)) {
                status = "failed: " + failures.get(trial);
            } else if (Tuner.stoppedEarly(run)) {
                status = "stopped early after " + Plural.of(epochs, "epoch") + " (no better validation figure for its patience)";
            } else if (underWay.containsKey(trial)) {
                status = "training to epoch " + underWay.get(trial).epochs();
            } else if (reached == rungs.size()) {
                status = "trained to the full " + rungs.get(rungs.size() - 1) + " epochs";
            } else {
                status = (over ? "stopped" : "waiting") + " at " + Plural.of(rungs.get(reached - 1), "epoch");
            }
            rows.add(new Row(trial, space.draw(settings.seed(), trial), epochs, reached, metrics, failures.containsKey(trial),
                    status));
        }
        Comparator<Row> better = Comparator.comparingDouble(r -> settings.metric().lowerIsBetter() ? r.metrics().get(r.rungsReached() - 1)
                : -r.metrics().get(r.rungsReached() - 1));
        Comparator<Row> order = Comparator.comparing(Row::failed).thenComparing(Comparator.comparingInt(Row::rungsReached).reversed())
                .thenComparing((a, b) -> a.rungsReached() == 0 || a.failed() || b.failed() ? 0 : better.compare(a, b))
                .thenComparingInt(Row::trial);
        rows.sort(order);
        return new Leaderboard(folder, space, settings, rows);
    }

    /** The trials, best first. */
    public List<Row> rows() {
        return rows;
    }

    /** The best trial: the first that reached a rung without failing. */
    public Optional<Row> best() {
        return rows.stream().filter(r -> !r.failed() && r.rungsReached() > 0).findFirst();
    }

    /** "lr=0.0012, label-smoothing=0.05": a trial's draw as the page and the log show it. */
    public static String shown(Map<String, String> values) {
        return String.join(", ", values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /** Writes leaderboard.csv, leaderboard.html, tune-curves.png and best.yaml. */
    public void write() {
        AtomicFiles.writeString(folder.file(TuneFolder.LEADERBOARD_CSV), csv());
        best().ifPresent(b -> AtomicFiles.writeString(folder.file(TuneFolder.BEST), bestYaml(b)));
        List<RunDirectory> runs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        rows.stream().sorted(Comparator.comparingInt(Row::trial)).forEach(r -> {
            runs.add(folder.trial(r.trial()));
            names.add("trial " + r.trial());
        });
        ComparisonReport.writeCurves(folder.file(TuneFolder.CURVES), runs, names);
        AtomicFiles.writeString(folder.file(TuneFolder.LEADERBOARD_HTML), Pages.render("tune/leaderboard.jte", page()));
    }

    String csv() {
        StringBuilder c = new StringBuilder("trial");
        space.searched().keySet().forEach(option -> c.append(',').append(option));
        c.append(",epochs,rung");
        settings.rungs().forEach(e -> c.append(',').append(settings.metric().id()).append("_at_").append(e));
        c.append(",status\n");
        for (Row r : rows) {
            c.append(r.trial());
            r.values().values().forEach(v -> c.append(',').append(csvCell(v)));
            c.append(',').append(r.epochs()).append(',').append(r.rungsReached());
            r.metrics().forEach(m -> c.append(',').append(m == null ? "" : String.format(Locale.ROOT, "%.4f", m)));
            c.append(',').append(csvCell(r.status())).append('\n');
        }
        return c.toString();
    }

    private static String csvCell(String text) {
        return text.matches("[^\",\\r\\n]*") ? text : "\"" + text.replace("\"", "\"\"") + "\"";
    }

    /** The best trial's settings, in the form {@code train --config} reads, with where they come from. */
    String bestYaml(Row best) {
        StringBuilder y = new StringBuilder();
        int rung = best.rungsReached();
        // a control character in the folder's name (a newline) would end the comment and break the file
        String where = folder.dir().toString().replaceAll("\\p{Cntrl}", "?");
        y.append(String.format(Locale.ROOT, "# The best trial of the tuning search in %s: trial %d, %s %.4f (its best epoch up to %d, "
                        + "rung %d of %d), chosen on the validation split.%n", where, best.trial(), settings.metric().id(),
                best.metrics().get(rung - 1), settings.rungs().get(rung - 1), rung, settings.rungs().size()));
        y.append("# Train it with: ./atelier train --config ").append(ShellWords.quote(folder.file(TuneFolder.BEST))
                .replaceAll("\\p{Cntrl}", "?")).append('\n');
        space.fixed().forEach((option, value) -> y.append(option).append(": ").append(yamlValue(value)).append('\n'));
        best.values().forEach((option, value) -> y.append(option).append(": ").append(yamlValue(value)).append('\n'));
        y.append("epochs: ").append(settings.maxEpochs()).append('\n');
        y.append("seed: ").append(settings.seed()).append('\n');
        return y.toString();
    }

    /** A value as a YAML scalar that reads back as the same text: plain where it is a plain word or number, else quoted. */
    static String yamlValue(String value) {
        return value.matches("[A-Za-z0-9_.+-]+") ? value : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The page's parts, for the template. */
    public record Page(String title, String headline, List<String> columns, List<List<String>> rows, List<String> best,
                       String bestFile, String curves, String method, String test) {}

    Page page() {
        List<Integer> rungs = settings.rungs();
        List<String> columns = new ArrayList<>(List.of("rank", "trial"));
        columns.addAll(space.searched().keySet());
        columns.add("epochs");
        rungs.forEach(e -> columns.add(settings.metric().id() + " at " + e));
        columns.add("status");
        List<List<String>> cells = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            List<String> line = new ArrayList<>(List.of(String.valueOf(i + 1), TuneFolder.trialName(r.trial())));
            line.addAll(r.values().values());
            line.add(String.valueOf(r.epochs()));
            r.metrics().forEach(m -> line.add(m == null ? "-" : shownMetric(m)));
            line.add(r.status());
            cells.add(line);
        }
        String headline = best().map(b -> String.format(Locale.ROOT, "%d of %s started. Best: trial %d, %s %s at %d epochs (%s).",
                rows.size(), Plural.of(settings.trials(), "trial"), b.trial(), settings.metric().id(),
                shownMetric(b.metrics().get(b.rungsReached() - 1)), rungs.get(b.rungsReached() - 1), shown(b.values())))
                .orElse(!rows.isEmpty() && rows.stream().allMatch(Row::failed)
                        ? "All " + Plural.of(rows.size(), "trial") + " started failed: see their status below."
                        : rows.size() + " of " + Plural.of(settings.trials(), "trial") + " started; none has reached its first rung yet.");
        List<String> bestLines = best().map(b -> bestYaml(b).lines().filter(l -> !l.startsWith("#")).toList()).orElse(List.of());
        String method = String.format(Locale.ROOT, "Asynchronous successive halving: every trial trains %s first; one in %d of those "
                        + "recorded at a rung (the best by %s on the validation split) trains on from its checkpoint to the next. "
                        + "Rungs at %s epochs; each trial keeps the schedule and split of its full %d-epoch run.",
                Plural.of(rungs.get(0), "epoch"), settings.reductionFactor(), settings.metric().id(), rungs, settings.maxEpochs());
        // --test-best's one look at the test set, once it was taken
        String test = best().flatMap(b -> folder.trial(b.trial()).metrics()).filter(org.atelier.run.RunMetrics::evaluated)
                .map(m -> "Its test accuracy, looked at once after the search: " + Pages.percent(m.testAccuracy()) + ".").orElse("");
        return new Page("Atelier tuning search", headline, columns, cells, bestLines, TuneFolder.BEST, TuneFolder.CURVES, method,
                test);
    }

    private String shownMetric(double m) {
        return settings.metric().lowerIsBetter() ? String.format(Locale.ROOT, "%.4f", m) : Pages.percent(m);
    }
}
