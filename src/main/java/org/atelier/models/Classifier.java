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

/**
 * Runs a network in inference mode (BatchNorm frozen, no dropout) over images, with test-time views
 * when asked: PyTorch through DJL, or another {@link ClassScorer} (an exported model in ONNX Runtime).
 */
public final class Classifier {
    public static final int DEFAULT_BATCH = 500;

    private final Block block;
    private final NDManager manager;
    private final ParameterStore store;
    private final ClassScorer scorer;
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
        this.scorer = (input, n, rows, cols) -> {
            // One scope per pass: a forward pass's intermediate arrays are freed before the next.
            try (NDManager scope = manager.newSubManager()) {
                return logits(scope, input, n, rows, cols).softmax(1).toFloatArray();
            }
        };
    }

    /** Another engine's network, with the same views. */
    public Classifier(ClassScorer scorer, Fill viewFill) {
        this.block = null;
        this.manager = null;
        this.store = null;
        this.scorer = scorer;
        this.viewFill = viewFill;
    }

    /** The DJL network; only a classifier made from one has it. */
    public Block block() {
        if (block == null) {
            throw new IllegalStateException("this classifier runs another engine's network, not a DJL block");
        }
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
                float[] p = scorer.probabilities(input, n, rows, cols);
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
     * The logits, the network's outputs before the softmax, one row of 10 per image and one view
     * per image: what temperature scaling divides, and what an export is compared on. (With
     * test-time augmentation the views' probabilities are averaged, which no single row of logits
     * gives.) {@code pixels} as for the probabilities.
     */
    public float[][] logits(float[] pixels, int count, int rows, int cols) {
        block();
        float[][] out = new float[count][];
        for (int start = 0; start < count; start += DEFAULT_BATCH) {
            int n = Math.min(DEFAULT_BATCH, count - start);
            try (NDManager scope = manager.newSubManager()) {
                float[] z = logits(scope, FloatBuffer.wrap(pixels, start * rows * cols, n * rows * cols), n, rows, cols).toFloatArray();
                for (int i = 0; i < n; i++) {
                    out[start + i] = Arrays.copyOfRange(z, i * FashionClass.COUNT, (i + 1) * FashionClass.COUNT);
                }
            }
        }
        return out;
    }

    /** As {@link #logits(float[], int, int, int)} for a set of images. */
    public float[][] logits(ImageSet images) {
        return logits(images.normalized(), images.size(), images.rows(), images.cols());
    }

    private NDArray logits(NDManager scope, FloatBuffer input, int n, int rows, int cols) {
        NDArray x = scope.create(input, new Shape(n, 1, rows, cols));
        return block.forward(store, new NDList(x), false).singletonOrThrow();
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
        return probabilities(images.normalized(), images.size(), images.rows(), images.cols(), tta, plain);
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
