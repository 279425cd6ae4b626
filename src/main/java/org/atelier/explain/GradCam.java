package org.atelier.explain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Grad-CAM (Selvaraju et al., arXiv 1610.02391): where in a 28x28 image a network found the
 * evidence for a class. The map is made from the output A of one layer of the network (see
 * {@link #target}): each channel k is weighted by the spatial mean of d(score)/dA_k, and
 * the map is ReLU(sum_k w_k A_k), upsampled to 28x28 (bilinear) and divided by its maximum, so it
 * lies in [0,1] (a map that is zero everywhere stays zero). The network runs in inference mode
 * (BatchNorm frozen, no dropout).
 */
public final class GradCam {
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    /** The coarsest map taken: a child whose output is smaller than this on a side is not a target. */
    public static final int MIN_RESOLUTION = 7;
    private static final Shape ONE_IMAGE = new Shape(1, 1, SIDE, SIDE);
    private static final int BATCH = 64;
    /** DJL's PyTorch engine allows one gradient collector per process at a time. */
    private static final Object COLLECTOR = new Object();

    private GradCam() {}

    /**
     * One map of 784 values in [0,1] (row by row) per image, for the class given in
     * {@code classes}, or for the network's own prediction where that is null or an entry is
     * negative. {@code pixels} holds {@code count} 28x28 images in [0,1], as for prediction.
     * {@code network} is a trained, initialised {@link SequentialBlock} on the PyTorch engine.
     *
     * <p>Any thread may call it; calls take turns, since DJL's PyTorch engine allows one gradient
     * collector in a process at a time (training in the same process at the same moment makes
     * this fail with an IllegalStateException). The backward pass also adds to the gradients of
     * the parameters after the target layer, which inference never reads.
     */
    public static float[][] maps(Block network, float[] pixels, int count, int[] classes) {
        List<Block> children = layers(network);
        int target = target(network).layer();
        NDArray anyParameter = network.getParameters().valueAt(0).getArray();
        float[][] out = new float[count][];
        for (int start = 0; start < count; start += BATCH) {
            int n = Math.min(BATCH, count - start);
            try (NDManager scope = anyParameter.getManager().newSubManager(anyParameter.getDevice())) {
                NDArray x = scope.create(FloatBuffer.wrap(pixels, start * PIXELS, n * PIXELS), new Shape(n, 1, SIDE, SIDE));
                float[] cams = coarseMaps(children, target, scope, x, classes, start);
                int side = (int) Math.round(Math.sqrt(cams.length / (double) n));
                for (int i = 0; i < n; i++) {
                    out[start + i] = normalised(upsample(cams, i * side * side, side, side, SIDE));
                }
            }
        }
        return out;
    }

    /** ReLU(sum_k w_k A_k) at the target layer's resolution, image after image (n * h * w values; h = w). */
    private static float[] coarseMaps(List<Block> children, int target, NDManager scope, NDArray x, int[] classes, int start) {
        ParameterStore store = new ParameterStore(scope, false);
        NDList flow = new NDList(x);
        for (int i = 0; i <= target; i++) {
            flow = children.get(i).forward(store, flow, false);
        }
        // a leaf of its own: the gradient is wanted with respect to this activation, not what made it
        NDArray activation = flow.singletonOrThrow().stopGradient();
        long n = activation.getShape().get(0);
        NDArray gradient;
        synchronized (COLLECTOR) {
            // The collector turns PyTorch's gradient recording on for this thread and puts back what it found.
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                activation.setRequiresGradient(true);
                NDList rest = new NDList(activation);
                for (int i = target + 1; i < children.size(); i++) {
                    rest = children.get(i).forward(store, rest, false);
                }
                NDArray logits = rest.singletonOrThrow();
                float[] chosen = oneHot(logits, classes, start, (int) n);
                // images are independent in inference mode: the sum's gradient is each image's own
                collector.backward(logits.mul(scope.create(chosen, logits.getShape())).sum());
                gradient = activation.getGradient().duplicate();
            }
        }
        NDArray weights = gradient.mean(new int[] {3}, true).mean(new int[] {2}, true); // PyTorch's mean takes one axis at a time
        NDArray cam = activation.stopGradient().mul(weights).sum(new int[] {1}).maximum(0f);
        if (cam.getShape().get(1) != cam.getShape().get(2)) {
            throw new IllegalStateException("Grad-CAM expects square maps, got " + cam.getShape());
        }
        return cam.toFloatArray();
    }

    private static float[] oneHot(NDArray logits, int[] classes, int start, int n) {
        int width = (int) logits.getShape().get(1);
        float[] z = logits.toFloatArray();
        float[] hot = new float[n * width];
        for (int i = 0; i < n; i++) {
            int c = classes == null || classes[start + i] < 0 ? argMax(z, i * width, width) : classes[start + i];
            if (c >= width) {
                throw new IllegalArgumentException("class " + c + " of image " + (start + i) + ": the network has " + width + " classes");
            }
            hot[i * width + c] = 1f;
        }
        return hot;
    }

    private static int argMax(float[] values, int from, int length) {
        int best = 0;
        for (int c = 1; c < length; c++) {
            if (values[from + c] > values[from + best]) {
                best = c;
            }
        }
        return best;
    }

    /**
     * The layer a network's maps are made from.
     *
     * @param layer index in {@link #layers}: the network's sequential blocks opened down to their
     *              leaves (a residual block stays one layer)
     * @param shape its output for one image, (1, C, H, W)
     * @param convolutionsBelow convolutions of the network that work on maps coarser than
     *              {@value #MIN_RESOLUTION}x{@value #MIN_RESOLUTION} after it, which the map leaves out
     */
    public record Target(int layer, Shape shape, int convolutionsBelow) {
        /** E.g. "11x11 map of 64 channels" and, when later convolutions are too coarse, what is left out. */
        public String describe() {
            String map = shape.get(2) + "x" + shape.get(3) + " map of " + shape.get(1) + " channels";
            return convolutionsBelow == 0 ? map + ", after the network's last convolution"
                    : map + "; the network's last " + (convolutionsBelow == 1 ? "convolution makes" : convolutionsBelow + " convolutions make")
                            + " maps coarser than " + MIN_RESOLUTION + "x" + MIN_RESOLUTION + ", too coarse to say where, and "
                            + (convolutionsBelow == 1 ? "is" : "are") + " left out";
        }
    }

    /**
     * The layer the maps are made from: the last one, after a convolution, whose output is still at
     * least {@value #MIN_RESOLUTION}x{@value #MIN_RESOLUTION} (the activation after the last
     * convolution at that size, so every channel is what the next layers read).
     */
    public static Target target(Block network) {
        List<Block> layers = layers(network);
        Shape shape = ONE_IMAGE;
        int target = -1;
        Shape targetShape = null;
        boolean convolutionSeen = false;
        int coarse = 0;
        for (int i = 0; i < layers.size(); i++) {
            Block layer = layers.get(i);
            Shape in = shape;
            shape = layer.getOutputShapes(new Shape[] {shape})[0];
            int convolutions = convolutions(layer);
            convolutionSeen |= convolutions > 0;
            boolean spatial = shape.dimension() == 4 && shape.get(2) >= MIN_RESOLUTION && shape.get(3) >= MIN_RESOLUTION;
            if (spatial && convolutionSeen) {
                target = i;
                targetShape = shape;
                coarse = 0;
            } else if (target >= 0 && in.dimension() == 4) {
                coarse += convolutions;
            }
        }
        if (target < 0) {
            throw new IllegalArgumentException("the network has no convolution whose output is at least "
                    + MIN_RESOLUTION + "x" + MIN_RESOLUTION + ": no Grad-CAM map can be made");
        }
        return new Target(target, targetShape, coarse);
    }

    /** The network's sequential blocks opened down to their leaves, in the order they run. */
    static List<Block> layers(Block network) {
        if (!(network instanceof SequentialBlock)) {
            throw new IllegalArgumentException("Grad-CAM runs a sequential network layer by layer, got " + network.getClass().getSimpleName());
        }
        List<Block> out = new ArrayList<>();
        open(network, out);
        return out;
    }

    private static void open(Block block, List<Block> out) {
        if (block instanceof SequentialBlock s) {
            s.getChildren().values().forEach(child -> open(child, out));
        } else {
            out.add(block);
        }
    }

    private static int convolutions(Block block) {
        return (block instanceof Convolution ? 1 : 0)
                + block.getChildren().values().stream().mapToInt(GradCam::convolutions).sum();
    }

    /**
     * The {@code side}x{@code side} map at {@code from} resized to {@code size}x{@code size}
     * bilinearly, sampling at pixel centres (as PyTorch's interpolate without align_corners): the
     * same size gives the map itself.
     */
    static float[] upsample(float[] map, int from, int rows, int cols, int size) {
        float[] out = new float[size * size];
        for (int y = 0; y < size; y++) {
            double sy = clamp((y + 0.5) * rows / size - 0.5, rows - 1);
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(y0 + 1, rows - 1);
            double fy = sy - y0;
            for (int x = 0; x < size; x++) {
                double sx = clamp((x + 0.5) * cols / size - 0.5, cols - 1);
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(x0 + 1, cols - 1);
                double fx = sx - x0;
                double top = map[from + y0 * cols + x0] * (1 - fx) + map[from + y0 * cols + x1] * fx;
                double bottom = map[from + y1 * cols + x0] * (1 - fx) + map[from + y1 * cols + x1] * fx;
                out[y * size + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    /**
     * Whether a map shows anything: false when the image gave no positive evidence for the class
     * anywhere (every value 0), which pictures say in words rather than paint uniformly blue.
     */
    public static boolean hasEvidence(float[] map) {
        for (float v : map) {
            if (v > 0) {
                return true;
            }
        }
        return false;
    }

    /** Divided by its maximum, into [0,1]; a map with no positive value becomes all zero. */
    static float[] normalised(float[] map) {
        float max = 0;
        for (float v : map) {
            if (v > max) {
                max = v;
            }
        }
        for (int i = 0; i < map.length; i++) {
            map[i] = max > 0 && Float.isFinite(max) ? Math.max(0f, Math.min(1f, map[i] / max)) : 0f;
        }
        return map;
    }
}
