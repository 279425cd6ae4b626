package org.atelier.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class WeightedCrossEntropyTest {
    private static final float[][] LOGITS = {{1f, 2f, 3f}, {0f, 0f, 2f}};
    private static final int[] LABELS = {0, 2};

    /** -log softmax(logits)[k], computed in double precision. */
    private static double nll(float[] z, int k) {
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v);
        }
        return Math.log(sum) - z[k];
    }

    private static float loss(double smoothing, float[] weights) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(LOGITS);
            NDArray labels = m.create(LABELS);
            NDArray w = weights == null ? null : m.create(weights);
            return new WeightedCrossEntropy(3, smoothing).loss(logits, labels, w).getFloat();
        }
    }

    @Test
    void plainCrossEntropyIsTheMeanNegativeLogLikelihood() {
        double expected = (nll(LOGITS[0], 0) + nll(LOGITS[1], 2)) / 2; // (2.40761 + 0.23954) / 2
        assertEquals(expected, loss(0, null), 1e-6);
        assertEquals(1.323573, loss(0, null), 1e-5);
    }

    /** Training reports the plain cross-entropy beside its objective, so its curve compares with validation's. */
    @Test
    void thePlainCrossEntropyIgnoresSmoothingAndWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            WeightedCrossEntropy.Values v = new WeightedCrossEntropy(3, 0.2)
                    .values(m.create(LOGITS), m.create(LABELS), m.create(new float[] {1.5f, 2f}));
            assertEquals((nll(LOGITS[0], 0) + nll(LOGITS[1], 2)) / 2, v.crossEntropy().getFloat(), 1e-6);
            assertEquals(loss(0.2, new float[] {1.5f, 2f}), v.objective().getFloat(), 0f);
        }
    }

    @Test
    void classWeightsScaleEachSampleAndDivideByBatchSizeAsKerasDoes() {
        double expected = (1.5 * nll(LOGITS[0], 0) + 2.0 * nll(LOGITS[1], 2)) / 2;
        assertEquals(expected, loss(0, new float[] {1.5f, 2f}), 1e-6);
    }

    @Test
    void labelSmoothingSpreadsTheTarget() {
        double e = 0.1;
        double expected = 0;
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 3; k++) {
                double target = (k == LABELS[i] ? 1 - e : 0) + e / 3;
                expected += target * nll(LOGITS[i], k);
            }
        }
        expected /= 2;
        assertEquals(expected, loss(e, null), 1e-6);
    }

    @Test
    void smoothingAndWeightsTogether() {
        double e = 0.2;
        double[] w = {0.5, 3};
        double expected = 0;
        for (int i = 0; i < 2; i++) {
            double sample = 0;
            for (int k = 0; k < 3; k++) {
                sample += ((k == LABELS[i] ? 1 - e : 0) + e / 3) * nll(LOGITS[i], k);
            }
            expected += w[i] * sample;
        }
        assertEquals(expected / 2, loss(e, new float[] {0.5f, 3f}), 1e-6);
    }
}
