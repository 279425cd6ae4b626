package org.atelier.export;

import java.util.Locale;
import org.atelier.data.ImageSet;
import org.atelier.models.Classifier;

/**
 * An exported model's answers against Atelier's own on the same images. Scores are compared
 * relative to their size: float32 sums taken in another order differ by a few parts in a million
 * of the largest term, so a network whose scores run to 1e4 differs by more than one whose scores
 * stay near 1. An image whose two best classes Atelier itself scores within that tolerance is a
 * tie: either answer is right, and it does not count against the export.
 *
 * @param sameClass images given the same class, ties included
 * @param ties images whose two best scores are within the tolerance of each other in Atelier's own answer
 * @param largestRelativeDifference the largest |onnx - atelier| of any score, over max(1, the largest |score| of its image)
 */
public record ExportCheck(int images, int sameClass, int ties, double largestRelativeDifference, int correctThroughOnnx) {
    /** The largest relative score difference accepted: about a hundred times what float32 reordering gives here. */
    public static final String TOLERANCE_TEXT = "1e-4";
    public static final double TOLERANCE = Double.parseDouble(TOLERANCE_TEXT);

    private static final int BATCH = 500;

    /** Runs both on every image of {@code images}. */
    static ExportCheck compare(Classifier atelier, OnnxRuntimeModel onnx, ImageSet images) {
        float[] pixels = images.normalized();
        float[][] expected = atelier.logits(pixels, images.size(), images.rows(), images.cols());
        int same = 0;
        int ties = 0;
        int correctOnnx = 0;
        double largest = 0;
        for (int start = 0; start < images.size(); start += BATCH) {
            int n = Math.min(BATCH, images.size() - start);
            float[][] got = onnx.scores(pixels, start, n);
            for (int i = 0; i < n; i++) {
                float[] want = expected[start + i];
                double scale = 1;
                for (float z : want) {
                    scale = Math.max(scale, Math.abs(z));
                }
                for (int c = 0; c < want.length; c++) {
                    largest = Math.max(largest, Math.abs(got[i][c] - want[c]) / scale);
                }
                int onnxClass = Classifier.argMax(got[i]);
                int atelierClass = Classifier.argMax(want);
                boolean tie = margin(want) <= TOLERANCE * scale;
                ties += tie ? 1 : 0;
                same += onnxClass == atelierClass || tie ? 1 : 0;
                int label = images.label(start + i);
                correctOnnx += onnxClass == label ? 1 : 0;
            }
        }
        return new ExportCheck(images.size(), same, ties, largest, correctOnnx);
    }

    /** The best score less the second best. */
    private static double margin(float[] scores) {
        float best = Float.NEGATIVE_INFINITY;
        float second = Float.NEGATIVE_INFINITY;
        for (float z : scores) {
            if (z > best) {
                second = best;
                best = z;
            } else if (z > second) {
                second = z;
            }
        }
        return (double) best - second;
    }

    public boolean passes() {
        return sameClass == images && largestRelativeDifference <= TOLERANCE;
    }

    public double onnxAccuracy() {
        return (double) correctThroughOnnx / images;
    }

    /** One line for the user: how many agree, and by how much the scores differ. */
    public String summary() {
        String agreeing = sameClass == images ? "the same class for all " + String.format(Locale.ROOT, "%,d", images)
                : String.format(Locale.ROOT, "the same class for %,d of %,d", sameClass, images);
        String tied = ties == 0 ? "" : String.format(Locale.ROOT, " (%,d of them ties, either class right)", ties);
        return String.format(Locale.ROOT, "%s%s, largest score difference %.1e of the image's largest score (at most %s)",
                agreeing, tied, largestRelativeDifference, TOLERANCE_TEXT);
    }
}
