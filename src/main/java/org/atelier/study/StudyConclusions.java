package org.atelier.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.atelier.data.FashionClass;
import org.atelier.reporting.ComparisonReport.Row;
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
    record Claim(String reference, List<StudyExperiment> experiments, List<Measure> measures, StudyVerdicts.Rule rule) {}

    static final List<Claim> CLAIMS = List.of(
            new Claim("Augmentation (shifts, zoom, shear, flips; no rotation) was the most effective way to reduce "
                    + "overfitting; tuned, it reached 93.7% validation accuracy without overfitting.",
                    List.of(StudyExperiment.CNN4B, StudyExperiment.CNN4B_AUGMENT, StudyExperiment.CNN4B_AUGMENT_TUNED),
                    List.of(Measure.VALIDATION, Measure.TEST, Measure.GAP, Measure.LAST_GAP), StudyVerdicts.AUGMENTATION),
            new Claim("Class weights on T-shirt (0) and Shirt (6) reduced their confusion and raised validation accuracy "
                    + "slightly, to 93.6%, but the model overfits again.",
                    List.of(StudyExperiment.CNN4B, StudyExperiment.CNN4B_CLASS_WEIGHTS),
                    List.of(Measure.VALIDATION, Measure.TEST, Measure.T_SHIRT_RECALL, Measure.SHIRT_RECALL, Measure.GAP,
                            Measure.LAST_GAP), StudyVerdicts.CLASS_WEIGHTS),
            new Claim("Future work: augmentation and class weights together, which Keras' class_weight could not do "
                    + "with a data generator.",
                    List.of(StudyExperiment.CNN4B_AUGMENT_TUNED, StudyExperiment.CNN4B_CLASS_WEIGHTS, StudyExperiment.CNN4B_AUGMENT_CLASS_WEIGHTS),
                    List.of(Measure.VALIDATION, Measure.TEST, Measure.T_SHIRT_RECALL, Measure.SHIRT_RECALL, Measure.GAP,
                            Measure.LAST_GAP), StudyVerdicts.AUGMENTATION_WITH_CLASS_WEIGHTS),
            new Claim("The MiniResNet was the best model (94.5%), with a slight tendency to overfit; the whole evolution "
                    + "from the minimalist CNN gained about 3 points for a large increase in complexity.",
                    List.of(StudyExperiment.BASELINE, StudyExperiment.CNN4B_CLASS_WEIGHTS, StudyExperiment.MINIRESNET),
                    List.of(Measure.VALIDATION, Measure.TEST, Measure.GAP, Measure.LAST_GAP, Measure.PARAMETERS, Measure.MFLOPS,
                            Measure.TRAIN_SECONDS), StudyVerdicts.MINIRESNET),
            new Claim("Future work: label smoothing, for ambiguous classes such as Shirt and T-shirt and against overfitting.",
                    List.of(StudyExperiment.MINIRESNET, StudyExperiment.MINIRESNET_LABEL_SMOOTHING),
                    List.of(Measure.VALIDATION, Measure.TEST, Measure.T_SHIRT_RECALL, Measure.SHIRT_RECALL, Measure.GAP,
                            Measure.LAST_GAP), StudyVerdicts.LABEL_SMOOTHING),
            new Claim("Future work: bottleneck blocks (1x1, 3x3, 1x1) keep the depth at a lower computational cost.",
                    List.of(StudyExperiment.MINIRESNET, StudyExperiment.MINIRESNET_BOTTLENECK),
                    List.of(Measure.VALIDATION, Measure.TEST, Measure.PARAMETERS, Measure.MFLOPS, Measure.TRAIN_SECONDS), StudyVerdicts.BOTTLENECK));

    /**
     * One claim on the page: the reference's words, a table of the experiments that test it (each
     * with its best epoch and measures), the changes of each against the first, and the
     * experiments not finished yet.
     */
    public record ClaimView(String reference, StudyVerdicts.Verdict verdict, List<String> measures, List<ExperimentLine> experiments,
                            List<ChangeLine> changes, List<String> missing) {}

    public record ExperimentLine(String name, String bestEpoch, List<String> values) {}

    /** An experiment against the claim's first: a change per measure, or why they are not compared. */
    public record ChangeLine(String label, List<String> changes, String notCompared) {}

    /** The section for the study's finished experiments, named by their ids: each claim with those of them it has. */
    public static List<ClaimView> claims(List<Row> rows) {
        Map<String, Row> finished = new LinkedHashMap<>();
        rows.forEach(r -> finished.put(r.name(), r));
        List<ClaimView> views = new ArrayList<>();
        for (Claim claim : CLAIMS) {
            List<Row> present = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (StudyExperiment experiment : claim.experiments()) {
                if (finished.containsKey(experiment.id())) {
                    present.add(finished.get(experiment.id()));
                } else {
                    missing.add(experiment.id());
                }
            }
            List<ExperimentLine> lines = present.stream().map(r -> new ExperimentLine(r.name(), r.bestEpoch() + "/" + r.epochs(),
                    claim.measures().stream().map(m -> m.format(m.value.applyAsDouble(r))).toList())).toList();
            // changes only against the claim's own point of comparison, never against whichever came first
            boolean withChanges = !present.isEmpty() && finished.containsKey(claim.experiments().get(0).id());
            views.add(new ClaimView(claim.reference(), verdict(claim, present, missing, rows),
                    claim.measures().stream().map(m -> m.label).toList(), lines, withChanges ? changes(claim, present) : List.of(),
                    missing));
        }
        return views;
    }

    /** The claim's verdict once all its experiments have finished as the reference ran them; until then, what it waits for. */
    private static StudyVerdicts.Verdict verdict(Claim claim, List<Row> present, List<String> missing, List<Row> all) {
        if (!missing.isEmpty()) {
            return new StudyVerdicts.Verdict(StudyVerdicts.Kind.WAITING, "waits for " + String.join(", ", missing) + " to finish.");
        }
        List<String> unlike = present.stream().filter(r -> !ReferenceSetting.of(r).asTheReference())
                .map(r -> r.name() + " (" + ReferenceSetting.of(r).text() + ")").toList();
        if (!unlike.isEmpty()) {
            return new StudyVerdicts.Verdict(StudyVerdicts.Kind.WAITING, "not judged: " + String.join(", ", unlike)
                    + " did not run as the reference's did.");
        }
        Map<StudyExperiment, Row> byExperiment = new java.util.EnumMap<>(StudyExperiment.class);
        present.forEach(r -> StudyExperiment.byId(r.name()).ifPresent(e -> byExperiment.put(e, r)));
        List<Row> comparable = all.stream().filter(r -> ReferenceSetting.of(r).asTheReference()).toList();
        return claim.rule().apply(new StudyVerdicts.Experiments(byExperiment, comparable));
    }

    private static List<ChangeLine> changes(Claim claim, List<Row> rows) {
        Row first = rows.get(0);
        ReferenceSetting firstSetting = ReferenceSetting.of(first);
        List<ChangeLine> out = new ArrayList<>();
        for (Row r : rows.subList(1, rows.size())) {
            String label = r.name() + " against " + first.name();
            ReferenceSetting setting = ReferenceSetting.of(r);
            if (!setting.comparableWith(firstSetting)) {
                // a shortened run beside a full one would credit the length to the strategy
                out.add(new ChangeLine(label, List.of(), "not compared: " + r.name() + " (" + setting.text() + ") against "
                        + first.name() + " (" + firstSetting.text() + ")" + atCommonEpoch(first, r)));
                continue;
            }
            out.add(new ChangeLine(label, claim.measures().stream().map(m -> m.change(m.value.applyAsDouble(first),
                    m.value.applyAsDouble(r))).toList(), null));
        }
        return out;
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
}
