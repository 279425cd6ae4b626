package org.atelier.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atelier.reporting.ComparisonReport.Row;

/**
 * The figures the reference study published, beside this study's: the section of the study's page
 * that says whether each was reproduced. A difference is given only for an experiment trained as the
 * reference trained it (its model, all its epochs, its 48,000 training images); a quick or
 * shortened one is shown, with what differs, but not measured against the reference.
 */
public final class ReferenceFigures {
    private ReferenceFigures() {}

    /** What the reference published for one experiment; {@code test} is NaN where it gave none. */
    record Figure(StudyExperiment experiment, double validation, double test, String source) {}

    static final List<Figure> FIGURES = List.of(
            new Figure(StudyExperiment.BASELINE, 0.91, Double.NaN, "91% validation (text, Fig. 1)"),
            new Figure(StudyExperiment.CNN4B_CLASS_WEIGHTS, 0.936, Double.NaN, "93.6% validation (text, Fig. 3)"),
            new Figure(StudyExperiment.CNN4B_AUGMENT_TUNED, 0.937, 0.928,
                    "93.7% validation (text, Fig. 4); its README's table: 93.1% validation, 92.8% test"),
            new Figure(StudyExperiment.MINIRESNET, 0.945, 0.942,
                    "94.5% validation, 94.2% test (its README); 94.55% on a public leaderboard (text)"));

    /** What the reference published for {@code experiment}, in its words; empty where it gave no figure. */
    static java.util.Optional<String> sourceOf(StudyExperiment experiment) {
        return FIGURES.stream().filter(f -> f.experiment() == experiment).map(Figure::source).findFirst();
    }

    /**
     * One line of the section: the experiment, what the reference published, and, when it has finished
     * here, how it ran, its figures and (when it ran as the reference's did) the differences.
     */
    public record FigureLine(String experiment, String reference, boolean finished, List<String> cells) {}

    /** The section for the study's finished experiments, named by their ids. */
    public static List<FigureLine> lines(List<Row> rows) {
        Map<String, Row> finished = new LinkedHashMap<>();
        rows.forEach(r -> finished.put(r.name(), r));
        List<FigureLine> lines = new java.util.ArrayList<>();
        for (Figure figure : FIGURES) {
            Row r = finished.get(figure.experiment().id());
            if (r == null) {
                lines.add(new FigureLine(figure.experiment().id(), figure.source(), false, List.of()));
                continue;
            }
            ReferenceSetting setting = ReferenceSetting.of(r);
            boolean comparable = setting.asTheReference();
            StudyConclusions.Measure validation = StudyConclusions.Measure.VALIDATION;
            StudyConclusions.Measure test = StudyConclusions.Measure.TEST;
            lines.add(new FigureLine(figure.experiment().id(), figure.source(), true, List.of(setting.text(),
                    validation.format(r.validationAccuracy()) + " (" + r.bestEpoch() + ")",
                    validation.format(r.lastValidationAccuracy()), test.format(r.testAccuracy()),
                    comparable ? validation.change(figure.validation(), r.validationAccuracy()) : "-",
                    comparable ? validation.change(figure.validation(), r.lastValidationAccuracy()) : "-",
                    comparable ? test.change(figure.test(), r.testAccuracy()) : "-")));
        }
        return lines;
    }
}
