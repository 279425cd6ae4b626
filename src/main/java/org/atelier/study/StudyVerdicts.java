package org.atelier.study;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.atelier.data.FashionClass;
import org.atelier.reporting.ComparisonReport.Row;

/**
 * A verdict on each of the reference's conclusions, from the measured figures: each conclusion is
 * split into the checks its words make (a figure reached, a gap narrowed, a cost lowered), and the
 * verdict says how many hold, with the numbers behind each. Future work, which claims nothing, is
 * measured rather than judged. One seed per experiment: a check decided by a few tenths of a point
 * says so in its numbers.
 */
public final class StudyVerdicts {
    private StudyVerdicts() {}

    public enum Kind {
        CONFIRMED("confirmed"), PARTLY("partly confirmed"), NOT_CONFIRMED("not confirmed"), MEASURED("measured"),
        WAITING("waiting");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The verdict and the numbers behind it, in a sentence. */
    public record Verdict(Kind kind, String because) {}

    /** One part of a conclusion and whether the figures bear it out. */
    record Check(boolean holds, String figures) {}

    /** The rule for one conclusion: the verdict from its experiments' rows (all present) and every finished row. */
    interface Rule extends Function<Experiments, Verdict> {}

    /** The rows of a claim's experiments by experiment, and every finished experiment's row. */
    record Experiments(Map<StudyExperiment, Row> byExperiment, List<Row> all) {
        Row get(StudyExperiment e) {
            return byExperiment.get(e);
        }
    }

