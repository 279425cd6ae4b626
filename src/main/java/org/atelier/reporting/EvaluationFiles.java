package org.atelier.reporting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atelier.data.FashionClass;
import org.atelier.data.ImageSet;
import org.atelier.evaluation.Evaluation;
import org.atelier.evaluation.Mistake;
import org.atelier.run.RunDirectory;
import org.atelier.util.Json;

/** Writes an evaluation into its run directory: evaluation.json, metrics.json's test figures, the two pictures. */
public final class EvaluationFiles {
    private EvaluationFiles() {}

    /** Reads what it updates first and draws everything before writing, so a failure leaves the run as it was. */
    public static void write(RunDirectory run, ImageSet test, Evaluation.Result r) {
        ObjectNode metrics = run.metrics();
        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("test_accuracy", r.metrics().accuracy());
        evaluation.put("tta", r.tta().id());
        evaluation.put("test_accuracy_tta", r.ttaAccuracy());
        evaluation.put("test_images", test.size());
        evaluation.put("inference_images_per_second", r.imagesPerSecond());
        evaluation.put("metrics", r.metrics());
        evaluation.put("most_confident_mistakes", r.mostConfidentMistakes());
        BufferedImage confusion = EvaluationCharts.confusionMatrix(r.metrics().confusion());
        BufferedImage mistakes = mistakesGrid(test, r.mostConfidentMistakes());
        Png.write(run.file(RunDirectory.CONFUSION), confusion);
        Png.write(run.file(RunDirectory.MISTAKES), mistakes);
        Json.write(run.file(RunDirectory.EVALUATION), evaluation);
        metrics.put("test_accuracy", r.metrics().accuracy());
        metrics.put("tta", r.tta().id());
        metrics.put("test_accuracy_tta", r.ttaAccuracy());
        Json.write(run.file(RunDirectory.METRICS), metrics);
    }

    private static BufferedImage mistakesGrid(ImageSet test, List<Mistake> mistakes) {
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        for (Mistake m : mistakes) {
            tiles.add(new ImageGrid.Tile(DatasetCharts.normalizedImage(test, m.index()), test.rows(), test.cols(),
                    "is " + FashionClass.nameOf(m.trueLabel()),
                    String.format("said %s %.0f%%", FashionClass.nameOf(m.predictedLabel()), 100 * m.confidence()),
                    new java.awt.Color(0, 110, 0)));
        }
        String title = "The " + mistakes.size() + " most confident mistakes on the test set (true class, then the model's answer)";
        return ImageGrid.render(List.of(new ImageGrid.Section(title, tiles)), 8);
    }
}
