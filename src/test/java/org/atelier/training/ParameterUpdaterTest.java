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
import org.junit.jupiter.params.provider.EnumSource;

/** Each optimizer against its update rule computed by hand, on loss = sum(SLOPE * w), whose gradient is SLOPE. */
class ParameterUpdaterTest {
    private static final double[] START = {1, -2};
    private static final double[] SLOPE = {0.5, -4};

    enum Kind {
        /** Keras' Adam. */
        ADAM {
            ParameterUpdater create(Parameter p, double l2, NDManager m) {
                return new AdamUpdater(List.of(p), new double[] {l2}, m);
            }

            double[] expected(int steps, double lr, double l2) {
                double b1 = 0.9, b2 = 0.999, eps = 1e-7;
                double[] w = START.clone();
                double[] mean = new double[2];
                double[] var = new double[2];
                for (int t = 1; t <= steps; t++) {
                    double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
                    for (int i = 0; i < 2; i++) {
                        double g = SLOPE[i] + 2 * l2 * w[i];
                        mean[i] = b1 * mean[i] + (1 - b1) * g;
                        var[i] = b2 * var[i] + (1 - b2) * g * g;
                        w[i] -= alpha * mean[i] / (Math.sqrt(var[i]) + eps);
                    }
                }
                return w;
            }
        },
        /** PyTorch's SGD with Nesterov momentum. */
        SGD {
            ParameterUpdater create(Parameter p, double l2, NDManager m) {
                return new SgdUpdater(List.of(p), new double[] {l2}, m);
            }

            double[] expected(int steps, double lr, double l2) {
                double mu = SgdUpdater.MOMENTUM;
                double[] w = START.clone();
                double[] v = new double[2];
                for (int t = 1; t <= steps; t++) {
                    for (int i = 0; i < 2; i++) {
                        double g = SLOPE[i] + 2 * l2 * w[i];
                        v[i] = mu * v[i] + g;
                        w[i] -= lr * (g + mu * v[i]);
                    }
                }
                return w;
            }
        };

        abstract ParameterUpdater create(Parameter p, double l2, NDManager m);

        /** The weights after {@code steps} updates, in double precision. */
        abstract double[] expected(int steps, double lr, double l2);
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

    private static float[] toFloat(double[] d) {
        return new float[] {(float) d[0], (float) d[1]};
    }

    /** Without and with L2 (which adds twice the coefficient times the weight to the gradient). */
    @ParameterizedTest
    @CsvSource({"ADAM, 0, 3, 0.1", "ADAM, 0.3, 2, 0.05", "SGD, 0, 3, 0.1", "SGD, 0.3, 2, 0.05"})
    void stepsMatchTheHandComputation(Kind kind, double l2, int steps, double lr) {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = parameter(m);
            ParameterUpdater optimizer = kind.create(p, l2, m);
            for (int t = 0; t < steps; t++) {
                backward(m, p);
                optimizer.step(lr);
            }
            assertArrayEquals(toFloat(kind.expected(steps, lr, l2)), p.getArray().toFloatArray(), 1e-5f);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void savedStateContinuesExactly(Kind kind) throws IOException {
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
            assertArrayEquals(toFloat(kind.expected(2, 0.1, 0)), p.getArray().toFloatArray(), 1e-5f);
        }
    }
}
