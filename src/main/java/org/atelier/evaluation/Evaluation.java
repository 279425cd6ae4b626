package org.atelier.evaluation;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atelier.data.FashionClass;
import org.atelier.data.ImageSet;
import org.atelier.models.Classifier;
import org.atelier.models.TestTimeAugmentation;
import org.atelier.reporting.DatasetCharts;
import org.atelier.reporting.EvaluationCharts;
import org.atelier.reporting.ImageGrid;
import org.atelier.reporting.Png;
import org.atelier.run.RunDirectory;
import org.atelier.run.TrainedModel;
import org.atelier.util.Json;

/**
 * Evaluates a run on the held-out test set: accuracy and per-class metrics into evaluation.json
 * and metrics.json, the confusion matrix and the most confident mistakes as pictures.
 */
public final class Evaluation {
    public static final int MISTAKES_SHOWN = 32;

    private Evaluation() {}

    /**
     * @param metrics of the plain predictions, one view per image
     * @param ttaAccuracy accuracy when each prediction averages the views of {@code tta}
     */
    public record Result(ClassificationMetrics metrics, List<Mistake> mostConfidentMistakes, double imagesPerSecond,
                         TestTimeAugmentation tta, double ttaAccuracy) {}

    public static Result evaluate(RunDirectory run, ImageSet test) {
        return evaluate(run, test, matchingTta(run), Device.cpu());
    }

    /**
     * Mirror views only help a model that was trained on mirror images: flip for those, none for
     * the others (the baseline, trained without flips, loses 4 points with them).
     */
    public static TestTimeAugmentation matchingTta(RunDirectory run) {
        return run.config().augment().flip() ? TestTimeAugmentation.FLIP : TestTimeAugmentation.NONE;
    }

    public static Result evaluate(RunDirectory run, ImageSet test, TestTimeAugmentation tta, Device device) {
        float[][] probabilities;
        float[][] augmented;
        double seconds;
        try (TrainedModel model = TrainedModel.load(run, device)) {
            long t0 = System.nanoTime();
            probabilities = model.classifier().probabilities(test);
            seconds = (System.nanoTime() - t0) / 1e9;
            augmented = tta == TestTimeAugmentation.NONE ? probabilities
                    : model.classifier().probabilities(test, tta, probabilities);
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
        Result result = new Result(metrics, shown, test.size() / seconds, tta,
                Classifier.lossAndAccuracy(augmented, test.labels())[1]);
        write(run, test, result);
        return result;
    }

    private static void writeMistakesGrid(java.nio.file.Path file, ImageSet test, List<Mistake> mistakes) {
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        for (Mistake m : mistakes) {
            tiles.add(new ImageGrid.Tile(DatasetCharts.normalizedImage(test, m.index()), test.rows(), test.cols(),
                    "is " + FashionClass.nameOf(m.trueLabel()),
                    String.format("said %s %.0f%%", FashionClass.nameOf(m.predictedLabel()), 100 * m.confidence()),
                    new java.awt.Color(0, 110, 0)));
        }
        String title = "The " + mistakes.size() + " most confident mistakes on the test set (true class, then the model's answer)";
        Png.write(file, ImageGrid.render(List.of(new ImageGrid.Section(title, tiles)), 8));
    }

    private static void write(RunDirectory run, ImageSet test, Result r) {
        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("test_accuracy", r.metrics().accuracy());
        evaluation.put("tta", r.tta().id());
        evaluation.put("test_accuracy_tta", r.ttaAccuracy());
        evaluation.put("test_images", test.size());
        evaluation.put("inference_images_per_second", r.imagesPerSecond());
        evaluation.put("metrics", r.metrics());
        evaluation.put("most_confident_mistakes", r.mostConfidentMistakes());
        Json.write(run.file(RunDirectory.EVALUATION), evaluation);
        EvaluationCharts.writeConfusionMatrix(run.file(RunDirectory.CONFUSION), r.metrics().confusion());
        writeMistakesGrid(run.file(RunDirectory.MISTAKES), test, r.mostConfidentMistakes());
        run.mergeMetrics(Map.of("test_accuracy", r.metrics().accuracy(), "tta", r.tta().id(),
                "test_accuracy_tta", r.ttaAccuracy()));
    }
}
