package org.atelier.export;

import org.atelier.data.ImageSet;
import org.atelier.models.Classifier;

/**
 * An exported model's answers against Atelier's own on the same images: how many get the same
 * class, the largest difference of any class score, and each side's accuracy.
 */
public record ExportCheck(int images, int sameClass, double largestScoreDifference, int correctThroughOnnx, int correctInAtelier) {
    /** The largest score difference accepted: float32 arithmetic in another order differs by about 1e-6 here. */
    public static final double TOLERANCE = 1e-4;

    private static final int BATCH = 500;

    /** Runs both on every image of {@code images}. */
    static ExportCheck compare(Classifier atelier, OnnxRuntimeModel onnx, ImageSet images) {
        int perImage = images.pixelsPerImage();
        float[] pixels = new float[images.size() * perImage];
        for (int i = 0; i < images.size(); i++) {
            images.copyNormalized(i, pixels, i * perImage);
        }
        float[][] expected = atelier.logits(pixels, images.size(), images.rows(), images.cols());
        int same = 0;
        int correctOnnx = 0;
        int correctAtelier = 0;
        double largest = 0;
        for (int start = 0; start < images.size(); start += BATCH) {
            int n = Math.min(BATCH, images.size() - start);
            float[][] got = onnx.scores(pixels, start, n);
            for (int i = 0; i < n; i++) {
                float[] want = expected[start + i];
                for (int c = 0; c < want.length; c++) {
                    largest = Math.max(largest, Math.abs(got[i][c] - want[c]));
                }
                int onnxClass = Classifier.argMax(got[i]);
                int atelierClass = Classifier.argMax(want);
                int label = images.label(start + i);
                same += onnxClass == atelierClass ? 1 : 0;
                correctOnnx += onnxClass == label ? 1 : 0;
                correctAtelier += atelierClass == label ? 1 : 0;
            }
        }
        return new ExportCheck(images.size(), same, largest, correctOnnx, correctAtelier);
    }

    public boolean passes() {
        return sameClass == images && largestScoreDifference <= TOLERANCE;
    }

    public double onnxAccuracy() {
        return (double) correctThroughOnnx / images;
    }

    public double atelierAccuracy() {
        return (double) correctInAtelier / images;
    }
}
