package org.atelier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import org.atelier.models.ModelArchitecture;
import org.atelier.models.Networks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DropoutReplayTest {

    @Test
    void findsTheReferenceCnn4bsDropoutLayersInTheOrderABatchMeetsThem() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block cnn4b = Networks.initialized(ModelArchitecture.CNN4B, m);
            // After each two-convolution block (pooling after the first two), then after each dense layer.
            assertEquals(List.of(new Shape(64, 14, 14), new Shape(128, 7, 7), new Shape(256, 7, 7), new Shape(512, 7, 7),
                            new Shape(1024), new Shape(512), new Shape(256), new Shape(128)),
                    DropoutReplay.of(cnn4b, Networks.INPUT_SHAPE).orElseThrow().inputShapes());
        }
    }

    /**
     * Training two batches (3 images, then 2) leaves PyTorch's random stream exactly where drawing
     * their masks again on zeros leaves it: the next numbers drawn are the same. Without the
     * redraw they differ, so the forward passes do draw from it.
     */
    @ParameterizedTest
    @EnumSource(value = ModelArchitecture.class, names = {"CNN4B", "MINIRESNET", "MINIRESNET_BOTTLENECK", "CNN4B_LITE", "MINIRESNET_LITE"})
    void redrawingTheMasksOfTrainedBatchesLeavesTheRandomStreamWhereTrainingLeftIt(ModelArchitecture model) {
        Engine engine = Engine.getInstance();
        try (NDManager m = NDManager.newBaseManager()) {
            Block network = Networks.initialized(model, m);
            DropoutReplay replay = DropoutReplay.of(network, Networks.INPUT_SHAPE).orElseThrow();
            assertFalse(replay.inputShapes().isEmpty(), model + " has dropout");
            int[] sizes = {3, 2};

            List<NDList> batches = Arrays.stream(sizes)
                    .mapToObj(size -> new NDList(m.randomUniform(0, 1, new Shape(size, 1, 28, 28)))).toList();
            engine.setRandomSeed(7);
            for (NDList images : batches) {
                network.forward(new ParameterStore(m, false), images, true);
            }
            float[] afterTraining = m.randomUniform(0, 1, new Shape(6)).toFloatArray();

            engine.setRandomSeed(7);
            replay.redraw(m, sizes.length, i -> sizes[i]);
            float[] afterRedraw = m.randomUniform(0, 1, new Shape(6)).toFloatArray();

            engine.setRandomSeed(7);
            float[] fresh = m.randomUniform(0, 1, new Shape(6)).toFloatArray();

            assertArrayEquals(afterTraining, afterRedraw);
            assertFalse(Arrays.equals(afterTraining, fresh), "training drew masks from the stream");
        }
    }

    @Test
    void aDropoutWhoseOrderIsUnknownCannotBeReplayedAndANetworkWithoutDropoutNeedsNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block branches = new ParallelBlock(list -> list.get(0), List.of(Dropout.builder().optRate(0.5f).build(),
                    Blocks.identityBlock()));
            branches.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            assertTrue(DropoutReplay.of(branches, new Shape(1, 4)).isEmpty());

            Block plain = new SequentialBlock().add(Blocks.identityBlock())
                    .add(new ParallelBlock(list -> list.get(0), List.of(Blocks.identityBlock())));
            plain.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            assertEquals(List.of(), DropoutReplay.of(plain, new Shape(1, 4)).orElseThrow().inputShapes());
        }
    }
}
