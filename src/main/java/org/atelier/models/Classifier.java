package org.atelier.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.atelier.augmentation.AffineTransform;
import org.atelier.augmentation.Fill;
import org.atelier.data.FashionClass;
import org.atelier.data.ImageSet;

/** Runs a network in inference mode (BatchNorm frozen, no dropout) over images. */
public final class Classifier {
    public static final int DEFAULT_BATCH = 500;

    private final Block block;
    private final NDManager manager;
    private final ParameterStore store;
    private final Fill viewFill;

    public Classifier(Block block, NDManager manager) {
        this(block, manager, Fill.NEAREST);
    }

    /** @param viewFill what fills the border that a test-time view's shift uncovers: the fill the model was trained with */
    public Classifier(Block block, NDManager manager, Fill viewFill) {
        this.block = block;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        this.viewFill = viewFill;
    }

    public Block block() {
        return block;
    }

    /** Class probabilities, one row of 10 per image; {@code pixels} holds {@code count} images in [0,1]. */
    public float[][] probabilities(float[] pixels, int count, int rows, int cols) {
        return probabilities(pixels, count, rows, cols, TestTimeAugmentation.NONE);
    }

    /**
     * As {@link #probabilities(float[], int, int, int)}, each row the mean of the probabilities of
     * the image's views under {@code tta}.
     */
    public float[][] probabilities(float[] pixels, int count, int rows, int cols, TestTimeAugmentation tta) {
        return probabilities(pixels, count, rows, cols, tta, null);
    }

    /** @param plain the images' own probabilities when already computed, so the identity view is not run again; or null */
    private float[][] probabilities(float[] pixels, int count, int rows, int cols, TestTimeAugmentation tta, float[][] plain) {
        if (rows != cols && tta != TestTimeAugmentation.NONE) {
            throw new IllegalArgumentException("test-time augmentation needs square images, got " + rows + "x" + cols);
        }
        List<AffineTransform> views = tta.views();
        float[][] out = new float[count][];
        int perImage = rows * cols;
        float[] viewPixels = views.size() > 1 ? new float[Math.min(DEFAULT_BATCH, count) * perImage] : null;
        for (int start = 0; start < count; start += DEFAULT_BATCH) {
            int n = Math.min(DEFAULT_BATCH, count - start);
            float[] mean = new float[n * FashionClass.COUNT];
            for (AffineTransform view : views) {
                if (plain != null && view.equals(AffineTransform.identity())) {
                    for (int i = 0; i < n; i++) {
                        for (int c = 0; c < FashionClass.COUNT; c++) {
                            mean[i * FashionClass.COUNT + c] += plain[start + i][c] / views.size();
                        }
                    }
                    continue;
                }
                FloatBuffer input = FloatBuffer.wrap(pixels, start * perImage, n * perImage);
                if (!view.equals(AffineTransform.identity())) {
                    for (int i = 0; i < n; i++) {
                        view.apply(pixels, (start + i) * perImage, viewPixels, i * perImage, rows, viewFill);
                    }
                    input = FloatBuffer.wrap(viewPixels, 0, n * perImage);
                }
                float[] p = forward(input, n, rows, cols, true);
                for (int k = 0; k < p.length; k++) {
                    mean[k] += p[k] / views.size();
                }
            }
            for (int i = 0; i < n; i++) {
                out[start + i] = Arrays.copyOfRange(mean, i * FashionClass.COUNT, (i + 1) * FashionClass.COUNT);
            }
        }
        return out;
    }

    /**
     * The network's outputs for {@code n} images, flattened row by row: class probabilities with
     * {@code softmax}, else the logits. One scope per call, so a pass's intermediate arrays are freed before the next.
     */
    private float[] forward(FloatBuffer input, int n, int rows, int cols, boolean softmax) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(input, new Shape(n, 1, rows, cols));
            NDArray out = block.forward(store, new NDList(x), false).singletonOrThrow();
            return (softmax ? out.softmax(1) : out).toFloatArray();
        }
    }

    /**
     * The logits, the network's outputs before the softmax, one row of 10 per image and one view
     * per image: what temperature scaling divides. (With test-time augmentation the views'
     * probabilities are averaged, which no single row of logits gives.)
     */
    public float[][] logits(ImageSet images) {
        float[] pixels = normalized(images);
        int perImage = images.pixelsPerImage();
        float[][] out = new float[images.size()][];
        for (int start = 0; start < images.size(); start += DEFAULT_BATCH) {
            int n = Math.min(DEFAULT_BATCH, images.size() - start);
            float[] z = forward(FloatBuffer.wrap(pixels, start * perImage, n * perImage), n, images.rows(), images.cols(), false);
            for (int i = 0; i < n; i++) {
                out[start + i] = Arrays.copyOfRange(z, i * FashionClass.COUNT, (i + 1) * FashionClass.COUNT);
            }
        }
        return out;
    }

    public float[][] probabilities(ImageSet images) {
        return probabilities(images, TestTimeAugmentation.NONE);
    }

    public float[][] probabilities(ImageSet images, TestTimeAugmentation tta) {
        return probabilities(images, tta, null);
    }

    /**
     * As {@link #probabilities(ImageSet, TestTimeAugmentation)}, reusing {@code plain}, the
     * images' own probabilities from {@link #probabilities(ImageSet)}, for the identity view.
     */
    public float[][] probabilities(ImageSet images, TestTimeAugmentation tta, float[][] plain) {
        return probabilities(normalized(images), images.size(), images.rows(), images.cols(), tta, plain);
    }

    private static float[] normalized(ImageSet images) {
        float[] pixels = new float[images.size() * images.pixelsPerImage()];
        for (int i = 0; i < images.size(); i++) {
            images.copyNormalized(i, pixels, i * images.pixelsPerImage());
        }
        return pixels;
    }

    public static int argMax(float[] row) {
        int best = 0;
        for (int k = 1; k < row.length; k++) {
            if (row[k] > row[best]) {
                best = k;
            }
        }
        return best;
    }

    /** Mean cross-entropy and accuracy of predicted probabilities against the labels. */
    public static double[] lossAndAccuracy(float[][] probabilities, byte[] labels) {
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            loss -= Math.log(Math.max(probabilities[i][labels[i]], 1e-12));
            if (argMax(probabilities[i]) == labels[i]) {
                correct++;
            }
        }
        return new double[] {loss / labels.length, (double) correct / labels.length};
    }
}
