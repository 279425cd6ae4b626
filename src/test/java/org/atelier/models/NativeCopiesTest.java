package org.atelier.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.atelier.testing.DirectMemory;
import org.junit.jupiter.api.Test;

/**
 * Loaded parameters and restored state must not keep direct buffers: the launcher caps direct
 * memory at 256 MB, and the reference CNN4b could not resume while they did.
 */
class NativeCopiesTest {
    private static final int INPUTS = 1024;
    private static final int UNITS = 2048;
    /** The dense kernel alone: 2,097,152 floats. */
    private static final long KERNEL_BYTES = 4L * INPUTS * UNITS;

    private static Block dense(NDManager manager) {
        Block block = new SequentialBlock().add(Linear.builder().setUnits(UNITS).build());
        block.initialize(manager, DataType.FLOAT32, new Shape(1, INPUTS));
        return block;
    }

    private static float[] output(Block block, NDManager manager) {
        NDArray input = manager.arange((float) INPUTS).reshape(1, INPUTS).div(INPUTS);
        return block.forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow().toFloatArray();
    }

    @Test
    void loadedParametersGiveTheSavedOutputsAndHoldNoDirectBuffer() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block saved = dense(manager);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            saved.saveParameters(new DataOutputStream(bytes));
            float[] expected = output(saved, manager);

            Block loaded = dense(manager);
            List<NDArray> initial = loaded.getParameters().values().stream().map(Parameter::getArray).toList();
            long before = DirectMemory.settledBytes();
            NativeCopies.loadParameters(loaded, manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            long held = DirectMemory.settledBytes() - before;

            assertTrue(held < KERNEL_BYTES / 10, "loaded parameters still hold " + held + " bytes of direct memory");
            assertArrayEquals(expected, output(loaded, manager), 0f);
            assertTrue(initial.stream().allMatch(NDArray::isReleased), "the arrays replaced by loading are closed");
            for (Parameter p : loaded.getParameters().values()) {
                assertEquals(p.getName(), p.getArray().getName());
            }
        }
    }

    @Test
    void aReplacedArrayKeepsItsValuesAndReleasesItsBuffer() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] values = new float[INPUTS * UNITS];
            for (int i = 0; i < values.length; i++) {
                values[i] = i * 0.5f;
            }
            long before = DirectMemory.settledBytes();
            NDArray fromJava = manager.create(values, new Shape(INPUTS, UNITS));
            long whileJavaBacked = DirectMemory.settledBytes() - before;
            NDArray copy = NativeCopies.replacing(fromJava);
            long afterCopy = DirectMemory.settledBytes() - before;

            assertTrue(whileJavaBacked >= KERNEL_BYTES, "an array made from Java values holds its buffer: " + whileJavaBacked);
            assertTrue(afterCopy < KERNEL_BYTES / 10, "the copy still holds " + afterCopy + " bytes of direct memory");
            assertTrue(fromJava.isReleased());
            assertEquals(new Shape(INPUTS, UNITS), copy.getShape());
            assertArrayEquals(values, copy.toFloatArray(), 0f);
        }
    }
}
