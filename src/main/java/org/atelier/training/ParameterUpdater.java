package org.atelier.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.atelier.config.OptimizerKind;

/**
 * Updates parameters from the gradients of the last backward pass, with L2 on selected
 * parameters, and keeps its per-parameter state (moments, velocities) so that it can be saved and
 * restored and a resumed run continues exactly. DJL's own optimizers keep their state private.
 *
 * <p>L2 as Keras applies it: the loss gains {@code l2 * sum(w^2)}, so the gradient gains
 * {@code 2 * l2 * w} before the optimizer's state sees it.
 */
public abstract class ParameterUpdater {
    private final List<Parameter> parameters;
    private final float[] gradientDecay;
    private final int statesPerParameter;
    private final List<NDArray> states = new ArrayList<>();
    private long steps;

    /**
     * @param parameters the trainable parameters, in a fixed order (the block's)
     * @param l2 the L2 coefficient of each parameter (0 for biases and BatchNorm)
     * @param stateManager owns the optimizer's state for its lifetime
     * @param statesPerParameter arrays of state per parameter, each of the parameter's shape
     */
    protected ParameterUpdater(List<Parameter> parameters, double[] l2, NDManager stateManager, int statesPerParameter) {
        if (parameters.size() != l2.length) {
            throw new IllegalArgumentException("one L2 coefficient per parameter");
        }
        this.parameters = List.copyOf(parameters);
        this.gradientDecay = new float[l2.length];
        for (int i = 0; i < l2.length; i++) {
            gradientDecay[i] = (float) (2 * l2[i]);
        }
        this.statesPerParameter = statesPerParameter;
        for (Parameter p : this.parameters) {
            for (int k = 0; k < statesPerParameter; k++) {
                states.add(stateManager.zeros(p.getArray().getShape()));
            }
        }
    }

    /**
     * The update rule {@code kind} for every trainable parameter of {@code block}, with L2
     * {@code kernelL2} on every convolution and dense kernel (parameters of type WEIGHT) and none on
     * biases or BatchNorm.
     */
    public static ParameterUpdater forBlock(OptimizerKind kind, Block block, double kernelL2, NDManager stateManager) {
        return forBlock(kind, block, kernelL2, name -> true, stateManager);
    }

    /** As {@link #forBlock(OptimizerKind, Block, double, NDManager)}, with L2 only on the kernels {@code decays} names. */
    public static ParameterUpdater forBlock(OptimizerKind kind, Block block, double kernelL2,
                                            java.util.function.Predicate<String> decays, NDManager stateManager) {
        List<Parameter> trainable = new ArrayList<>();
        List<Double> l2 = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p.getValue());
                l2.add(p.getValue().getType() == Parameter.Type.WEIGHT && decays.test(p.getKey()) ? kernelL2 : 0.0);
            }
        }
        double[] coefficients = l2.stream().mapToDouble(Double::doubleValue).toArray();
        return switch (kind) {
            case ADAM -> new AdamUpdater(trainable, coefficients, stateManager);
            case SGD -> new SgdUpdater(trainable, coefficients, stateManager);
        };
    }

    /** The parameters this optimizer updates, in order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    public long steps() {
        return steps;
    }

    /** Applies one update with the gradients the last backward pass left, and zeroes them for the next. */
    public final void step(double learningRate) {
        steps++;
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).getArray();
            try (NDArray grad = weight.getGradient()) {
                update(i, weight, grad, gradientDecay[i], learningRate);
            }
        }
    }

    /**
     * Updates parameter {@code index} in place at step {@link #steps()} and zeroes {@code grad}.
     *
     * @param decay what L2 adds to the gradient per unit of weight ({@code 2 * l2})
     */
    protected abstract void update(int index, NDArray weight, NDArray grad, float decay, double learningRate);

    /** State array {@code k} of parameter {@code index}. */
    protected NDArray state(int index, int k) {
        return states.get(index * statesPerParameter + k);
    }

    /** Writes the step count and the state of every parameter. */
    public void save(DataOutputStream out) throws IOException {
        out.writeLong(steps);
        out.writeInt(parameters.size());
        ArrayState.write(out, states);
    }

    public void load(DataInputStream in) throws IOException {
        long savedSteps = in.readLong();
        int count = in.readInt();
        if (count != parameters.size()) {
            throw new IOException("optimizer state holds " + count + " parameters, the model has " + parameters.size());
        }
        ArrayState.read(in, states, "optimizer state");
        steps = savedSteps;
    }
}
