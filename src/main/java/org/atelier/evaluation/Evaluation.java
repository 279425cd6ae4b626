package org.atelier.evaluation;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.atelier.data.ImageSet;
import org.atelier.explain.GradCam;
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
     * @param mistakeMaps for each of {@code mostConfidentMistakes}, the Grad-CAM map of the class it was taken for (784 values in [0,1])
     * @param confusedPair the two classes most often taken for each other, their most confident mistakes explained
     * @param explanationLayer what the maps are made from ({@link GradCam.Target#describe()})
     */
    public record Result(ClassificationMetrics metrics, List<Mistake> mostConfidentMistakes, double imagesPerSecond,
                         TestTimeAugmentation tta, double ttaAccuracy, Calibration.Summary calibration, float[][] mistakeMaps,
                         ConfusedPair confusedPair, String explanationLayer) {}

    /** How many of each direction of the most confused pair are explained. */
    public static final int PAIR_MISTAKES_SHOWN = 8;

    /**
     * Classes {@code a} and {@code b}, taken for each other more often than any other two: up to
     * {@link #PAIR_MISTAKES_SHOWN} of the most confident mistakes each way (a said b first, then b
     * said a), each with the Grad-CAM map of the class it was taken for.
     */
    public record ConfusedPair(int a, int b, List<Mistake> mistakes, float[][] maps) {}

    /** The pair of classes most often taken for each other (the first such pair in label order on a tie), explained. */
    private static ConfusedPair confusedPair(TrainedModel model, ImageSet test, List<Mistake> byConfidence, int[][] confusion) {
        int a = 0;
        int b = 1;
        for (int i = 0; i < confusion.length; i++) {
            for (int j = i + 1; j < confusion.length; j++) {
                if (confusion[i][j] + confusion[j][i] > confusion[a][b] + confusion[b][a]) {
                    a = i;
                    b = j;
                }
            }
        }
        List<Mistake> chosen = new ArrayList<>();
        for (int[] way : new int[][] {{a, b}, {b, a}}) {
            byConfidence.stream().filter(m -> m.trueLabel() == way[0] && m.predictedLabel() == way[1]).limit(PAIR_MISTAKES_SHOWN)
                    .forEach(chosen::add);
        }
        return new ConfusedPair(a, b, List.copyOf(chosen), mistakeMaps(model, test, chosen));
    }

    /** What made the model say each mistake's class: its Grad-CAM map. */
    private static float[][] mistakeMaps(TrainedModel model, ImageSet test, List<Mistake> mistakes) {
        float[] pixels = new float[mistakes.size() * test.pixelsPerImage()];
        int[] classes = new int[mistakes.size()];
        for (int i = 0; i < mistakes.size(); i++) {
            test.copyNormalized(mistakes.get(i).index(), pixels, i * test.pixelsPerImage());
            classes[i] = mistakes.get(i).predictedLabel();
        }
        return mistakes.isEmpty() ? new float[0][] : GradCam.maps(model.classifier().block(), pixels, mistakes.size(), classes);
    }

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
     * @param explain    whether to make the Grad-CAM maps of the mistakes and the confused pair (about a
     *                   second of work); without, the result's maps, pair and layer are null
     */
    public static Result evaluate(RunDirectory run, ImageSet test, ImageSet validation, TestTimeAugmentation tta, Device device,
                                  boolean explain) {
        float[][] logits;
        float[][] validationLogits;
        float[][] probabilities;
        float[][] augmented;
        double seconds;
        int[] predicted = new int[test.size()];
        ClassificationMetrics metrics;
        List<Mistake> shown;
        float[][] mistakeMaps = null;
        ConfusedPair confusedPair = null;
        String explanationLayer = null;
        try (TrainedModel model = TrainedModel.load(run, device)) {
            long t0 = System.nanoTime();
            logits = model.classifier().logits(test);
            probabilities = Calibration.softmax(logits, 1);
            seconds = (System.nanoTime() - t0) / 1e9;
            augmented = tta == TestTimeAugmentation.NONE ? probabilities
                    : model.classifier().probabilities(test, tta, probabilities);
            validationLogits = validation.size() == 0 ? new float[0][] : model.classifier().logits(validation);
            List<Mistake> mistakes = new ArrayList<>();
            for (int i = 0; i < test.size(); i++) {
                predicted[i] = Classifier.argMax(probabilities[i]);
                if (predicted[i] != test.label(i)) {
                    mistakes.add(new Mistake(i, test.label(i), predicted[i], probabilities[i][predicted[i]]));
                }
            }
            mistakes.sort(Comparator.comparingDouble(Mistake::confidence).reversed());
            shown = List.copyOf(mistakes.subList(0, Math.min(MISTAKES_SHOWN, mistakes.size())));
            metrics = ClassificationMetrics.of(test.labels(), predicted);
            if (explain) {
                mistakeMaps = mistakeMaps(model, test, shown);
                explanationLayer = GradCam.target(model.classifier().block()).describe();
                confusedPair = confusedPair(model, test, mistakes, metrics.confusion());
            }
        }
        Calibration.Summary calibration = Calibration.of(logits, test.labels(), validationLogits, validation.labels());
        if (tta != TestTimeAugmentation.NONE) {
            calibration = calibration.withAveragedViews(augmented, test.labels());
        }
        return new Result(metrics, shown, test.size() / seconds, tta, Classifier.lossAndAccuracy(augmented, test.labels())[1],
                calibration, mistakeMaps, confusedPair, explanationLayer);
    }
}
