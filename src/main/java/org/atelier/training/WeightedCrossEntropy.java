package org.atelier.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Sparse categorical cross-entropy on logits, with optional label smoothing and per-sample
 * weights. As Keras does, the weighted per-sample losses are summed and divided by the batch
 * size (not by the sum of weights), so class weights scale the gradient of their classes.
 *
 * <p>With smoothing e over K classes the target is (1 - e) on the true class plus e / K on
 * every class; the per-sample loss is -sum_k target_k * log softmax(logits)_k.
 */
public final class WeightedCrossEntropy {
    private final int classes;
    private final float smoothing;

    public WeightedCrossEntropy(int classes, double smoothing) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1): " + smoothing);
        }
        this.classes = classes;
        this.smoothing = (float) smoothing;
    }

    /**
     * @param logits (N, K) network outputs
     * @param labels (N) class indices
     * @param weights (N) sample weights, or null for all ones
     * @return the scalar mean loss
     */
    public NDArray loss(NDArray logits, NDArray labels, NDArray weights) {
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray target = labels.toType(DataType.INT64, false).oneHot(classes);
        if (smoothing > 0) {
            target = target.mul(1 - smoothing).add(smoothing / classes);
        }
        NDArray perSample = logProbabilities.mul(target).sum(new int[] {1}).neg();
        if (weights != null) {
            perSample = perSample.mul(weights);
        }
        return perSample.mean();
    }
}
