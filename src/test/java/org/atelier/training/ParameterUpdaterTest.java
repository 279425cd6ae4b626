package org.atelier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each optimizer against its update rule computed by hand, on loss = sum(SLOPE * w), whose gradient is SLOPE. */
class ParameterUpdaterTest {
    private static final double[] START = {1, -2};
    private static final double[] SLOPE = {0.5, -4};

    enum Kind {
        /** Keras' Adam (beta1 0.9, beta2 0.999, epsilon 1e-7). */
        ADAM {
            ParameterUpdater create(Parameter p, double l2, NDManager m) {
                return new AdamUpdater(List.of(p), new double[] {l2}, m);
            }
        },
        /** PyTorch's SGD with Nesterov momentum 0.9. */
        SGD {
            ParameterUpdater create(Parameter p, double l2, NDManager m) {
                return new SgdUpdater(List.of(p), new double[] {l2}, m);
            }
        };

        abstract ParameterUpdater create(Parameter p, double l2, NDManager m);
    }

    /** A kernel weight (so L2 applies) at START. */
    private static Parameter parameter(NDManager m) {
        Parameter p = Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build();
        NDArray w = m.create(new float[] {(float) START[0], (float) START[1]});
        w.setRequiresGradient(true);
        p.setArray(w);
        return p;
    }

    private static void backward(NDManager m, Parameter p) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(p.getArray().mul(m.create(new float[] {(float) SLOPE[0], (float) SLOPE[1]})).sum());
        }
    }

    /**
     * The weights after a few steps, worked by hand from START = (1, -2) and the gradient SLOPE =
     * (0.5, -4), plus 2 * l2 * w with L2:
     * <ul>
     * <li>Adam, a constant gradient g: the moments are (1 - b1^t) g and (1 - b2^t) g^2, so bias
     *     correction makes each step lr * sign(g) (less lr * eps / (sqrt(1 - b2^t) |g|), under 1e-6
     *     here): 3 steps of 0.1 move (1, -2) to (0.7, -1.7). With L2 0.3 the gradient changes with w,
     *     so only the first step is exactly lr: g1 = (1.1, -5.2), w = (0.95, -1.95); g2 = (1.07, -5.17),
     *     m2 = (0.206, -0.985), v2 = (0.00235369, 0.05374), step lr sqrt(1 - b2^2) / (1 - b1^2) m2 / sqrt(v2)
     *     = (0.049959, -0.049992), w = (0.900041, -1.900008).</li>
     * <li>SGD with Nesterov momentum 0.9, g constant: velocities g, 1.9g, 2.71g, and each step is
     *     lr (g + 0.9 v): lr g (1.9 + 2.71 + 3.439) = 0.8049 g for 3 steps of 0.1, giving
     *     (1 - 0.40245, -2 + 3.2196) = (0.59755, 1.2196).</li>
     * <li>SGD with L2 0.3, 2 steps of 0.05: step 1 g = (1.1, -5.2), w = (0.8955, -1.506); step 2
     *     g = (1.0373, -5.1036), v = (2.0273, -9.7836), w = (0.7524065, -0.829558).</li>
     * </ul>
     */
    @ParameterizedTest
    @CsvSource({"ADAM, 0, 3, 0.1, 0.7, -1.7", "ADAM, 0.3, 2, 0.05, 0.900041, -1.900008", "SGD, 0, 3, 0.1, 0.59755, 1.2196",
            "SGD, 0.3, 2, 0.05, 0.7524065, -0.829558"})
    void stepsMatchTheHandComputation(Kind kind, double l2, int steps, double lr, float w0, float w1) {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = parameter(m);
            ParameterUpdater optimizer = kind.create(p, l2, m);
            for (int t = 0; t < steps; t++) {
                backward(m, p);
                optimizer.step(lr);
            }
            assertArrayEquals(new float[] {w0, w1}, p.getArray().toFloatArray(), 1e-5f);
        }
    }

    /** Two steps of 0.1 with a save between them: Adam (0.8, -1.8); SGD lr g (1.9 + 2.71) = 0.461 g, (0.7695, -0.156). */
    @ParameterizedTest
    @CsvSource({"ADAM, 0.8, -1.8", "SGD, 0.7695, -0.156"})
    void savedStateContinuesExactly(Kind kind, float w0, float w1) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = parameter(m);
            ParameterUpdater first = kind.create(p, 0, m);
            backward(m, p);
            first.step(0.1);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            first.save(new DataOutputStream(bytes));

            ParameterUpdater second = kind.create(p, 0, m);
            second.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            backward(m, p);
            second.step(0.1);
            assertArrayEquals(new float[] {w0, w1}, p.getArray().toFloatArray(), 1e-5f);
        }
    }
}
