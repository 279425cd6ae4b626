package org.atelier.evaluation;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.atelier.data.ImageSet;
import org.atelier.models.Classifier;
import org.atelier.models.TestTimeAugmentation;
import org.atelier.run.ClassificationMetrics;
import org.atelier.run.Mistake;
import org.atelier.run.RunDirectory;
import org.atelier.run.TrainedModel;

/**
 * Evaluates a run on the held-out test set: accuracy, per-class metrics, the confusion matrix and
 * the most confident mistakes, and calibration. Computes only; {@code reporting.EvaluationFiles} writes them.
 */
public final class Evaluation {
    public static final int MISTAKES_SHOWN = 32;

    private Evaluation() {}

    /**
     * @param metrics of the plain predictions, one view per image
     * @param ttaAccuracy accuracy when each prediction averages the views of {@code tta}
     * @param calibration of the plain predictions, with a temperature fitted on the validation images when there are any
     */
    public record Result(ClassificationMetrics metrics, List<Mistake> mostConfidentMistakes, double imagesPerSecond,
                         TestTimeAugmentation tta, double ttaAccuracy, Calibration.Summary calibration) {}

    /**
     * Mirror views only help a model that was trained on mirror images: flip for those, none for
     * the others (the baseline, trained without flips, loses 4 points with them).
     */
    public static TestTimeAugmentation matchingTta(RunDirectory run) {
        return run.config().augment().flip() ? TestTimeAugmentation.FLIP : TestTimeAugmentation.NONE;
    }

    /**
     * @param validation the run's validation images, on whose plain logits the temperature is fitted;
     *                   empty for none (the test set never chooses it)
     */
    public static Result evaluate(RunDirectory run, ImageSet test, ImageSet validation, TestTimeAugmentation tta, Device device) {
        float[][] logits;
        float[][] validationLogits;
        float[][] probabilities;
        float[][] augmented;
        double seconds;
        try (TrainedModel model = TrainedModel.load(run, device)) {
            long t0 = System.nanoTime();
            logits = model.classifier().logits(test);
            probabilities = Calibration.softmax(logits, 1);
            seconds = (System.nanoTime() - t0) / 1e9;
            augmented = tta == TestTimeAugmentation.NONE ? probabilities
                    : model.classifier().probabilities(test, tta, probabilities);
            validationLogits = validation.size() == 0 ? new float[0][] : model.classifier().logits(validation);
        }
        int[] predicted = new int[test.size()];
        List<Mistake> mistakes = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            predicted[i] = Classifier.argMax(probabilities[i]);
            if (predicted[i] != test.label(i)) {
                mistakes.add(new Mistake(i, test.label(i), predicted[i], probabilities[i][predicted[i]]));
            }
        }
        mistakes.sort(Comparator.comparingDouble(Mistake::confidence).reversed());
        List<Mistake> shown = List.copyOf(mistakes.subList(0, Math.min(MISTAKES_SHOWN, mistakes.size())));
        ClassificationMetrics metrics = ClassificationMetrics.of(test.labels(), predicted);
        return new Result(metrics, shown, test.size() / seconds, tta, Classifier.lossAndAccuracy(augmented, test.labels())[1],
                Calibration.of(logits, test.labels(), validationLogits, validation.labels()));
    }
}
