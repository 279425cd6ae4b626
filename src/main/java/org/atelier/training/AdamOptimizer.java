package org.atelier.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Keras' form: bias correction folded into the step size) with L2 on selected parameters,
 * whose moment estimates can be saved and restored so that a resumed run continues exactly. DJL's
 * own Adam keeps its state private; the arithmetic here is PyTorch's fused update through DJL.
 *
 * <p>L2 as Keras applies it: the loss gains {@code l2 * sum(w^2)}, so the gradient gains
 * {@code 2 * l2 * w}, before the moments see it.
 */
public final class AdamOptimizer {
    private static final float NO_CLIPPING = -1f;

    private final List<Parameter> parameters;
    private final float[] weightDecay;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private long steps;

    /**
     * @param parameters the trainable parameters, in a fixed order (the block's)
     * @param l2 the L2 coefficient of each parameter (0 for biases and BatchNorm)
     * @param stateManager owns the moment estimates for the optimizer's lifetime
     */
    public AdamOptimizer(List<Parameter> parameters, double[] l2, NDManager stateManager) {
        this(parameters, l2, stateManager, 0.9f, 0.999f, 1e-7f);
    }

    public AdamOptimizer(List<Parameter> parameters, double[] l2, NDManager stateManager,
                         float beta1, float beta2, float epsilon) {
        if (parameters.size() != l2.length) {
            throw new IllegalArgumentException("one L2 coefficient per parameter");
        }
        this.parameters = List.copyOf(parameters);
        this.weightDecay = new float[l2.length];
        for (int i = 0; i < l2.length; i++) {
            weightDecay[i] = (float) (2 * l2[i]);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        for (Parameter p : this.parameters) {
            means.add(stateManager.zeros(p.getArray().getShape()));
            variances.add(stateManager.zeros(p.getArray().getShape()));
        }
    }

    /**
     * An optimizer for every trainable parameter of {@code block}, with L2 {@code kernelL2} on the
     * convolution and dense kernels (parameters of type WEIGHT) and none on biases or BatchNorm.
     */
    public static AdamOptimizer forBlock(Block block, double kernelL2, NDManager stateManager) {
        List<Parameter> trainable = new ArrayList<>();
        List<Double> l2 = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p.getValue());
                l2.add(p.getValue().getType() == Parameter.Type.WEIGHT ? kernelL2 : 0.0);
            }
        }
        return new AdamOptimizer(trainable, l2.stream().mapToDouble(Double::doubleValue).toArray(), stateManager);
    }

    /** The parameters this optimizer updates, in order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    public long steps() {
        return steps;
    }

    /** Applies one update with the gradients the last backward pass left, then zeroes them. */
    public void step(double learningRate) {
        steps++;
        double correction = Math.sqrt(1 - Math.pow(beta2, steps)) / (1 - Math.pow(beta1, steps));
        float lr = (float) learningRate;
        float stepSize = (float) (learningRate * correction);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).getArray();
            try (NDArray grad = weight.getGradient()) {
                weight.getNDArrayInternal().adamUpdate(
                        new NDList(weight, grad, means.get(i), variances.get(i)), new NDList(weight),
                        lr, stepSize, weightDecay[i], 1f, NO_CLIPPING, beta1, beta2, epsilon, true, false);
            }
        }
    }

    /** Writes the step count and both moment estimates of every parameter. */
    public void save(DataOutputStream out) throws IOException {
        out.writeLong(steps);
        out.writeInt(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            writeArray(out, means.get(i));
            writeArray(out, variances.get(i));
        }
    }

    public void load(DataInputStream in) throws IOException {
        long savedSteps = in.readLong();
        int count = in.readInt();
        if (count != parameters.size()) {
            throw new IOException("optimizer state holds " + count + " parameters, the model has " + parameters.size());
        }
        for (int i = 0; i < count; i++) {
            readInto(in, means.get(i));
            readInto(in, variances.get(i));
        }
        steps = savedSteps;
    }

    private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
        float[] values = array.toFloatArray();
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static void readInto(DataInputStream in, NDArray target) throws IOException {
        int n = in.readInt();
        if (n != target.size()) {
            throw new IOException("optimizer state size " + n + " does not match parameter size " + target.size());
        }
        float[] values = new float[n];
        for (int k = 0; k < n; k++) {
            values[k] = in.readFloat();
        }
        target.set(values);
    }
}
