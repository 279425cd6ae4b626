package org.atelier.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The study's models start as Keras would build them; Atelier's own keep DJL's defaults. */
class KerasDefaultsTest {
    @Test
    void glorotLimitFromTheFans() {
        // Conv 3x3 from 32 to 64 channels: fan_in 288, fan_out 576, limit sqrt(6/864).
        assertEquals(Math.sqrt(6.0 / 864), GlorotUniform.limit(new Shape(64, 32, 3, 3)), 1e-15);
        // Dense 1600 -> 128, stored (out, in).
        assertEquals(Math.sqrt(6.0 / 1728), GlorotUniform.limit(new Shape(128, 1600)), 1e-15);
    }

    @ParameterizedTest
    @EnumSource(value = ModelArchitecture.class, names = {"BASELINE", "CNN4B", "MINIRESNET", "MINIRESNET_BOTTLENECK", "CNN4B_LITE", "MINIRESNET_LITE",
            "MINIRESNET_BOTTLENECK_LITE"})
    void studyModelsHaveGlorotKernelsAndZeroBiases(ModelArchitecture model) {
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = Networks.initialized(model, m);
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray a = p.getValue().getArray();
                if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                    double limit = GlorotUniform.limit(a.getShape());
                    float max = a.abs().max().getFloat();
                    assertTrue(max <= (float) limit, p.getKey() + ": within the Glorot limit " + limit + ", max " + max);
                    if (a.size() >= 1000) {
                        // Uniform in [-l, l]: variance l^2 / 3, and the extremes near l.
                        double variance = a.pow(2).mean().getFloat();
                        assertEquals(limit * limit / 3, variance, limit * limit / 3 * 0.1, p.getKey());
                        assertTrue(max > 0.95 * limit, p.getKey());
                    }
                } else if (p.getValue().getType() == Parameter.Type.BIAS) {
                    assertEquals(0f, a.abs().max().getFloat(), p.getKey());
                }
            }
        }
    }

    /** Keras' BatchNormalization: momentum 0.99 keeps 99% of the running mean per step, epsilon 1e-3. */
    @Test
    void kerasBatchNormKeepsNinetyNinePercentAndUsesItsEpsilon() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block bn = BuildingBlocks.KERAS.batchNorm();
            bn.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 1, 1, 1));
            NDArray x = m.create(new float[] {0, 10}, new Shape(2, 1, 1, 1));
            NDArray training = bn.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
            float runningMean = bn.getParameters().get("runningMean").getArray().getFloat(0);
            assertEquals(0.05f, runningMean, 1e-6f, "0.99 * 0 + 0.01 * 5");
            // Training mode normalises with the batch variance, 25: (10 - 5) / sqrt(25 + 1e-3).
            assertEquals(5 / Math.sqrt(25 + 1e-3), training.getFloat(1, 0, 0, 0), 1e-6);

            Block djl = BuildingBlocks.DJL.batchNorm();
            djl.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 1, 1, 1));
            djl.forward(new ParameterStore(m, false), new NDList(x), true);
            assertEquals(0.5f, djl.getParameters().get("runningMean").getArray().getFloat(0), 1e-6f, "0.9 * 0 + 0.1 * 5");

            Block faster = BuildingBlocks.KERAS.withBatchNormMomentum(0.5f).batchNorm();
            faster.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 1, 1, 1));
            faster.forward(new ParameterStore(m, false), new NDList(x), true);
            assertEquals(2.5f, faster.getParameters().get("runningMean").getArray().getFloat(0), 1e-6f, "0.5 * 0 + 0.5 * 5");
        }
    }
}
