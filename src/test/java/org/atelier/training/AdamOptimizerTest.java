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
import org.junit.jupiter.api.Test;

class AdamOptimizerTest {
    private static final float[] START = {1f, -2f};
    private static final float[] SLOPE = {0.5f, -4f};

    private static Parameter parameter(NDManager m) {
        Parameter p = Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build();
        NDArray w = m.create(START);
        w.setRequiresGradient(true);
        p.setArray(w);
        return p;
    }

    /** loss = sum(slope * w): the gradient is the slope. */
    private static void backward(NDManager m, Parameter p) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(p.getArray().mul(m.create(SLOPE)).sum());
        }
    }

    /** Keras' Adam step, by hand, in double precision. */
    private static double[] expected(int steps, double lr, double l2) {
        double b1 = 0.9, b2 = 0.999, eps = 1e-7;
        double[] w = {START[0], START[1]};
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

    private static float[] toFloat(double[] d) {
        return new float[] {(float) d[0], (float) d[1]};
    }

    @Test
    void threeStepsMatchTheHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = parameter(m);
            AdamOptimizer adam = new AdamOptimizer(List.of(p), new double[] {0}, m);
            for (int t = 0; t < 3; t++) {
                backward(m, p);
                adam.step(0.1);
            }
            // The first step moves each weight by almost exactly lr against its gradient's sign.
            assertArrayEquals(toFloat(expected(3, 0.1, 0)), p.getArray().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void l2AddsTwiceTheCoefficientTimesTheWeightToTheGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = parameter(m);
            AdamOptimizer adam = new AdamOptimizer(List.of(p), new double[] {0.3}, m);
            for (int t = 0; t < 2; t++) {
                backward(m, p);
                adam.step(0.05);
            }
            assertArrayEquals(toFloat(expected(2, 0.05, 0.3)), p.getArray().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void savedStateContinuesExactly() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = parameter(m);
            AdamOptimizer first = new AdamOptimizer(List.of(p), new double[] {0}, m);
            backward(m, p);
            first.step(0.1);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            first.save(new DataOutputStream(bytes));

            AdamOptimizer second = new AdamOptimizer(List.of(p), new double[] {0}, m);
            second.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            backward(m, p);
            second.step(0.1);
            assertArrayEquals(toFloat(expected(2, 0.1, 0)), p.getArray().toFloatArray(), 1e-5f);
        }
    }
}