    static String percent(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    static String points(double v) {
        return String.format(Locale.ROOT, "%.2f pts", 100 * v);
    }

    static double recall(Row r, FashionClass c) {
        return r.testRecall()[c.ordinal()];
    }

    /** Confirmed when every check holds, not confirmed when none does, partly otherwise. */
    static Verdict judge(List<Check> checks) {
        long holding = checks.stream().filter(Check::holds).count();
        Kind kind = holding == checks.size() ? Kind.CONFIRMED : holding == 0 ? Kind.NOT_CONFIRMED : Kind.PARTLY;
        List<String> parts = new ArrayList<>();
        checks.forEach(c -> parts.add(c.figures() + (c.holds() ? "" : " (does not hold)")));
        return new Verdict(kind, String.join("; ", parts) + ".");
    }

    static final Rule AUGMENTATION = x -> {
        Row plain = x.get(StudyExperiment.CNN4B);
        Row tuned = x.get(StudyExperiment.CNN4B_AUGMENT_TUNED);
        return judge(List.of(
                new Check(tuned.lastGap() < plain.lastGap(), "tuned augmentation ends with a gap of " + points(tuned.lastGap())
                        + " against " + points(plain.lastGap()) + " without augmentation"),
                new Check(tuned.validationAccuracy() >= 0.937, "it reaches " + percent(tuned.validationAccuracy())
                        + " validation against the reference's 93.7%"),
                new Check(tuned.lastGap() <= 0.01, "training accuracy ends " + points(tuned.lastGap())
                        + " above validation, within a point: no overfitting")));
    };

    static final Rule CLASS_WEIGHTS = x -> {
        Row plain = x.get(StudyExperiment.CNN4B);
        Row weighted = x.get(StudyExperiment.CNN4B_CLASS_WEIGHTS);
        double before = recall(plain, FashionClass.SHIRT) + recall(plain, FashionClass.T_SHIRT_TOP);
        double after = recall(weighted, FashionClass.SHIRT) + recall(weighted, FashionClass.T_SHIRT_TOP);
        return judge(List.of(
                new Check(after > before, "Shirt and T-shirt test recalls " + percent(recall(weighted, FashionClass.SHIRT)) + " and "
                        + percent(recall(weighted, FashionClass.T_SHIRT_TOP)) + " against " + percent(recall(plain, FashionClass.SHIRT))
                        + " and " + percent(recall(plain, FashionClass.T_SHIRT_TOP)) + " without weights"),
                new Check(weighted.validationAccuracy() > plain.validationAccuracy(), "validation "
                        + percent(weighted.validationAccuracy()) + " against " + percent(plain.validationAccuracy())),
                new Check(weighted.lastGap() > 0.02, "it still overfits: a gap of " + points(weighted.lastGap()) + " at the end")));
    };

    static final Rule AUGMENTATION_WITH_CLASS_WEIGHTS = x -> {
        Row both = x.get(StudyExperiment.CNN4B_AUGMENT_CLASS_WEIGHTS);
        Row tuned = x.get(StudyExperiment.CNN4B_AUGMENT_TUNED);
        Row weighted = x.get(StudyExperiment.CNN4B_CLASS_WEIGHTS);
        double v = both.validationAccuracy();
        String place = v > Math.max(tuned.validationAccuracy(), weighted.validationAccuracy()) ? "above both"
                : v < Math.min(tuned.validationAccuracy(), weighted.validationAccuracy()) ? "below both" : "between the two";
        return new Verdict(Kind.MEASURED, "together they reach " + percent(v) + " validation (test " + percent(both.testAccuracy())
                + "), " + place + ": augmentation alone " + percent(tuned.validationAccuracy()) + ", class weights alone "
                + percent(weighted.validationAccuracy()) + "; Shirt's test recall " + percent(recall(both, FashionClass.SHIRT))
                + ", gap at the end " + points(both.lastGap()) + ".");
    };

    static final Rule MINIRESNET = x -> {
        Row baseline = x.get(StudyExperiment.BASELINE);
        Row resnet = x.get(StudyExperiment.MINIRESNET);
        Row best = x.all().stream().max(Comparator.comparingDouble(Row::validationAccuracy)).orElse(resnet);
        double gain = resnet.validationAccuracy() - baseline.validationAccuracy();
        return judge(List.of(
                new Check(best == resnet, "the MiniResNet's " + percent(resnet.validationAccuracy()) + " validation "
                        + (best == resnet ? "is the best of the finished experiments" : "is passed by " + best.name() + "'s "
                        + percent(best.validationAccuracy()))),
                new Check(gain >= 0.02 && gain <= 0.04, "it gains " + points(gain) + " over the baseline, for "
                        + String.format(Locale.ROOT, "%.0f", (double) resnet.parameters() / baseline.parameters())
                        + " times the parameters"),
                new Check(resnet.lastGap() > 0 && resnet.lastGap() <= 0.03, "its training accuracy ends "
                        + points(resnet.lastGap()) + " above validation (slight: up to 3 points)")));
    };

    static final Rule LABEL_SMOOTHING = x -> {
        Row plain = x.get(StudyExperiment.MINIRESNET);
        Row smoothed = x.get(StudyExperiment.MINIRESNET_LABEL_SMOOTHING);
        return new Verdict(Kind.MEASURED, "with label smoothing 0.1 the MiniResNet reaches " + percent(smoothed.validationAccuracy())
                + " validation and " + percent(smoothed.testAccuracy()) + " test, against " + percent(plain.validationAccuracy())
                + " and " + percent(plain.testAccuracy()) + "; Shirt's test recall " + percent(recall(smoothed, FashionClass.SHIRT))
                + " against " + percent(recall(plain, FashionClass.SHIRT)) + ", gap at the end " + points(smoothed.lastGap())
                + " against " + points(plain.lastGap()) + ".");
    };

    static final Rule BOTTLENECK = x -> {
        Row plain = x.get(StudyExperiment.MINIRESNET);
        Row bottleneck = x.get(StudyExperiment.MINIRESNET_BOTTLENECK);
        double loss = plain.validationAccuracy() - bottleneck.validationAccuracy();
        return judge(List.of(
                new Check(bottleneck.parameters() < plain.parameters() && bottleneck.mflops() < plain.mflops(),
                        String.format(Locale.ROOT, "%.1f%% of the parameters and %.1f%% of the FLOPs of the plain MiniResNet",
                                100.0 * bottleneck.parameters() / plain.parameters(), 100 * bottleneck.mflops() / plain.mflops())),
                new Check(bottleneck.trainSeconds() < plain.trainSeconds(), String.format(Locale.ROOT,
                        "it trains %.1f times as fast", plain.trainSeconds() / bottleneck.trainSeconds())),
                new Check(loss <= 0.01, "for " + points(loss) + " of validation accuracy (" + percent(bottleneck.validationAccuracy())
                        + " against " + percent(plain.validationAccuracy()) + "; kept: up to one point)")));
    };
}
