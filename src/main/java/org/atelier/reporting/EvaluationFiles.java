package org.atelier.reporting;

import java.util.Locale;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.atelier.data.FashionClass;
import org.atelier.data.ImageSet;
import org.atelier.evaluation.Calibration;
import org.atelier.evaluation.Evaluation;
import org.atelier.run.EvaluationRecord;
import org.atelier.run.Mistake;
import org.atelier.run.RunDirectory;
import org.atelier.run.RunMetrics;
import org.atelier.util.UserException;

/** Writes an evaluation into its run directory: evaluation.json, metrics.json's test figures, the two pictures. */
public final class EvaluationFiles {
    private EvaluationFiles() {}

    /** Reads what it updates first and draws everything before writing, so a failure leaves the run as it was. */
    public static void write(RunDirectory run, ImageSet test, Evaluation.Result r) {
        RunMetrics metrics = run.metrics().orElseThrow(() -> new UserException(run.root()
                + ": training has not finished (no " + RunDirectory.METRICS + "), so there is no model to evaluate yet"));
        Calibration.Summary c = r.calibration();
        EvaluationRecord evaluation = new EvaluationRecord(r.metrics().accuracy(), r.tta().id(), r.ttaAccuracy(), test.size(),
                r.imagesPerSecond(), r.metrics(), r.mostConfidentMistakes(), c.temperature(), c.temperatureImages(),
                c.reliability().size(), c.ece(), c.eceCalibrated(), c.nll(), c.nllCalibrated(), c.reliability(),
                c.reliabilityCalibrated(), c.eceTta(), c.eceTtaCalibrated(), r.explanationLayer());
        BufferedImage confusion = EvaluationCharts.confusionMatrix(r.metrics().confusion());
        BufferedImage mistakes = mistakesGrid(test, r.mostConfidentMistakes(), null);
        BufferedImage explained = mistakesGrid(test, r.mostConfidentMistakes(), r.mistakeMaps());
        BufferedImage pair = confusedPairGrid(test, r.confusedPair());
        Png.write(run.file(RunDirectory.CONFUSION), confusion);
        Png.write(run.file(RunDirectory.MISTAKES), mistakes);
        Png.write(run.file(RunDirectory.MISTAKES_EXPLAINED), explained);
        Png.write(run.file(RunDirectory.CONFUSED_PAIR), pair);
        run.writeEvaluation(evaluation);
        run.writeMetrics(metrics.withTest(r.metrics().accuracy(), r.tta().id(), r.ttaAccuracy(), test.size(), r.tta().views().size()));
    }

    /** The most confused pair's mistakes, one section each way, each image under its map. */
    private static BufferedImage confusedPairGrid(ImageSet test, Evaluation.ConfusedPair pair) {
        List<ImageGrid.Section> sections = new ArrayList<>();
        for (int[] way : new int[][] {{pair.a(), pair.b()}, {pair.b(), pair.a()}}) {
            List<ImageGrid.Tile> tiles = new ArrayList<>();
            for (int i = 0; i < pair.mistakes().size(); i++) {
                Mistake m = pair.mistakes().get(i);
                if (m.trueLabel() == way[0]) {
                    tiles.add(mistakeTile(test, m, pair.maps()[i]));
                }
            }
            if (tiles.isEmpty()) {
                continue; // a pair confused one way only: no row for the other
            }
            sections.add(new ImageGrid.Section("Is " + FashionClass.nameOf(way[0]) + ", said " + FashionClass.nameOf(way[1])
                    + ": where it looked for " + FashionClass.nameOf(way[1]) + " (the " + tiles.size() + " most confident)", tiles));
        }
        return ImageGrid.render(sections, Evaluation.PAIR_MISTAKES_SHOWN);
    }

    private static ImageGrid.Tile mistakeTile(ImageSet test, Mistake m, float[] map) {
        return new ImageGrid.Tile(DatasetCharts.normalizedImage(test, m.index()), test.rows(), test.cols(),
                "is " + FashionClass.nameOf(m.trueLabel()),
                String.format(Locale.ROOT, "said %s %.0f%%", FashionClass.nameOf(m.predictedLabel()), 100 * m.confidence()),
                new java.awt.Color(0, 110, 0), map);
    }

    /** The mistakes, each captioned; with {@code maps}, each drawn with its Grad-CAM map over it. */
    private static BufferedImage mistakesGrid(ImageSet test, List<Mistake> mistakes, float[][] maps) {
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < mistakes.size(); i++) {
            tiles.add(mistakeTile(test, mistakes.get(i), maps == null ? null : maps[i]));
        }
        String title = maps == null
                ? "The " + mistakes.size() + " most confident mistakes on the test set (true class, then the model's answer)"
                : "What the model looked at in each (Grad-CAM of the class it said: red most, blue least)";
        return ImageGrid.render(List.of(new ImageGrid.Section(title, tiles)), 8);
    }
}
