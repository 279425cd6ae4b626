package org.atelier.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.atelier.data.FashionClass;
import org.atelier.reporting.ComparisonReport.Row;
import org.atelier.reporting.RunReport;
import org.atelier.util.Durations;

/**
 * The reference study's conclusions, each beside the experiments that test it and their figures,
 * with each experiment's change against the first of its claim: the section of the study's
 * comparison page that says, in numbers, whether the conclusions hold here. It states the figures
 * and leaves the verdict to the reader: one seed per experiment, so small differences may be noise.
 */
public final class StudyConclusions {
    private StudyConclusions() {}

    /** What is compared for a claim, and how a change in it reads. */
    enum Measure {
        VALIDATION("val acc", Row::validationAccuracy, true),
        TEST("test acc", Row::testAccuracy, true),
        GAP("gap at best", Row::gap, true),
        LAST_GAP("gap at end", Row::lastGap, true),
        T_SHIRT_RECALL("T-shirt recall", r -> r.testRecall()[FashionClass.T_SHIRT_TOP.ordinal()], true),
        SHIRT_RECALL("Shirt recall", r -> r.testRecall()[FashionClass.SHIRT.ordinal()], true),
        PARAMETERS("params", r -> r.parameters(), false),
        MFLOPS("MFLOPs", Row::mflops, false),
        TRAIN_SECONDS("train time", Row::trainSeconds, false);

        final String label;
        final ToDoubleFunction<Row> value;
        /** A share (shown as a percentage, changes in points) rather than an amount (changes as a ratio). */
        final boolean share;

        Measure(String label, ToDoubleFunction<Row> value, boolean share) {
            this.label = label;
            this.value = value;
            this.share = share;
        }

        String format(double v) {
            if (Double.isNaN(v)) {
                return "-";
            }
            return switch (this) {
                case PARAMETERS -> String.format(Locale.ROOT, "%,.0f", v);
                case MFLOPS -> String.format(Locale.ROOT, "%,.1f", v);
                case TRAIN_SECONDS -> Durations.of(v);
                default -> String.format(Locale.ROOT, "%.2f%%", 100 * v);
            };
        }

        String change(double from, double to) {
            if (Double.isNaN(from) || Double.isNaN(to) || (!share && from == 0)) {
                return "-";
            }
            return share ? String.format(Locale.ROOT, "%+.2f pts", 100 * (to - from))
                    : String.format(Locale.ROOT, "x%.2f", to / from);
        }
    }

    /** One of the reference's conclusions; the first experiment is the one the others are measured against. */
    record Claim(String reference, List<String> experiments, List<Measure> measures) {}

    static final List<Claim> CLAIMS = List.of(
            new Claim("Augmentation (shifts, zoom, shear, flips; no rotation) was the most effective way to reduce "
                    + "overfitting; tuned, it reached 93.7% validation accuracy without overfitting.",
                    List.of("cnn4b", "cnn4b-augment", "cnn4b-augment-tuned"),
                    List.of(Measure.VALIDATION, Measure.TEST, Measure.GAP, Measure.LAST_GAP)),
            new Claim("Class weights on T-shirt (0) and Shirt (6) reduced their confusion and raised validation accuracy "
                    + "slightly, to 93.6%, but the model overfits again.",
                    List.of("cnn4b", "cnn4b-class-weights"),
                    List.of(Measure.VALIDATION, Measure.TEST, Measure.T_SHIRT_RECALL, Measure.SHIRT_RECALL, Measure.GAP,
                            Measure.LAST_GAP)),
            new Claim("Future work: augmentation and class weights together, which Keras' class_weight could not do "
                    + "with a data generator.",
                    List.of("cnn4b-augment-tuned", "cnn4b-class-weights", "cnn4b-augment-class-weights"),
                    List.of(Measure.VALIDATION, Measure.TEST, Measure.T_SHIRT_RECALL, Measure.SHIRT_RECALL, Measure.GAP,
                            Measure.LAST_GAP)),
            new Claim("The MiniResNet was the best model (94.5%), with a slight tendency to overfit; the whole evolution "
                    + "from the minimalist CNN gained about 3 points for a large increase in complexity.",
                    List.of("baseline", "cnn4b-class-weights", "miniresnet"),
                    List.of(Measure.VALIDATION, Measure.TEST, Measure.GAP, Measure.LAST_GAP, Measure.PARAMETERS, Measure.MFLOPS,
                            Measure.TRAIN_SECONDS)),
            new Claim("Future work: label smoothing, for ambiguous classes such as Shirt and T-shirt and against overfitting.",
                    List.of("miniresnet", "miniresnet-label-smoothing"),
                    List.of(Measure.VALIDATION, Measure.TEST, Measure.T_SHIRT_RECALL, Measure.SHIRT_RECALL, Measure.GAP,
                            Measure.LAST_GAP)),
            new Claim("Future work: bottleneck blocks (1x1, 3x3, 1x1) keep the depth at a lower computational cost.",
                    List.of("miniresnet", "miniresnet-bottleneck"),
                    List.of(Measure.VALIDATION, Measure.TEST, Measure.PARAMETERS, Measure.MFLOPS, Measure.TRAIN_SECONDS)));

