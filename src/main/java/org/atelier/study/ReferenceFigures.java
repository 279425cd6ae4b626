package org.atelier.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.atelier.data.DataConfig;
import org.atelier.reporting.ComparisonReport.Row;
import org.atelier.reporting.RunReport;
import org.atelier.sweep.RunSpec;

/**
 * The figures the reference study published, beside this study's: the section of the study's page
 * that says whether each was reproduced. A difference is given only for an experiment trained as the
 * reference trained it (its model, all its epochs, its 48,000 training images); a quick or
 * shortened one is shown, with what differs, but not measured against the reference.
 */
public final class ReferenceFigures {
    private ReferenceFigures() {}

    /** What the reference published for one experiment; {@code test} is NaN where it gave none. */
    record Figure(String experiment, double validation, double test, String source) {}

    static final List<Figure> FIGURES = List.of(
            new Figure("baseline", 0.91, Double.NaN, "91% validation (text, Fig. 1)"),
            new Figure("cnn4b-class-weights", 0.936, Double.NaN, "93.6% validation (text, Fig. 3)"),
            new Figure("cnn4b-augment-tuned", 0.937, 0.928,
                    "93.7% validation (text, Fig. 4); its README's table: 93.1% validation, 92.8% test"),
            new Figure("miniresnet", 0.945, 0.942,
                    "94.5% validation, 94.2% test (its README); 94.55% on a public leaderboard (text)"));

    /** The section for the study's finished experiments, named by their ids. */
    public static String html(List<Row> rows) {
        Map<String, Row> finished = new LinkedHashMap<>();
        rows.forEach(r -> finished.put(r.name(), r));
        Map<String, RunSpec> plan = new LinkedHashMap<>();
        StudyPlan.experiments(false, DataConfig.defaults(), 0).forEach(s -> plan.put(s.id(), s));
        StringBuilder h = new StringBuilder("<h2>The reference's figures beside these</h2>\n<p>What the reference study ")
                .append("published for its experiments, beside the same experiments here, and the difference in points where ")
                .append("the experiment ran as the reference's did (its model, all its epochs, its 48,000 training images). The reference's Keras runs keep ")
                .append("their last epoch's weights, so its test figures are its last epoch's model and its validation figures ")
                .append("may be its last epoch or its curves' peak: both are shown here, and the test figure is the best ")
                .append("epoch's weights, which Atelier keeps.</p>\n<table>\n<tr><th class=\"l\">experiment</th>")
                .append("<th class=\"l\">the reference</th><th class=\"l\">here</th><th>best val (epoch)</th>")
                .append("<th>last epoch's val</th><th>test</th><th>best val &minus; ref.</th><th>last val &minus; ref.</th>")
                .append("<th>test &minus; ref.</th></tr>\n");
        for (Figure figure : FIGURES) {
            Row r = finished.get(figure.experiment());
            h.append("<tr><td class=\"l\">").append(RunReport.esc(figure.experiment())).append("</td><td class=\"l\">")
                    .append(RunReport.esc(figure.source())).append("</td>");
            if (r == null) {
                h.append("<td class=\"l\">not finished yet</td><td></td><td></td><td></td><td></td><td></td><td></td></tr>\n");
                continue;
            }
            RunSpec planned = plan.get(figure.experiment());
            String setting = setting(r, planned.config().model(), planned.config().epochs());
            boolean comparable = setting.equals(AS_THE_REFERENCE);
            h.append("<td class=\"l\">").append(RunReport.esc(setting)).append("</td><td>").append(percent(r.validationAccuracy()))
                    .append(" (").append(r.bestEpoch()).append(")</td><td>").append(percent(r.lastValidationAccuracy()))
                    .append("</td><td>").append(percent(r.testAccuracy())).append("</td><td>")
                    .append(comparable ? points(r.validationAccuracy() - figure.validation()) : "-").append("</td><td>")
                    .append(comparable ? points(r.lastValidationAccuracy() - figure.validation()) : "-").append("</td><td>")
                    .append(comparable ? points(r.testAccuracy() - figure.test()) : "-").append("</td></tr>\n");
        }
        return h.append("</table>\n").toString();
    }

    static final String AS_THE_REFERENCE = "as the reference";
    /** The reference's training split: 80% of Fashion-MNIST's 60,000 training images. */
    static final int REFERENCE_TRAIN_IMAGES = 48_000;

    /** How the experiment ran against the reference's setting (its model, all its epochs, its 48,000 images), or what differs. */
    static String setting(Row r, String model, int epochs) {
        if (!r.model().equals(model)) {
            return r.model() + ": not the reference's model";
        }
        if (r.trainImages() != REFERENCE_TRAIN_IMAGES) {
            return String.format(Locale.ROOT, "%,d training images, not the reference's %,d", r.trainImages(),
                    REFERENCE_TRAIN_IMAGES);
        }
        return r.epochs() < epochs ? r.epochs() + " of the reference's " + epochs + " epochs" : AS_THE_REFERENCE;
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static String points(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.2f pts", 100 * v);
    }
}
