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

    /** The scalar objective trained on and, for reports, the batch's plain mean cross-entropy. */
    public record Values(NDArray objective, NDArray crossEntropy) {}

    /**
     * @param logits (N, K) network outputs
     * @param labels (N) class indices
     * @param weights (N) sample weights, or null for all ones
     * @return the scalar mean loss
     */
    public NDArray loss(NDArray logits, NDArray labels, NDArray weights) {
        return values(logits, labels, weights).objective();
    }

    /**
     * The objective with smoothing and weights, and the plain cross-entropy -log p(label) that
     * validation reports too, so that training and validation curves compare the same quantity.
     */
    public Values values(NDArray logits, NDArray labels, NDArray weights) {
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray oneHot = labels.toType(DataType.INT64, false).oneHot(classes);
        NDArray plain = logProbabilities.mul(oneHot).sum(new int[] {1}).neg();
        NDArray perSample = smoothing > 0
                ? logProbabilities.mul(oneHot.mul(1 - smoothing).add(smoothing / classes)).sum(new int[] {1}).neg()
                : plain;
        if (weights != null) {
            perSample = perSample.mul(weights);
        }
        NDArray crossEntropy = plain.mean();
        return new Values(perSample == plain ? crossEntropy : perSample.mean(), crossEntropy);
    }
}
