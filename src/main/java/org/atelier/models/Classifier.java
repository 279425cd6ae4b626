package org.atelier.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import org.atelier.data.FashionClass;
import org.atelier.data.ImageSet;

/** Runs a network in inference mode (BatchNorm frozen, no dropout) over images. */
public final class Classifier {
    public static final int DEFAULT_BATCH = 500;

    private final Block block;
    private final NDManager manager;
    private final ParameterStore store;

    public Classifier(Block block, NDManager manager) {
        this.block = block;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
    }

    public Block block() {
        return block;
    }

    /** Class probabilities, one row of 10 per image; {@code pixels} holds {@code count} images in [0,1]. */
    public float[][] probabilities(float[] pixels, int count, int rows, int cols) {
        return probabilities(pixels, count, rows, cols, false);
    }

    /**
     * As {@link #probabilities(float[], int, int, int)}; with {@code flipAverage} each row is the
     * mean of the image's and its mirror image's probabilities (test-time augmentation).
     */
    public float[][] probabilities(float[] pixels, int count, int rows, int cols, boolean flipAverage) {
        float[][] out = new float[count][];
        int perImage = rows * cols;
        for (int start = 0; start < count; start += DEFAULT_BATCH) {
            int n = Math.min(DEFAULT_BATCH, count - start);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(FloatBuffer.wrap(pixels, start * perImage, n * perImage), new Shape(n, 1, rows, cols));
                NDArray p = block.forward(store, new NDList(x), false).singletonOrThrow().softmax(1);
                if (flipAverage) {
                    NDArray mirrored = block.forward(store, new NDList(x.flip(3)), false).singletonOrThrow().softmax(1);
                    p = p.add(mirrored).div(2);
                }
                float[] flat = p.toFloatArray();
                for (int i = 0; i < n; i++) {
                    float[] row = new float[FashionClass.COUNT];
                    System.arraycopy(flat, i * FashionClass.COUNT, row, 0, FashionClass.COUNT);
                    out[start + i] = row;
                }
            }
        }
        return out;
    }

    public float[][] probabilities(ImageSet images) {
        return probabilities(images, false);
    }

    public float[][] probabilities(ImageSet images, boolean flipAverage) {
        float[] pixels = new float[images.size() * images.pixelsPerImage()];
        for (int i = 0; i < images.size(); i++) {
            images.copyNormalized(i, pixels, i * images.pixelsPerImage());
        }
        return probabilities(pixels, images.size(), images.rows(), images.cols(), flipAverage);
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
