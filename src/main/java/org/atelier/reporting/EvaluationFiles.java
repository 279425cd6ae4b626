package org.atelier.reporting;

import java.nio.file.Path;
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

    public static void write(RunDirectory run, ImageSet test, Evaluation.Result r) {
        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("test_accuracy", r.metrics().accuracy());
        evaluation.put("tta", r.tta().id());
        evaluation.put("test_accuracy_tta", r.ttaAccuracy());
        evaluation.put("test_images", test.size());
        evaluation.put("inference_images_per_second", r.imagesPerSecond());
        evaluation.put("metrics", r.metrics());
        evaluation.put("most_confident_mistakes", r.mostConfidentMistakes());
        EvaluationCharts.writeConfusionMatrix(run.file(RunDirectory.CONFUSION), r.metrics().confusion());
        writeMistakesGrid(run.file(RunDirectory.MISTAKES), test, r.mostConfidentMistakes());
        Json.write(run.file(RunDirectory.EVALUATION), evaluation);
        run.mergeMetrics(Map.of("test_accuracy", r.metrics().accuracy(), "tta", r.tta().id(),
                "test_accuracy_tta", r.ttaAccuracy()));
    }

    private static void writeMistakesGrid(Path file, ImageSet test, List<Mistake> mistakes) {
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
}
