package org.atelier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.atelier.testing.DirectMemory;
import org.junit.jupiter.api.Test;

class WeightAverageTest {
    private static List<NDArray> arrays(Block block) {
        List<NDArray> out = new ArrayList<>();
        block.getParameters().forEach(p -> out.add(p.getValue().getArray()));
        return out;
    }

    private static float[][] values(Block block) {
        return arrays(block).stream().map(NDArray::toFloatArray).toArray(float[][]::new);
    }

    /** Sets every parameter to its current value times {@code factor} plus {@code offset}. */
    private static void move(Block block, float factor, float offset) {
        for (NDArray a : arrays(block)) {
            float[] v = a.toFloatArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] * factor + offset;
            }
            a.set(v);
        }
    }

    private static Block linear(NDManager m) {
        Block block = Linear.builder().setUnits(2).build();
        block.initialize(m, DataType.FLOAT32, new Shape(1, 3));
        return block;
    }

    @Test
    void averagesAsComputedByHandAndLeavesTheLiveWeightsExactly() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = linear(m);
            float[][] start = values(block);
            WeightAverage average = new WeightAverage(block, 0.5, m);
            assertEquals(2.0 / 11, average.decayAt(1), 1e-15, "early steps fade fast");
            assertEquals(0.5, average.decayAt(100), 0.0, "then the decay asked for");

            move(block, 1, 1);
            float[][] first = values(block);
            average.update(1);
            move(block, 2, 0);
            float[][] second = values(block);
            average.update(100);

            float[][] expected = new float[start.length][];
            for (int p = 0; p < start.length; p++) {
                expected[p] = new float[start[p].length];
                for (int i = 0; i < start[p].length; i++) {
                    double d1 = 2.0 / 11;
                    double afterFirst = d1 * start[p][i] + (1 - d1) * first[p][i];
                    expected[p][i] = (float) (0.5 * afterFirst + 0.5 * second[p][i]);
                }
            }
            float[][] inside = average.withAveraged(() -> values(block));
            for (int p = 0; p < expected.length; p++) {
                assertArrayEquals(expected[p], inside[p], 1e-6f, "parameter " + p);
                assertArrayEquals(second[p], values(block)[p], 0f, "the live weights come back bit for bit");
            }
        }
    }

    @Test
    void savedAverageContinuesExactly() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = linear(m);
            WeightAverage average = new WeightAverage(block, 0.9, m);
            move(block, 3, -1);
            average.update(5);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            average.save(new DataOutputStream(bytes));

            move(block, 1, 2);
            WeightAverage restored = new WeightAverage(block, 0.9, m);
            restored.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            float[][] a = average.withAveraged(() -> values(block));
            float[][] b = restored.withAveraged(() -> values(block));
            for (int p = 0; p < a.length; p++) {
                assertArrayEquals(a[p], b[p], 0f);
            }
        }
    }

    /** Swapping the average in and out leaves no direct buffer behind: the weights stay in PyTorch's memory. */
    @Test
    void swappingTheAverageInAndOutHoldsNoDirectBuffer() throws Exception {
        int inputs = 1024;
        int units = 2048;
        long kernelBytes = 4L * inputs * units;
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = Linear.builder().setUnits(units).build();
            block.initialize(m, DataType.FLOAT32, new Shape(1, inputs));
            WeightAverage average = new WeightAverage(block, 0.5, m);
            for (NDArray weight : arrays(block)) {
                weight.muli(3f).addi(1f);
            }
            average.update(100);
            float[][] live = values(block);
            long before = DirectMemory.settledBytes();

            float[][] inside = average.withAveraged(() -> values(block));
            long held = DirectMemory.settledBytes() - before;

            assertTrue(held < kernelBytes / 10, "the swap left " + held + " bytes of direct memory held");
            for (int p = 0; p < live.length; p++) {
                for (int i = 0; i < live[p].length; i++) {
                    assertEquals((live[p][i] - 1f) / 3f * 0.5f + live[p][i] * 0.5f, inside[p][i], 1e-5f);
                }
                assertArrayEquals(live[p], values(block)[p], 0f, "the live weights come back");
            }
        }
    }

    /** The live weights come back bit for bit, whatever they hold: a negative zero, an infinity, a NaN. */
    @Test
    void theLiveWeightsComeBackBitForBitEvenWhenNotFinite() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = linear(m);
            WeightAverage average = new WeightAverage(block, 0.5, m);
            NDArray kernel = arrays(block).get(0);
            kernel.set(new float[] {-0f, Float.POSITIVE_INFINITY, Float.NaN, 1.5f, -2f, 3f});
            int[] before = bits(kernel.toFloatArray());
            average.withAveraged(() -> null);
            assertArrayEquals(before, bits(kernel.toFloatArray()));
        }
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }
}
