package org.atelier.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Stochastic gradient descent with Nesterov momentum, in PyTorch's form: with {@code g} the
 * gradient (plus L2), the velocity becomes {@code v = momentum * v + g} and the weight moves by
 * {@code -lr * (g + momentum * v)}. Its state per parameter: the velocity.
 */
public final class SgdUpdater extends ParameterUpdater {
    public static final float MOMENTUM = 0.9f;

    public SgdUpdater(List<Parameter> parameters, double[] l2, NDManager stateManager) {
        super(parameters, l2, stateManager, 1);
    }

    @Override
    protected void update(int index, NDArray weight, NDArray grad, float decay, double learningRate) {
        NDArray velocity = state(index, 0);
        // Outside a gradient collector autograd is off, so the arrays can change in place. The
        // gradient serves as scratch space and is zeroed at the end, since backward passes add to it.
        if (decay != 0) {
            try (NDArray l2 = weight.mul(decay)) {
                grad.addi(l2);
            }
        }
        velocity.muli(MOMENTUM).addi(grad);
        try (NDArray ahead = velocity.mul(MOMENTUM)) {
            grad.addi(ahead);
        }
        weight.subi(grad.muli((float) learningRate));
        grad.muli(0f);
    }
}