    /** The section for the study's finished experiments, named by their ids: each claim with those of them it has. */
    public static String html(List<Row> rows) {
        Map<String, Row> finished = new LinkedHashMap<>();
        rows.forEach(r -> finished.put(r.name(), r));
        StringBuilder h = new StringBuilder("<h2>The reference's conclusions, checked</h2>\n<p>Each conclusion of the reference ")
                .append("study beside the experiments that test it here, and each experiment's change against the first: in ")
                .append("points for accuracies, recalls and the gaps (training minus validation accuracy, at the best epoch and ")
                .append("at the last: how far a run overfits by its end), as a ratio for sizes and costs. One seed per ")
                .append("experiment: differences of a few tenths of a point may be noise. The best epoch is shown out of the ")
                .append("epochs run, so an experiment shortened to fewer epochs than planned shows it there; it is compared ")
                .append("only with experiments shortened to the same length.</p>\n");
        for (Claim claim : CLAIMS) {
            h.append("<p><b>").append(RunReport.esc(claim.reference())).append("</b></p>\n");
            List<Row> present = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String id : claim.experiments()) {
                if (finished.containsKey(id)) {
                    present.add(finished.get(id));
                } else {
                    missing.add(id);
                }
            }
            if (!present.isEmpty()) {
                // changes only against the claim's own point of comparison, never against whichever came first
                appendTable(h, claim, present, finished.containsKey(claim.experiments().get(0)));
            }
            if (!missing.isEmpty()) {
                h.append("<p>Not finished yet: ").append(RunReport.esc(String.join(", ", missing))).append(".</p>\n");
            }
        }
        return h.toString();
    }

    /** Validation accuracies of {@code r} and {@code first} at the last epoch both ran, where their curves have it. */
    private static String atCommonEpoch(Row first, Row r) {
        int epoch = Math.min(first.epochs(), r.epochs());
        if (epoch < 1 || first.validationCurve().length < epoch || r.validationCurve().length < epoch) {
            return "";
        }
        double a = r.validationCurve()[epoch - 1];
        double b = first.validationCurve()[epoch - 1];
        return String.format(Locale.ROOT, "; at epoch %d, validation accuracy %s against %s: %s", epoch,
                Measure.VALIDATION.format(a), Measure.VALIDATION.format(b), Measure.VALIDATION.change(b, a));
    }

    private static void appendTable(StringBuilder h, Claim claim, List<Row> rows, boolean withChanges) {
        h.append("<table>\n<tr><th class=\"l\">experiment</th><th>best epoch</th>");
        claim.measures().forEach(m -> h.append("<th>").append(m.label).append("</th>"));
        h.append("</tr>\n");
        for (Row r : rows) {
            h.append("<tr><td class=\"l\">").append(RunReport.esc(r.name())).append("</td><td>").append(r.bestEpoch())
                    .append('/').append(r.epochs()).append("</td>");
            claim.measures().forEach(m -> h.append("<td>").append(m.format(m.value.applyAsDouble(r))).append("</td>"));
            h.append("</tr>\n");
        }
        Row first = rows.get(0);
        ReferenceSetting firstSetting = ReferenceSetting.of(first);
        for (Row r : withChanges ? rows.subList(1, rows.size()) : List.<Row>of()) {
            h.append("<tr><td class=\"l\"><i>").append(RunReport.esc(r.name())).append(" against ")
                    .append(RunReport.esc(first.name())).append("</i></td><td></td>");
            ReferenceSetting setting = ReferenceSetting.of(r);
            if (!setting.comparableWith(firstSetting)) {
                // a shortened run beside a full one would credit the length to the strategy
                h.append("<td class=\"l\" colspan=\"").append(claim.measures().size()).append("\"><i>not compared: ")
                        .append(RunReport.esc(r.name() + " (" + setting.text() + ") against " + first.name() + " ("
                                + firstSetting.text() + ")"))
                        .append(atCommonEpoch(first, r)).append("</i></td></tr>\n");
                continue;
            }
            claim.measures().forEach(m -> h.append("<td><i>")
                    .append(m.change(m.value.applyAsDouble(first), m.value.applyAsDouble(r))).append("</i></td>"));
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }
}
