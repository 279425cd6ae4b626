package org.atelier.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Adam in Keras' form (bias correction folded into the step size), through PyTorch's fused update.
 * Its state per parameter: the first and second moment estimates.
 */
public final class AdamUpdater extends ParameterUpdater {
    private static final float NO_CLIPPING = -1f;

    private final float beta1;
    private final float beta2;
    private final float epsilon;

    public AdamUpdater(List<Parameter> parameters, double[] l2, NDManager stateManager) {
        this(parameters, l2, stateManager, 0.9f, 0.999f, 1e-7f);
    }

    public AdamUpdater(List<Parameter> parameters, double[] l2, NDManager stateManager,
                         float beta1, float beta2, float epsilon) {
        super(parameters, l2, stateManager, 2);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    protected void update(int index, NDArray weight, NDArray grad, float decay, double learningRate) {
        double correction = Math.sqrt(1 - Math.pow(beta2, steps())) / (1 - Math.pow(beta1, steps()));
        weight.getNDArrayInternal().adamUpdate(
                new NDList(weight, grad, state(index, 0), state(index, 1)), new NDList(weight),
                (float) learningRate, (float) (learningRate * correction), decay, 1f, NO_CLIPPING,
                beta1, beta2, epsilon, true, false);
    }
}
