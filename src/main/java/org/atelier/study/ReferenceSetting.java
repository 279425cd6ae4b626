package org.atelier.study;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.atelier.data.DataConfig;
import org.atelier.reporting.ComparisonReport.Row;
import org.atelier.sweep.RunSpec;

/**
 * How a finished experiment ran against the full plan, which is the reference's setting: as the
 * reference (its model, all its epochs, its 48,000 training images), shortened to fewer epochs, or
 * otherwise (a quick study's lite model, a smaller training set, an experiment not in the plan).
 * Figures compare only between experiments of one kind, and shortened ones only at one length.
 */
record ReferenceSetting(Kind kind, int epochs, String text) {
    enum Kind { AS_THE_REFERENCE, SHORTENED, OTHER }

    /** The reference's training split: 80% of Fashion-MNIST's 60,000 training images. */
    static final int REFERENCE_TRAIN_IMAGES = 48_000;

    private static final Map<String, RunSpec> PLAN = new LinkedHashMap<>();

    static {
        StudyPlan.experiments(false, DataConfig.defaults(), 0).forEach(s -> PLAN.put(s.id(), s));
    }

    static ReferenceSetting of(Row r) {
        RunSpec planned = PLAN.get(r.name());
        if (planned == null) {
            return new ReferenceSetting(Kind.OTHER, r.epochs(), "not in the reference's plan");
        }
        if (!r.model().equals(planned.config().model())) {
            return new ReferenceSetting(Kind.OTHER, r.epochs(), r.model() + ": not the reference's model");
        }
        if (r.trainImages() != REFERENCE_TRAIN_IMAGES) {
            return new ReferenceSetting(Kind.OTHER, r.epochs(), String.format(Locale.ROOT,
                    "%,d training images, not the reference's %,d", r.trainImages(), REFERENCE_TRAIN_IMAGES));
        }
        int epochs = planned.config().epochs();
        return r.epochs() < epochs
                ? new ReferenceSetting(Kind.SHORTENED, r.epochs(), r.epochs() + " of the reference's " + epochs + " epochs")
                : new ReferenceSetting(Kind.AS_THE_REFERENCE, r.epochs(), "as the reference");
    }

    boolean asTheReference() {
        return kind == Kind.AS_THE_REFERENCE;
    }

    /** Whether two experiments' figures compare: one kind of setting, and one length where shortened. */
    boolean comparableWith(ReferenceSetting other) {
        return kind == other.kind && (kind != Kind.SHORTENED || epochs == other.epochs);
    }
}
