package org.atelier.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import org.atelier.config.OptimizerKind;
import org.atelier.models.ModelArchitecture;
import org.atelier.models.Networks;
import org.junit.jupiter.api.Test;

/** L2 through the real wiring: forBlock on a real model decays kernels and nothing else. */
class UpdaterWiringTest {
    @Test
    void l2DecaysConvolutionAndDenseKernelsOnlyNotBiasesOrBatchNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = Networks.initialized(ModelArchitecture.CNN4B_LITE, m);
            double l2 = 0.25;
            double rate = 0.1;
            ParameterUpdater sgd = ParameterUpdater.forBlock(OptimizerKind.SGD, block, l2, m);
            Map<String, float[]> before = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                before.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
            // A loss whose gradient is zero everywhere: only L2 moves the weights.
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray out = block.forward(new ParameterStore(m, false), new NDList(m.ones(new ai.djl.ndarray.types.Shape(2, 1, 28, 28))), true)
                        .singletonOrThrow();
                c.backward(out.sum().mul(0));
            }
            sgd.step(rate);
            // Nesterov SGD from zero velocity: w -= rate * (g + 0.9 * g) with g = 2 * l2 * w.
            float factor = (float) (1 - rate * 2 * l2 * (1 + SgdUpdater.MOMENTUM));
            int kernels = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().getType() == Parameter.Type.RUNNING_MEAN || p.getValue().getType() == Parameter.Type.RUNNING_VAR) {
                    continue; // moved by the forward pass, not by the updater
                }
                float[] was = before.get(p.getKey());
                float[] now = p.getValue().getArray().toFloatArray();
                boolean kernel = p.getValue().getType() == Parameter.Type.WEIGHT;
                kernels += kernel ? 1 : 0;
                for (int i = 0; i < was.length; i += Math.max(1, was.length / 50)) {
                    assertEquals(kernel ? was[i] * factor : was[i], now[i], 1e-6f + Math.abs(was[i]) * 1e-5f,
                            p.getKey() + " (" + p.getValue().getType() + ")");
                }
            }
            assertEquals(8, kernels, "four convolutions and four dense layers");
            assertTrue(block.getParameters().size() > kernels);
        }
    }
}
