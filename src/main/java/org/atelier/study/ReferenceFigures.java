package org.atelier.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atelier.reporting.ComparisonReport.Row;
import org.atelier.reporting.RunReport;

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
            ReferenceSetting setting = ReferenceSetting.of(r);
            boolean comparable = setting.asTheReference();
            StudyConclusions.Measure validation = StudyConclusions.Measure.VALIDATION;
            StudyConclusions.Measure test = StudyConclusions.Measure.TEST;
            h.append("<td class=\"l\">").append(RunReport.esc(setting.text())).append("</td><td>")
                    .append(validation.format(r.validationAccuracy())).append(" (").append(r.bestEpoch()).append(")</td><td>")
                    .append(validation.format(r.lastValidationAccuracy())).append("</td><td>")
                    .append(test.format(r.testAccuracy())).append("</td><td>")
                    .append(comparable ? validation.change(figure.validation(), r.validationAccuracy()) : "-").append("</td><td>")
                    .append(comparable ? validation.change(figure.validation(), r.lastValidationAccuracy()) : "-").append("</td><td>")
                    .append(comparable ? test.change(figure.test(), r.testAccuracy()) : "-").append("</td></tr>\n");
        }
        return h.append("</table>\n").toString();
    }
}
